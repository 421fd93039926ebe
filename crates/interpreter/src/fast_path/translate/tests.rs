use stvm_bytecode::{verify_method, MethodHeader, SistaEncoder};

use super::*;
use crate::fast_path::superinstructions::{
    arith_pop_jump_back_kind, arith_send_kind, at_kind, at_put_pop_kind, binop_kind, return_kind,
    step_and_test_kind, FALSE, INT, JUMP_BACKWARD, JUMP_FORWARD, LITERAL, SLOT, STACK,
    THEN_JUMP_IF_FALSE, THEN_POP_INTO, THEN_PUSH, THEN_RETURN, THEN_STORE,
};

/// The ip of the first bytecode in these tests (a method with 4 literals).
const INITIAL_IP: usize = 40;
/// Special selector indices used below.
const PLUS: u16 = index::ADD as u16;
const MINUS: u16 = index::SUBTRACT as u16;
const LESS_OR_EQUAL: u16 = index::LESS_OR_EQUAL as u16;

/// The bytes `encode` emits and their ops, as a method with 4 temps and 4 literals.
fn translated(encode: impl FnOnce(&mut SistaEncoder)) -> (Vec<u8>, Vec<Op>) {
    let mut encoder = SistaEncoder::new();
    encode(&mut encoder);
    let bytes = encoder.into_bytes();
    let header = MethodHeader {
        num_literals: 4,
        num_temps: 4,
        is_sista: true,
        ..MethodHeader::default()
    };
    let facts = verify_method(&header, &bytes).expect("the test method verifies");
    let ops = translate(&bytes, &facts, INITIAL_IP);
    (bytes, ops)
}

fn temp(index: usize) -> u16 {
    (frame::FIRST_TEMP + index) as u16
}

fn tagged(value: i16) -> u16 {
    (value * 8 + 1) as u16
}

#[test]
fn ops_are_one_per_bytecode_byte() {
    let (bytes, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(200);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(ops.len(), bytes.len());
}

#[test]
fn operand_bytes_keep_the_plain_op_of_their_byte() {
    // 229 n: push temp n (long form); 232 200: push 200.
    let (bytes, ops) = translated(|e| {
        e.push_small_integer(200);
        e.return_top();
    });
    assert_eq!(ops[1], Op::plain(bytes[1]));
}

#[test]
fn temp_compared_with_temp_then_jump_if_false_is_one_compare_and_branch() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_temp(1);
        e.send_special(4);
        e.jump_if_false(1);
        e.nop();
        e.return_receiver();
    });
    assert_eq!(
        ops[0],
        Op {
            kind: binop_kind(SLOT, SLOT, LESS_OR_EQUAL, THEN_JUMP_IF_FALSE),
            lengths: Op::lengths(4, 1),
            a: temp(0) as u8,
            b: temp(1),
            c: 5,
        }
    );
}

#[test]
fn receiver_minus_constant_before_another_push_pushes_the_difference() {
    let (_, ops) = translated(|e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(1);
        e.push_temp(0);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(
        ops[0],
        Op {
            kind: binop_kind(SLOT, INT, MINUS, THEN_PUSH),
            lengths: Op::lengths(3, 1),
            a: frame::RECEIVER as u8,
            b: tagged(1),
            c: 0,
        }
    );
}

#[test]
fn receiver_minus_constant_then_a_unary_send_is_one_op() {
    let (_, ops) = translated(|e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(1);
        e.send(2, 0);
        e.return_top();
    });
    assert_eq!(
        ops[0],
        Op {
            kind: arith_send_kind(INT, MINUS),
            lengths: Op::lengths(4, 1),
            a: frame::RECEIVER as u8,
            b: tagged(1),
            c: 2,
        }
    );
}

#[test]
fn sum_then_a_keyword_send_is_not_an_arith_send() {
    let (_, ops) = translated(|e| {
        e.push_receiver();
        e.push_small_integer(1);
        e.send_special(0);
        e.push_temp(0);
        e.send(2, 1);
        e.return_top();
    });
    assert_eq!(ops[0].kind, binop_kind(SLOT, INT, PLUS, THEN_PUSH));
}

#[test]
fn sum_popped_into_a_temp_covers_the_pop() {
    let (_, ops) = translated(|e| {
        e.push_temp(3);
        e.push_temp(2);
        e.send_special(0);
        e.pop_into_temp(3);
        e.return_receiver();
    });
    assert_eq!(ops[0].kind, binop_kind(SLOT, SLOT, PLUS, THEN_POP_INTO));
    assert_eq!((ops[0].covered(), ops[0].c), (4, temp(3)));
}

#[test]
fn sum_stored_into_a_temp_keeps_it_pushed() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(0);
        e.store_temp(0);
        e.return_top();
    });
    assert_eq!(ops[0].kind, binop_kind(SLOT, INT, PLUS, THEN_STORE));
}

#[test]
fn literal_operand_holds_its_literal_index() {
    let (_, ops) = translated(|e| {
        e.push_receiver();
        e.push_literal(3);
        e.send_special(4);
        e.return_top();
    });
    assert_eq!(
        ops[0].kind,
        binop_kind(SLOT, LITERAL, LESS_OR_EQUAL, THEN_RETURN)
    );
    assert_eq!(ops[0].b, 3);
}

#[test]
fn second_push_of_a_fused_pair_starts_its_own_superinstruction() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(0);
        e.pop_into_temp(0);
        e.return_receiver();
    });
    assert_eq!(ops[1].kind, binop_kind(STACK, INT, PLUS, THEN_POP_INTO));
    assert_eq!(ops[1].covered(), 3);
}

#[test]
fn constant_too_large_for_the_op_is_not_fused() {
    let (bytes, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(5000);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(ops[0], Op::plain(bytes[0]));
}

#[test]
fn no_superinstruction_starts_at_an_opcode_that_follows_a_prefix() {
    // push temp 0; extB 3 + pushInt 232: push 1000; +; ^
    let (bytes, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1000);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(bytes[1..5], [225, 3, 232, 232]);
    assert_eq!(ops[3], Op::plain(232));
}

#[test]
fn prefixed_instruction_is_covered_whole() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1000);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!(ops[0].kind, binop_kind(SLOT, INT, PLUS, THEN_RETURN));
    assert_eq!((ops[0].covered(), ops[0].b), (7, tagged(1000)));
}

#[test]
fn op_knows_the_length_of_its_first_instruction() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1000);
        e.send_special(0);
        e.return_top();
    });
    assert_eq!((ops[1].covered(), ops[1].first_length()), (6, 4));
}

#[test]
fn prefixed_conditional_jump_is_covered_with_its_prefix() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_small_integer(1000);
        e.send_special(4);
        e.jump_if_false(300);
        for _ in 0..300 {
            e.nop();
        }
        e.return_receiver();
    });
    assert_eq!((ops[0].covered(), ops[0].c), (10, 310));
}

#[test]
fn unreachable_code_is_not_fused() {
    let (bytes, ops) = translated(|e| {
        e.return_receiver();
        e.push_temp(0);
        e.push_temp(1);
        e.send_special(0);
        e.return_top();
    });
    assert!(ops[1..]
        .iter()
        .zip(&bytes[1..])
        .all(|(op, byte)| *op == Op::plain(*byte)));
}

#[test]
fn array_element_then_jump_if_false_is_one_op() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_temp(1);
        e.send_special(16);
        e.jump_if_false(1);
        e.nop();
        e.return_receiver();
    });
    assert_eq!(ops[0].kind, at_kind(SLOT, THEN_JUMP_IF_FALSE));
    assert_eq!(ops[0].c, 5);
}

#[test]
fn at_put_of_false_then_pop_is_one_op() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.push_temp(2);
        e.push_false();
        e.send_special(17);
        e.pop();
        e.return_receiver();
    });
    assert_eq!(ops[0].kind, at_put_pop_kind(SLOT, FALSE));
    assert_eq!(
        (ops[0].a, ops[0].b, ops[0].covered()),
        (temp(0) as u8, temp(2), 5)
    );
}

#[test]
fn push_then_jump_to_a_return_top_is_a_return() {
    let (_, ops) = translated(|e| {
        e.push_temp(0);
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.jump(1);
        e.push_nil();
        e.return_top();
    });
    assert_eq!(ops[2].kind, return_kind(INT));
    assert_eq!(ops[2].b, tagged(1));
}

#[test]
fn push_then_jump_elsewhere_is_not_a_return() {
    let (bytes, ops) = translated(|e| {
        e.push_temp(0);
        e.jump_if_false(2);
        e.push_small_integer(1);
        e.jump(1);
        e.push_nil();
        e.pop_into_temp(1);
        e.return_receiver();
    });
    assert_eq!(ops[2], Op::plain(bytes[2]));
}

#[test]
fn backward_jump_becomes_one_op_with_its_target_relative_to_the_op() {
    let (_, ops) = translated(|e| {
        e.push_nil();
        e.pop();
        e.jump_backward_to(0);
    });
    assert_eq!(
        ops[2],
        Op {
            kind: JUMP_BACKWARD,
            lengths: Op::lengths(4, 4),
            a: 0,
            b: 0,
            c: -2i16 as u16,
        }
    );
}

#[test]
fn loop_step_popped_into_a_temp_then_a_backward_jump_is_one_op() {
    let (_, ops) = translated(|e| {
        e.push_nil();
        e.pop();
        e.push_temp(2);
        e.push_small_integer(1);
        e.send_special(PLUS as u8);
        e.pop_into_temp(2);
        e.jump_backward_to(0);
    });
    assert_eq!(
        ops[2],
        Op {
            kind: arith_pop_jump_back_kind(INT, PLUS),
            lengths: Op::lengths(8, 1),
            a: temp(2) as u8,
            b: tagged(1),
            c: temp(2) | 2 << 8,
        }
    );
}

/// `[t<tested> <= t<other>] whileTrue: [t0 := t0 ± 1]` with the given step selector.
fn counting_loop(tested: u32, step_selector: u16) -> Vec<Op> {
    let (_, ops) = translated(|e| {
        e.push_temp(tested);
        e.push_temp(1 - tested);
        e.send_special(LESS_OR_EQUAL as u8);
        e.jump_if_false(8);
        e.push_temp(0);
        e.push_small_integer(1);
        e.send_special(step_selector as u8);
        e.pop_into_temp(0);
        e.jump_backward_to(0);
        e.return_receiver();
    });
    ops
}

#[test]
fn loop_sum_step_jumping_back_to_its_test_becomes_a_step_and_test() {
    let ops = counting_loop(0, PLUS);
    assert_eq!(ops[4].kind, step_and_test_kind(INT, SLOT, 0));
    assert_eq!(
        ops[0].kind,
        binop_kind(SLOT, SLOT, LESS_OR_EQUAL, THEN_JUMP_IF_FALSE)
    );
}

#[test]
fn loop_step_jumping_back_to_a_test_of_another_temp_stays_apart_from_it() {
    let ops = counting_loop(1, PLUS);
    assert_eq!(ops[4].kind, arith_pop_jump_back_kind(INT, PLUS));
}

#[test]
fn loop_difference_step_stays_apart_from_its_test() {
    let ops = counting_loop(0, MINUS);
    assert_eq!(ops[4].kind, arith_pop_jump_back_kind(INT, MINUS));
}

#[test]
fn loop_step_jumping_back_more_than_255_bytes_leaves_the_jump_out() {
    let (_, ops) = translated(|e| {
        for _ in 0..300 {
            e.nop();
        }
        e.push_temp(2);
        e.push_temp(3);
        e.send_special(MINUS as u8);
        e.pop_into_temp(2);
        e.jump_backward_to(0);
    });
    assert_eq!(ops[300].kind, binop_kind(SLOT, SLOT, MINUS, THEN_POP_INTO));
}

#[test]
fn long_forward_jump_becomes_one_op() {
    let (_, ops) = translated(|e| {
        e.jump(9);
        for _ in 0..9 {
            e.nop();
        }
        e.return_receiver();
    });
    assert_eq!(ops[0].kind, JUMP_FORWARD);
    assert_eq!(ops[0].c, 11);
}

#[test]
fn conditional_jump_too_far_for_the_op_is_left_plain() {
    let (bytes, ops) = translated(|e| {
        e.push_temp(0);
        e.push_temp(1);
        e.send_special(4);
        e.jump_if_false(32767);
        for _ in 0..32767 {
            e.nop();
        }
        e.return_receiver();
    });
    assert_eq!(
        ops[0].kind,
        binop_kind(SLOT, SLOT, LESS_OR_EQUAL, THEN_PUSH)
    );
    assert_eq!(ops[3], Op::plain(bytes[3]));
}
