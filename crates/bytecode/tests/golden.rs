//! Golden disassembly listings of hand-built methods. Run with `BLESS=1` to rewrite
//! the files under `tests/golden/` after an intended change.

use std::path::PathBuf;

use stvm_bytecode::{
    disassemble, disassemble_method, BytecodeSet, MethodHeader, SistaEncoder, V3Encoder,
};

fn check_golden(name: &str, listing: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("BLESS").is_some_and(|value| value == "1") {
        std::fs::write(&path, listing)
            .unwrap_or_else(|error| panic!("writing {}: {error}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "reading {} (run with BLESS=1 to create it): {error}",
            path.display()
        )
    });
    assert_eq!(
        listing, expected,
        "{name} differs; run with BLESS=1 if the change is intended"
    );
}

fn names(literals: &'static [&'static str]) -> impl Fn(usize) -> String {
    move |index| {
        literals
            .get(index)
            .map_or_else(|| format!("<literal {index}>"), |name| name.to_string())
    }
}

#[test]
fn sista_conditional_method_listing() {
    // foo: x  ^ x > 3 ifTrue: [#big] ifFalse: [self bar: x]
    let mut code = SistaEncoder::new();
    code.push_temp(0);
    code.push_small_integer(3);
    code.send_special(3);
    code.jump_if_false(2);
    code.push_literal(0);
    code.jump(3);
    code.push_receiver();
    code.push_temp(0);
    code.send(1, 1);
    code.return_top();
    let header = MethodHeader {
        num_literals: 4,
        num_temps: 1,
        num_args: 1,
        is_sista: true,
        ..MethodHeader::default()
    };
    let namer = names(&["#big", "#bar:", "#foo:", "Foo"]);
    check_golden(
        "sista_conditional.txt",
        &disassemble_method(header.encode(), code.bytes(), &namer),
    );
}

#[test]
fn sista_primitive_loop_and_closure_listing() {
    let mut code = SistaEncoder::new();
    code.call_primitive(60);
    code.store_temp(2);
    let loop_start = code.len();
    code.push_temp(0);
    code.push_literal(40);
    code.send(40, 1);
    code.jump_if_true(300);
    code.push_receiver();
    code.push_full_closure(3, 2, true, false);
    code.push_character(u32::from('a'));
    code.push_small_integer(-5);
    code.push_active_process();
    code.directed_super_send(2, 1);
    code.pop_into_remote_temp(1, 2);
    code.push_new_array(2, true);
    code.jump_backward_to(loop_start);
    code.block_return_nil();
    let namer = |index: usize| format!("lit{index}");
    check_golden(
        "sista_primitive_loop.txt",
        &disassemble(code.bytes(), BytecodeSet::SistaV1, 41, &namer),
    );
}

#[test]
fn v3_closure_method_listing() {
    // [:a | a + outer] value: 3
    let mut body = V3Encoder::new();
    body.push_temp(0);
    body.push_temp(1);
    body.send_special(0);
    body.block_return_top();
    let mut code = V3Encoder::new();
    code.push_temp(1);
    code.push_closure(1, 1, body.len() as u32);
    code.append(&body);
    code.push_small_integer(2);
    code.send(0, 1);
    code.send(40, 1);
    code.super_send(100, 2);
    code.jump_if_false(300);
    code.jump(-10);
    code.pop_into_literal_variable(100);
    code.return_top();
    let header = MethodHeader {
        num_literals: 2,
        num_temps: 2,
        ..MethodHeader::default()
    };
    let namer = names(&["#value:", "#frob"]);
    check_golden(
        "v3_closure.txt",
        &disassemble_method(header.encode(), code.bytes(), &namer),
    );
}

#[test]
fn sista_malformed_bytes_listing() {
    // stray extA, unknown opcode, negative character, truncated remote temp push
    let bytes = [224, 1, 76, 84, 225, 0x80, 233, 0, 251, 1];
    let namer = |index: usize| format!("lit{index}");
    check_golden(
        "sista_malformed.txt",
        &disassemble(&bytes, BytecodeSet::SistaV1, 0, &namer),
    );
}
