use stvm_heap::HeapConfig;
use stvm_interpreter::platform::FakePlatform;

use crate::{Vm, VmError};

fn vm() -> Vm {
    let config = HeapConfig {
        base_address: None,
        ..HeapConfig::default()
    };
    Vm::from_image_bytes(
        crate::EMBEDDED_IMAGE,
        config,
        Box::new(FakePlatform::default()),
    )
    .expect("embedded image loads")
}

fn eval(vm: &mut Vm, source: &str) -> String {
    match vm.eval(source) {
        Ok(text) => text,
        Err(error) => panic!("{source}: {error}"),
    }
}

const POINT3: &str = "Object subclass: #Point3 instanceVariableNames: 'x y z' \
    classVariableNames: '' package: 'Test'.";

#[test]
fn embedded_image_loads_into_a_heap_the_verifier_accepts() {
    let mut vm = vm();
    let result = vm.interpreter().heap().verify(&mut stvm_heap::NoRoots);
    assert_eq!(result, Ok(()));
}

#[test]
fn three_plus_four_evaluates_to_seven() {
    let mut vm = vm();
    let value = vm.evaluate("3 + 4").unwrap();
    assert_eq!(value.as_small_integer(), Some(7));
}

#[test]
fn three_plus_four_prints_as_seven() {
    assert_eq!(vm().eval("3 + 4").unwrap(), "7");
}

#[test]
fn a_syntax_error_in_eval_is_positioned_in_the_expression() {
    let Err(VmError::Syntax { origin, error }) = vm().eval("1 + (2") else {
        panic!("expected a syntax error");
    };
    assert_eq!((origin.as_str(), error.line, error.column), ("eval", 1, 7));
}

#[test]
fn compile_installs_a_method_the_class_then_understands() {
    let mut vm = vm();
    let source = format!("{POINT3} Point3 compile: 'x: ax ^ x := ax'. (Point3 new x: 21) * 2");
    assert_eq!(eval(&mut vm, &source), "42");
}

#[test]
fn compile_answers_the_selector() {
    let mut vm = vm();
    assert_eq!(
        eval(&mut vm, "Object compile: 'stvmAnswer ^ 42'"),
        "#stvmAnswer"
    );
}

#[test]
fn a_compile_error_signals_compilation_error_with_its_position() {
    let mut vm = vm();
    let source =
        "[ Object compile: 'foo\n  ^ (' ] on: CompilationError do: [ :e | { e line. e column } ]";
    assert_eq!(eval(&mut vm, source), "#(2 6)");
}

#[test]
fn an_undeclared_lowercase_variable_is_a_compilation_error() {
    let mut vm = vm();
    let source = "[ Object compile: 'foo ^ zork' ] on: CompilationError do: [ :e | e reason ]";
    assert_eq!(eval(&mut vm, source), "'Undeclared variable: zork'");
}

#[test]
fn the_compiler_facade_evaluates_with_a_receiver() {
    let mut vm = vm();
    let source = "OpalCompiler new receiver: 3 @ 4; evaluate: 'x * y'";
    assert_eq!(eval(&mut vm, source), "12");
}

#[test]
fn compile_primitives_refuse_a_non_string_source() {
    let mut vm = vm();
    let source =
        "[ OpalCompiler new primCompileMethod: 42 in: Object ] on: Error do: [ :e | #refused ]";
    assert_eq!(eval(&mut vm, source), "#refused");
}

#[test]
fn compile_primitives_refuse_a_receiver_class_that_is_not_a_class() {
    let mut vm = vm();
    let source = "[ OpalCompiler new primCompileDoIt: '3' in: 3 ] on: Error do: [ :e | #refused ]";
    assert_eq!(eval(&mut vm, source), "#refused");
}

#[test]
fn compile_primitives_refuse_an_object_shaped_like_a_class() {
    let mut vm = vm();
    let source = "| fake | fake := Array new: 12. fake at: 1 put: 'not a class'. \
        [ OpalCompiler new primCompileDoIt: '3' in: fake ] on: Error do: [ :e | #refused ]";
    assert_eq!(eval(&mut vm, source), "#refused");
}

#[test]
fn adding_many_methods_grows_the_method_dictionary() {
    let mut vm = vm();
    let source = format!(
        "{POINT3} 1 to: 50 do: [ :i | Point3 compile: 'm' , i printString , ' ^ ' , i printString ]. \
         {{ Point3 new m1. Point3 new m50. Point3 selectors size }}"
    );
    assert_eq!(eval(&mut vm, &source), "#(1 50 50)");
}

#[test]
fn remove_selector_makes_the_class_forget_the_method() {
    let mut vm = vm();
    let source = format!(
        "{POINT3} Point3 compile: 'a ^ 1'; compile: 'b ^ 2'. Point3 removeSelector: #a. \
         {{ Point3 includesSelector: #a. Point3 new b }}"
    );
    assert_eq!(eval(&mut vm, &source), "#(false 2)");
}

#[test]
fn a_new_method_in_a_subclass_overrides_a_cached_inherited_one() {
    let mut vm = vm();
    let source =
        "Object subclass: #Base instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        Base subclass: #Derived instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        Base compile: 'who ^ #base'. Derived new who. \
        Derived compile: 'who ^ #derived'. Derived new who";
    assert_eq!(eval(&mut vm, source), "#derived");
}

#[test]
fn a_new_class_is_a_global_with_its_definition() {
    let mut vm = vm();
    let source = format!(
        "{POINT3} {{ Point3 name. Point3 instanceVariableNames. Point3 category. \
         Point3 superclass name. Point3 class class name. (Smalltalk at: #Point3) == Point3 }}"
    );
    assert_eq!(
        eval(&mut vm, &source),
        "#(#Point3 #(#x #y #z) #Test #Object #Metaclass true)"
    );
}

#[test]
fn redefining_a_class_without_instances_keeps_its_identity() {
    let mut vm = vm();
    let source = format!(
        "| old | {POINT3} old := Point3. Point3 compile: 'z ^ z'. \
         Object subclass: #Point3 instanceVariableNames: 'w x y z' classVariableNames: '' package: 'Test'. \
         {{ old == Point3. Point3 instSize. (Point3 new instVarAt: 4 put: 9; yourself) z }}"
    );
    assert_eq!(eval(&mut vm, &source), "#(true 4 9)");
}

#[test]
fn redefining_a_class_with_instances_replaces_it_and_keeps_old_instances_working() {
    let mut vm = vm();
    let source = format!(
        "| old instance | {POINT3} old := Point3. Point3 compile: 'x ^ x'; compile: 'x: a x := a'. \
         instance := Point3 new x: 5; yourself. \
         Object subclass: #Point3 instanceVariableNames: 'w x' classVariableNames: '' package: 'Test'. \
         {{ old == Point3. instance x. instance class name. (Point3 new x: 6; yourself) x }}"
    );
    assert_eq!(eval(&mut vm, &source), "#(false 5 #AnObsoletePoint3 6)");
}

#[test]
fn class_variables_keep_their_values_across_redefinition() {
    let mut vm = vm();
    let source = "Object subclass: #Counter instanceVariableNames: '' classVariableNames: 'Total' package: 'T'. \
        Counter class compile: 'total ^ Total'; compile: 'total: n Total := n'. Counter total: 3. \
        Object subclass: #Counter instanceVariableNames: 'a' classVariableNames: 'Total Other' package: 'T'. \
        { Counter total. Counter classVarNames size }";
    assert_eq!(eval(&mut vm, source), "#(3 2)");
}

#[test]
fn class_side_instance_variables_are_per_class() {
    let mut vm = vm();
    let source = "Object subclass: #Registry instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        Registry class instanceVariableNames: 'count'. \
        Registry class compile: 'bump ^ count := (count ifNil: [ 0 ]) + 1'. \
        Registry bump; bump. { Registry bump. Registry class instVarNames }";
    assert_eq!(eval(&mut vm, source), "#(3 #(#count))");
}

#[test]
fn variable_byte_and_word_subclasses_have_indexable_instances() {
    let mut vm = vm();
    let source = "Object variableSubclass: #Slots instanceVariableNames: 'tag' classVariableNames: '' package: 'T'. \
        Object variableByteSubclass: #Octets instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        Object variableWordSubclass: #Words instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        { (Slots new: 3) size. (Octets new: 5) size. ((Words new: 2) at: 1 put: 16rFFFFFFFF; at: 1) }";
    assert_eq!(eval(&mut vm, source), "#(3 5 4294967295)");
}

#[test]
fn a_byte_class_with_named_instance_variables_is_refused() {
    let mut vm = vm();
    let source = "[ Object variableByteSubclass: #Bad instanceVariableNames: 'a' classVariableNames: '' package: 'T' ] \
        on: Error do: [ :e | #refused ]";
    assert_eq!(eval(&mut vm, source), "#refused");
}

#[test]
fn a_method_compiled_before_its_global_exists_sees_the_class_later() {
    let mut vm = vm();
    let source = "Object compile: 'stvmLater ^ LaterClass new'. \
        Object subclass: #LaterClass instanceVariableNames: '' classVariableNames: '' package: 'T'. \
        3 stvmLater class name";
    assert_eq!(eval(&mut vm, source), "#LaterClass");
}

#[test]
fn file_in_compiles_method_chunks_into_the_class_and_its_metaclass() {
    let mut vm = vm();
    let text = format!(
        "{POINT3}!\n!Point3 methodsFor: 'a'!\nx\n\t^ x ifNil: [ 1 ]\n! !\n\
         !Point3 class methodsFor: 'b'!\norigin\n\t^ self new\n! !\n"
    );
    vm.file_in(&text, "point3.st").unwrap();
    assert_eq!(eval(&mut vm, "Point3 origin x"), "1");
}

#[test]
fn file_in_reports_a_syntax_error_at_its_file_line_and_column() {
    let mut vm = vm();
    let text = format!("{POINT3}!\n!Point3 methodsFor: 'a'!\nx\n\t^ x +\n! !\n");
    let Err(VmError::Syntax { origin, error }) = vm.file_in(&text, "p.st") else {
        panic!("expected a syntax error");
    };
    assert_eq!((origin.as_str(), error.line, error.column), ("p.st", 4, 7));
}

#[test]
fn file_in_refuses_methods_for_an_unknown_class() {
    let mut vm = vm();
    let result = vm.file_in("!Missing methodsFor: 'a'!\nx ^ 1\n! !\n", "m.st");
    assert!(
        matches!(result, Err(VmError::FileIn { line: 2, .. })),
        "{result:?}"
    );
}

#[test]
fn an_unhandled_error_in_a_file_in_doit_exits_with_status_1() {
    let mut vm = vm();
    let result = vm.file_in("3 printString!\nnil foo!\n", "e.st");
    assert!(matches!(result, Err(VmError::Exit(1))), "{result:?}");
}

#[test]
fn the_source_line_of_a_suspended_context_is_its_send_line() {
    let mut vm = vm();
    let source = "| where | Object compile: 'stvmCaller ^ { thisContext sender method. thisContext sender pc }'.\n\
        3 printString.\nwhere := 4 stvmCaller.\n\
        OpalCompiler sourceLineOf: where first pc: where last";
    assert_eq!(eval(&mut vm, source), "3");
}

#[test]
fn the_source_line_of_a_block_context_is_found_through_its_home_method() {
    let mut vm = vm();
    let source = "| where | Object compile: 'stvmCaller ^ { thisContext sender method. thisContext sender pc }'.\n\
        #(1) do: [ :each |\n  where := each stvmCaller ].\n\
        OpalCompiler sourceLineOf: where first pc: where last";
    assert_eq!(eval(&mut vm, source), "3");
}

#[test]
fn eval_reporting_errors_answers_none_after_an_error_and_goes_on() {
    let mut vm = vm();
    assert_eq!(vm.eval_reporting_errors("nil foo").unwrap(), None);
    assert_eq!(
        vm.eval_reporting_errors("3 + 4").unwrap(),
        Some("7".to_string())
    );
}

#[test]
fn line_of_counts_newlines_before_the_offset() {
    assert_eq!(crate::source_map::line_of("a\nb\nc", 4), 3);
}

#[test]
fn new_string_makes_a_byte_string_of_latin1_text() {
    let mut vm = vm();
    let string = vm.new_string("café").expect("string");
    assert_eq!(vm.interpreter().heap().bytes(string), b"caf\xe9");
    assert_eq!(vm.string_value(string).expect("text"), "café");
}

#[test]
fn new_string_makes_a_wide_string_beyond_latin1() {
    let mut vm = vm();
    let string = vm.new_string("λx").expect("string");
    let selector = vm.intern("class").expect("selector");
    let class = vm.interpreter().send_message(string, selector, &[]);
    let class_name = vm.print_string(class.expect("class")).expect("name");
    assert_eq!(class_name, "WideString");
    assert_eq!(vm.string_value(string).expect("text"), "λx");
}

#[test]
fn byte_strings_read_as_latin1_even_when_their_bytes_look_like_utf8() {
    let mut vm = vm();
    let heap = vm.interpreter().heap_mut();
    let string = heap.new_byte_string(b"\xc3\xa9").expect("string");
    assert_eq!(vm.string_value(string).expect("text"), "Ã©");
}

#[test]
fn printing_a_wide_string_answers_its_characters() {
    let mut vm = vm();
    assert_eq!(eval(&mut vm, "'λ' , 'é'"), "'λé'");
}

#[test]
fn a_block_prints_as_its_source_text() {
    let mut vm = vm();
    assert_eq!(eval(&mut vm, "[:x | x + 1]"), "[:x | x + 1]");
}
