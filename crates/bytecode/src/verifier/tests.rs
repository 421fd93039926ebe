use super::VerifyErrorKind::*;
use super::*;
use crate::opcode::DecodeError;
use crate::{SistaEncoder, V3Encoder};

fn sista_header(num_literals: u16, num_temps: u8) -> MethodHeader {
    MethodHeader {
        num_literals,
        num_temps,
        is_sista: true,
        ..MethodHeader::default()
    }
}

fn v3_header(num_literals: u16, num_temps: u8) -> MethodHeader {
    MethodHeader {
        is_sista: false,
        ..sista_header(num_literals, num_temps)
    }
}

fn sista(bytes: &[u8]) -> Result<MethodFacts, VerifyError> {
    verify_method(&sista_header(4, 2), bytes)
}

fn v3(bytes: &[u8]) -> Result<MethodFacts, VerifyError> {
    verify_method(&v3_header(4, 2), bytes)
}

fn kind_of(result: Result<MethodFacts, VerifyError>) -> VerifyErrorKind {
    result.expect_err("the method is malformed").kind
}

fn encoded(encode: impl FnOnce(&mut SistaEncoder)) -> Vec<u8> {
    let mut encoder = SistaEncoder::new();
    encode(&mut encoder);
    encoder.into_bytes()
}

fn encoded_v3(encode: impl FnOnce(&mut V3Encoder)) -> Vec<u8> {
    let mut encoder = V3Encoder::new();
    encode(&mut encoder);
    encoder.into_bytes()
}

#[test]
fn return_receiver_method_verifies_with_an_empty_stack() {
    let facts = sista(&[88]).expect("verifies");
    assert_eq!(facts.max_stack_depth, 0);
    assert_eq!(facts.max_receiver_variable_index, None);
}

#[test]
fn max_stack_depth_is_the_deepest_point_of_any_path() {
    let facts = sista(&[76, 76, 96, 92]).expect("verifies");
    assert_eq!(facts.max_stack_depth, 2);
}

#[test]
fn facts_give_the_stack_depth_before_each_instruction() {
    let facts = sista(&[76, 76, 96, 92]).expect("verifies");
    let depths: Vec<_> = (0..4).map(|pc| facts.stack_depth_at(pc)).collect();
    assert_eq!(depths, [Some(0), Some(1), Some(2), Some(1)]);
}

#[test]
fn facts_record_the_highest_receiver_variable_index() {
    let bytes = encoded(|e| {
        e.push_receiver_variable(3);
        e.pop_into_receiver_variable(7);
        e.return_receiver();
    });
    let facts = sista(&bytes).expect("verifies");
    assert_eq!(facts.max_receiver_variable_index, Some(7));
    assert_eq!(facts.receiver_slots_needed(), 8);
}

#[test]
fn facts_list_the_literal_variables_used() {
    let facts = sista(&[18, 16, 18, 216, 216, 92]).expect("verifies");
    assert!(facts.uses_literal_variables);
    assert_eq!(facts.literal_variable_indices, [0, 2]);
}

#[test]
fn empty_method_runs_off_the_end() {
    assert_eq!(kind_of(sista(&[])), RunsOffEnd);
}

#[test]
fn method_whose_last_instruction_falls_through_runs_off_the_end() {
    assert_eq!(kind_of(sista(&[76, 216])), RunsOffEnd);
}

#[test]
fn conditional_jump_to_the_last_instruction_still_needs_a_return_after_it() {
    // jumpFalse lands on pushNil; pop follows it and nothing after.
    assert_eq!(kind_of(sista(&[77, 192, 88, 79, 216])), RunsOffEnd);
}

#[test]
fn unreachable_trailing_bytes_are_not_checked() {
    assert!(sista(&[88, 255, 224]).is_ok());
}

#[test]
fn truncated_instruction_does_not_decode() {
    assert_eq!(
        kind_of(sista(&[76, 251, 0])),
        Decode(DecodeError::Truncated { pc: 1 })
    );
}

#[test]
fn extension_before_an_opcode_that_does_not_take_it_is_rejected() {
    assert_eq!(
        kind_of(sista(&[224, 1, 76, 92])),
        Decode(DecodeError::MisplacedExtension { pc: 0, opcode: 76 })
    );
}

#[test]
fn jump_past_the_end_is_out_of_range() {
    assert_eq!(kind_of(sista(&[183, 88])), JumpOutOfRange { target: 9 });
}

#[test]
fn backward_jump_before_the_start_is_out_of_range() {
    let bytes = encoded(|e| e.jump(-5));
    let kind = kind_of(sista(&bytes));
    assert!(
        matches!(kind, JumpOutOfRange { target } if target < 0),
        "{kind:?}"
    );
}

#[test]
fn jump_into_the_middle_of_an_instruction_is_rejected() {
    // jumpFalse +1 lands on the operand byte of pushSmallInteger 232.
    assert_eq!(
        kind_of(sista(&[77, 192, 232, 5, 92])),
        JumpIntoInstruction { target: 3 }
    );
}

#[test]
fn jump_onto_the_instruction_after_an_extension_prefix_is_rejected() {
    // extA 0, pushLiteral 0 (4 bytes); the jump targets the 228 itself.
    let bytes = [77, 192, 224, 0, 228, 0, 92, 88];
    let kind = kind_of(sista(&bytes));
    assert!(matches!(kind, JumpIntoInstruction { .. }), "{kind:?}");
}

#[test]
fn paths_merging_with_different_depths_are_rejected() {
    // true ifTrue: [push 1] (no else value), then return top.
    let bytes = [77, 192, 81, 92];
    assert_eq!(
        kind_of(sista(&bytes)),
        InconsistentStackDepth {
            expected: 1,
            found: 0
        }
    );
}

#[test]
fn paths_merging_with_equal_depths_verify() {
    // true ifTrue: [1] ifFalse: [0]
    let bytes = [77, 193, 81, 176, 80, 92];
    assert_eq!(sista(&bytes).map(|facts| facts.max_stack_depth), Ok(1));
}

#[test]
fn backward_jump_loop_verifies() {
    let bytes = encoded(|e| {
        e.push_true();
        e.jump_if_false(4);
        e.jump_backward_to(0);
        e.return_receiver();
    });
    assert!(sista(&bytes).is_ok());
}

#[test]
fn literal_index_beyond_the_literal_count_is_rejected() {
    assert_eq!(
        kind_of(sista(&[36, 92])),
        LiteralIndexOutOfRange {
            index: 4,
            num_literals: 4
        }
    );
}

#[test]
fn send_selector_beyond_the_literal_count_is_rejected() {
    assert_eq!(
        kind_of(sista(&[76, 133, 92])),
        LiteralIndexOutOfRange {
            index: 5,
            num_literals: 4
        }
    );
}

#[test]
fn literal_variable_beyond_the_literal_count_is_rejected() {
    assert_eq!(
        kind_of(sista(&[76, 241, 9, 88])),
        LiteralIndexOutOfRange {
            index: 9,
            num_literals: 4
        }
    );
}

#[test]
fn full_block_literal_beyond_the_literal_count_is_rejected() {
    let bytes = encoded(|e| {
        e.push_full_closure(4, 0, false, false);
        e.return_top();
    });
    assert_eq!(
        kind_of(sista(&bytes)),
        LiteralIndexOutOfRange {
            index: 4,
            num_literals: 4
        }
    );
}

#[test]
fn super_send_in_code_without_literals_is_rejected() {
    let bytes = encoded(|e| {
        e.push_receiver();
        e.super_send(0, 0);
        e.return_top();
    });
    assert_eq!(
        kind_of(verify_method(&sista_header(0, 0), &bytes)),
        SuperSendWithoutMethodClass
    );
}

#[test]
fn temp_index_beyond_the_temp_count_is_rejected() {
    assert_eq!(
        kind_of(sista(&[66, 92])),
        TempIndexOutOfRange {
            index: 2,
            num_temps: 2
        }
    );
}

#[test]
fn remote_temp_vector_index_beyond_the_temp_count_is_rejected() {
    let bytes = encoded(|e| {
        e.push_remote_temp(0, 5);
        e.return_top();
    });
    assert_eq!(
        kind_of(sista(&bytes)),
        TempIndexOutOfRange {
            index: 5,
            num_temps: 2
        }
    );
}

#[test]
fn pop_on_an_empty_stack_underflows() {
    assert_eq!(
        kind_of(sista(&[216, 88])),
        StackUnderflow {
            depth: 0,
            needed: 1
        }
    );
}

#[test]
fn store_on_an_empty_stack_underflows() {
    assert_eq!(
        kind_of(sista(&[245, 0, 88])),
        StackUnderflow {
            depth: 0,
            needed: 1
        }
    );
}

#[test]
fn send_without_its_arguments_underflows() {
    // receiver only, then a one-argument send.
    assert_eq!(
        kind_of(sista(&[76, 144, 92])),
        StackUnderflow {
            depth: 1,
            needed: 2
        }
    );
}

#[test]
fn push_new_array_popping_more_values_than_stacked_underflows() {
    let bytes = encoded(|e| {
        e.push_nil();
        e.push_new_array(3, true);
        e.return_top();
    });
    assert_eq!(
        kind_of(sista(&bytes)),
        StackUnderflow {
            depth: 1,
            needed: 3
        }
    );
}

#[test]
fn full_closure_with_more_copied_values_than_stacked_underflows() {
    let bytes = encoded(|e| {
        e.push_nil();
        e.push_full_closure(0, 2, false, false);
        e.return_top();
    });
    assert_eq!(
        kind_of(sista(&bytes)),
        StackUnderflow {
            depth: 1,
            needed: 2
        }
    );
}

#[test]
fn return_top_of_an_empty_stack_underflows() {
    assert_eq!(
        kind_of(sista(&[92])),
        StackUnderflow {
            depth: 0,
            needed: 1
        }
    );
}

#[test]
fn seventeen_values_overflow_a_small_frame() {
    let mut bytes = vec![79; 17];
    bytes.push(88);
    assert_eq!(
        kind_of(sista(&bytes)),
        StackTooDeep {
            depth: 17,
            limit: SMALL_FRAME_SLOTS
        }
    );
}

#[test]
fn seventeen_values_fit_a_large_frame() {
    let mut bytes = vec![79; 17];
    bytes.push(88);
    let header = MethodHeader {
        large_frame: true,
        ..sista_header(0, 0)
    };
    assert_eq!(
        verify_method(&header, &bytes).map(|facts| facts.max_stack_depth),
        Ok(17)
    );
}

fn primitive_header() -> MethodHeader {
    MethodHeader {
        has_primitive: true,
        ..sista_header(0, 1)
    }
}

#[test]
fn method_with_a_primitive_starts_after_its_call_primitive() {
    let facts = verify_method(&primitive_header(), &[248, 60, 0, 88]).expect("verifies");
    assert_eq!(facts.stack_depth_at(3), Some(0));
}

#[test]
fn primitive_bit_without_call_primitive_is_rejected() {
    assert_eq!(
        kind_of(verify_method(&primitive_header(), &[88, 88, 88, 88])),
        MissingCallPrimitive
    );
}

#[test]
fn call_primitive_without_the_primitive_bit_is_rejected() {
    assert_eq!(kind_of(sista(&[248, 60, 0, 88])), MisplacedCallPrimitive);
}

#[test]
fn call_primitive_after_the_first_instruction_is_rejected() {
    let error = verify_method(&primitive_header(), &[248, 60, 0, 248, 60, 0, 88]);
    assert_eq!(
        error,
        Err(VerifyError {
            pc: 3,
            kind: MisplacedCallPrimitive
        })
    );
}

#[test]
fn error_code_store_after_call_primitive_may_run_on_an_empty_stack() {
    // <primitive: 60 error: ec> ^ec
    assert!(verify_method(&primitive_header(), &[248, 60, 0, 245, 0, 64, 92]).is_ok());
}

#[test]
fn unknown_opcode_ends_its_path() {
    assert!(sista(&[76, 84]).is_ok());
}

#[test]
fn header_with_more_arguments_than_temps_is_rejected() {
    let header = MethodHeader {
        num_args: 3,
        ..sista_header(0, 1)
    };
    assert_eq!(
        kind_of(verify_method(&header, &[88])),
        Header(HeaderError::ArgsExceedTemps {
            num_args: 3,
            num_temps: 1
        })
    );
}

#[test]
fn v3_method_with_an_embedded_block_verifies() {
    // [:x | x] value: 3 — closure body: pushTemp 0, blockReturnTop.
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 1, 2);
        e.push_temp(0);
        e.block_return_top();
        e.push_small_integer(2);
        e.send_special(crate::special_selectors::index_of("value:").unwrap_or(0));
        e.return_top();
    });
    let facts = v3(&bytes).expect("verifies");
    assert_eq!(
        facts.embedded_block_at(4),
        Some(&EmbeddedBlock {
            start: 4,
            num_args: 1,
            num_copied: 0
        })
    );
}

#[test]
fn embedded_block_temps_include_its_stacked_temps() {
    // [:x | | t | t := x. t] — t is pushed as nil, then addressed as temp 1.
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 1, 5);
        e.push_nil();
        e.push_temp(0);
        e.pop_into_temp(1);
        e.push_temp(1);
        e.block_return_top();
        e.return_top();
    });
    assert!(verify_method(&v3_header(0, 0), &bytes).is_ok());
}

#[test]
fn embedded_block_temp_beyond_args_copied_and_stack_is_rejected() {
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 1, 2);
        e.push_temp(1);
        e.block_return_top();
        e.return_top();
    });
    assert_eq!(
        kind_of(verify_method(&v3_header(0, 0), &bytes)),
        TempIndexOutOfRange {
            index: 1,
            num_temps: 1
        }
    );
}

#[test]
fn embedded_block_body_longer_than_the_method_is_rejected() {
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 0, 40);
        e.return_top();
    });
    assert_eq!(kind_of(v3(&bytes)), BadBlockBody { block_size: 40 });
}

#[test]
fn embedded_block_body_falling_off_its_end_runs_off_the_end() {
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 0, 1);
        e.push_nil();
        e.return_top();
    });
    assert_eq!(kind_of(v3(&bytes)), RunsOffEnd);
}

#[test]
fn jump_from_a_method_into_an_embedded_block_body_is_rejected() {
    // pushTrue; jumpFalse: to the block body; closure [nil]; returnTop.
    let bytes = [113, 155, 143, 0, 0, 2, 115, 125, 124];
    let kind = kind_of(v3(&bytes));
    assert!(
        matches!(kind, JumpIntoInstruction { .. } | BadBlockBody { .. }),
        "{kind:?}"
    );
}

#[test]
fn jump_out_of_an_embedded_block_body_is_rejected() {
    let bytes = encoded_v3(|e| {
        e.push_closure(0, 0, 2);
        e.jump(1);
        e.return_top();
        e.return_top();
    });
    assert_eq!(kind_of(v3(&bytes)), JumpOutOfRange { target: 6 });
}

#[test]
fn closure_with_more_copied_values_than_stacked_underflows() {
    let bytes = encoded_v3(|e| {
        e.push_closure(2, 0, 2);
        e.push_nil();
        e.block_return_top();
        e.return_top();
    });
    assert_eq!(
        kind_of(v3(&bytes)),
        StackUnderflow {
            depth: 0,
            needed: 2
        }
    );
}

#[test]
fn v3_store_into_a_literal_does_not_decode() {
    assert!(matches!(
        kind_of(v3(&[112, 129, 0x80, 124])),
        Decode(DecodeError::InvalidOperand { .. })
    ));
}

#[test]
fn errors_display_their_rule_and_offset() {
    let error = sista(&[216, 88]).expect_err("underflows");
    assert_eq!(
        error.to_string(),
        "stack underflow: needs 1 values, has 0 (at bytecode offset 0)"
    );
}

/// xorshift64*: a small deterministic generator for the fuzz test below.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn random_methods_get_a_verdict_and_verified_ones_keep_their_bounds() {
    let mut random = Random(0x005E_ED0F_5EED);
    for _ in 0..20_000 {
        let bits = random.next();
        let header = MethodHeader {
            num_literals: (bits % 8) as u16,
            num_temps: ((bits >> 8) % 8) as u8,
            num_args: 0,
            has_primitive: (bits >> 16).is_multiple_of(8),
            large_frame: (bits >> 20).is_multiple_of(4),
            is_sista: (bits >> 24).is_multiple_of(2),
        };
        let length = (bits >> 32) % 48;
        let bytes: Vec<u8> = (0..length).map(|_| random.next() as u8).collect();
        if let Ok(facts) = verify_method(&header, &bytes) {
            let limit = if header.large_frame { 56 } else { 16 };
            assert!(facts.max_stack_depth <= limit, "{header:?} {bytes:?}");
            assert!(facts
                .stack_depth_at
                .iter()
                .flatten()
                .all(|depth| u32::from(*depth) <= limit));
        }
    }
}
