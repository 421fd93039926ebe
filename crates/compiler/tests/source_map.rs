//! The source map: each send's bytecode range and the source offset of its selector,
//! which stack traces use to show the line a context is at.

use stvm_compiler::{compile_doit, compile_method, ClassScope, CodeKind, CompiledCode, Literal};

fn scope() -> ClassScope {
    ClassScope {
        class_name: "Foo".to_string(),
        is_meta: false,
        instance_variables: vec!["a".to_string()],
    }
}

fn method(source: &str) -> CompiledCode {
    compile_method(source, &scope()).expect("test method compiles")
}

fn offsets(code: &CompiledCode) -> Vec<usize> {
    code.source_map.iter().map(|r| r.source_offset).collect()
}

#[test]
fn each_send_maps_to_the_offset_of_its_selector() {
    let source = "foo\n\t^ self bar baz";
    let code = method(source);
    assert_eq!(
        offsets(&code),
        vec![source.find("bar").unwrap(), source.find("baz").unwrap()]
    );
}

#[test]
fn a_send_range_covers_exactly_its_send_bytecode() {
    let code = method("foo\n\t^ self bar");
    let range = code.source_map[0];
    // push self (0x4C), send #bar (0x80 + literal index), return top.
    assert_eq!((range.start, range.end), (1, 2));
    assert_eq!(code.bytecodes[range.start] & 0xF0, 0x80);
}

#[test]
fn the_pc_after_a_send_finds_that_send() {
    let source = "foo\n\tself bar.\n\tself baz";
    let code = method(source);
    let second = code.source_map[1];
    assert_eq!(
        code.source_offset_at(second.end),
        Some(source.find("baz").unwrap())
    );
}

#[test]
fn keyword_messages_and_cascades_are_mapped() {
    let source = "foo\n\ta at: 1 put: 2; yourself";
    let code = method(source);
    assert_eq!(
        offsets(&code),
        vec![
            source.find("at:").unwrap(),
            source.find("yourself").unwrap()
        ]
    );
}

#[test]
fn a_primitive_prefix_shifts_the_ranges() {
    let code = method("foo\n\t<primitive: 60>\n\t^ self bar");
    assert_eq!(code.source_map[0].start, 4);
}

#[test]
fn a_store_merged_with_its_pop_keeps_later_sends_in_place() {
    let source = "foo\n\t| t |\n\tt := self bar.\n\t^ t baz";
    let code = method(source);
    let ranges = &code.source_map;
    assert_eq!(offsets(&code)[1], source.find("baz").unwrap());
    assert_eq!(code.bytecodes[ranges[1].start] & 0xF0, 0x80);
}

#[test]
fn sends_after_a_jump_are_placed_after_it() {
    let source = "foo\n\ta ifTrue: [ self bar ] ifFalse: [ self baz ].\n\t^ self quux";
    let code = method(source);
    assert_eq!(
        offsets(&code),
        vec![
            source.find("bar").unwrap(),
            source.find("baz").unwrap(),
            source.find("quux").unwrap()
        ]
    );
    assert!(code.source_map.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn a_block_carries_its_own_map() {
    let source = "foo\n\t^ [ a bar ] value";
    let code = method(source);
    let block = code
        .literals
        .iter()
        .find_map(|literal| match literal {
            Literal::Block(block) => Some(block),
            _ => None,
        })
        .expect("a full block literal");
    assert_eq!(offsets(block), vec![source.find("bar").unwrap()]);
    assert_eq!(offsets(&code), vec![source.find("value").unwrap()]);
}

#[test]
fn a_doit_is_mapped_like_a_method() {
    let source = "3 + 4.\nnil foo";
    let code = compile_doit(source, &scope()).expect("doIt compiles");
    assert_eq!(
        offsets(&code),
        vec![source.find('+').unwrap(), source.find("foo").unwrap()]
    );
}

#[test]
fn an_offset_past_the_bytecodes_has_no_source() {
    let code = method("foo\n\t^ self bar");
    assert_eq!(code.source_offset_at(code.bytecodes.len() + 1), None);
}

fn first_block(code: &CompiledCode) -> &CompiledCode {
    code.literals
        .iter()
        .find_map(|literal| match literal {
            Literal::Block(block) | Literal::CleanBlock(block) => Some(block.as_ref()),
            _ => None,
        })
        .expect("a block literal")
}

#[test]
fn a_compiled_block_knows_where_its_text_lies_in_the_method_source() {
    let source = "foo\n\t^ #(1 2) collect: [ :each | each + a ]";
    let code = method(source);
    let CodeKind::Block { source: span } = &first_block(&code).kind else {
        panic!("not a block");
    };
    assert_eq!(&source[span.clone()], "[ :each | each + a ]");
}

#[test]
fn a_nested_block_spans_only_its_own_brackets() {
    let source = "foo\n\t^ [ :x | [ x ] ]";
    let code = method(source);
    let outer = first_block(&code);
    let inner = first_block(outer);
    let CodeKind::Block { source: span } = &inner.kind else {
        panic!("not a block");
    };
    assert_eq!(&source[span.clone()], "[ x ]");
}
