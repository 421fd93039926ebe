use super::*;

fn decoded(bytes: &[u8]) -> Result<(Instruction, usize), DecodeError> {
    decode(bytes, 0)
}

#[test]
fn push_temp_nine_decodes_from_73() {
    assert_eq!(decoded(&[73]), Ok((PushTemp(9), 1)));
}

#[test]
fn ext_a_is_folded_into_push_literal() {
    assert_eq!(decoded(&[224, 1, 228, 44]), Ok((PushLiteral(300), 4)));
}

#[test]
fn two_ext_a_prefixes_accumulate_big_endian() {
    assert_eq!(
        decoded(&[224, 1, 224, 2, 226, 3]),
        Ok((PushReceiverVariable(0x01_02_03), 6))
    );
}

#[test]
fn first_ext_b_byte_above_127_is_negative() {
    assert_eq!(
        decoded(&[225, 0xFF, 232, 0xFE]),
        Ok((PushSmallInteger(-2), 4))
    );
}

#[test]
fn second_ext_b_byte_is_unsigned() {
    assert_eq!(
        decoded(&[225, 0xFF, 225, 0x80, 237, 0]),
        Ok((Jump(-0x80 * 256), 6))
    );
}

#[test]
fn ext_b_one_before_82_pushes_active_process() {
    assert_eq!(decoded(&[225, 1, 82]), Ok((PushActiveProcess, 3)));
}

#[test]
fn ext_b_two_before_82_is_unknown() {
    assert_eq!(decoded(&[225, 2, 82]), Ok((Unknown(82), 3)));
}

#[test]
fn extended_send_folds_both_extensions() {
    let expected = Send {
        selector_literal: 32 + 2,
        num_args: 8 + 3,
    };
    assert_eq!(
        decoded(&[224, 1, 225, 1, 234, 2 << 3 | 3]),
        Ok((expected, 6))
    );
}

#[test]
fn extension_order_does_not_matter() {
    assert_eq!(
        decoded(&[225, 1, 224, 1, 234, 0]),
        decoded(&[224, 1, 225, 1, 234, 0])
    );
}

#[test]
fn super_send_with_ext_b_64_is_directed() {
    let expected = DirectedSuperSend {
        selector_literal: 1,
        num_args: 2,
    };
    assert_eq!(decoded(&[225, 64, 235, 1 << 3 | 2]), Ok((expected, 4)));
}

#[test]
fn super_send_without_ext_b_is_not_directed() {
    assert_eq!(
        decoded(&[235, 1 << 3]),
        Ok((
            SuperSend {
                selector_literal: 1,
                num_args: 0
            },
            2
        ))
    );
}

#[test]
fn negative_send_arg_extension_is_invalid_operand() {
    assert_eq!(
        decoded(&[225, 0xFF, 234, 0]),
        Err(DecodeError::InvalidOperand { pc: 0, opcode: 234 })
    );
}

#[test]
fn call_primitive_without_inline_bit_is_ordinary() {
    assert_eq!(decoded(&[248, 0x3C, 0x01]), Ok((CallPrimitive(316), 3)));
}

#[test]
fn call_primitive_with_inline_bit_is_inline() {
    assert_eq!(
        decoded(&[248, 0xD0, 0x87]),
        Ok((CallInlinePrimitive(2000), 3))
    );
}

#[test]
fn full_closure_flags_decode() {
    let expected = PushFullClosure {
        literal_index: 256 + 4,
        num_copied: 3,
        receiver_on_stack: true,
        ignore_outer_context: false,
    };
    assert_eq!(decoded(&[224, 1, 249, 4, 0x83]), Ok((expected, 5)));
}

#[test]
fn closure_250_splits_ext_a_into_copied_and_args() {
    let expected = PushClosure {
        num_copied: 8 + 1,
        num_args: 2 * 8 + 3,
        block_size: 256 + 5,
    };
    assert_eq!(
        decoded(&[224, 0x12, 225, 1, 250, 0b10_001_011, 5]),
        Ok((expected, 7))
    );
}

#[test]
fn push_character_above_255_folds_ext_b() {
    assert_eq!(decoded(&[225, 3, 233, 0xB1]), Ok((PushCharacter(0x3B1), 4)));
}

#[test]
fn negative_character_is_invalid_operand() {
    assert_eq!(
        decoded(&[225, 0x80, 233, 0]),
        Err(DecodeError::InvalidOperand { pc: 0, opcode: 233 })
    );
}

#[test]
fn ext_a_before_push_temp_is_misplaced() {
    assert_eq!(
        decoded(&[224, 1, 229, 0]),
        Err(DecodeError::MisplacedExtension { pc: 0, opcode: 229 })
    );
}

#[test]
fn ext_b_before_push_literal_is_misplaced() {
    assert_eq!(
        decoded(&[225, 1, 228, 0]),
        Err(DecodeError::MisplacedExtension { pc: 0, opcode: 228 })
    );
}

#[test]
fn nop_consumes_any_extension() {
    assert_eq!(decoded(&[224, 9, 225, 9, 95]), Ok((Nop, 5)));
}

#[test]
fn four_ext_a_prefixes_overflow() {
    let bytes = [224, 1, 224, 1, 224, 1, 224, 1, 228, 0];
    assert_eq!(
        decoded(&bytes),
        Err(DecodeError::ExtensionOverflow { pc: 0 })
    );
}

#[test]
fn prefix_at_end_is_truncated() {
    assert_eq!(decoded(&[224, 1]), Err(DecodeError::Truncated { pc: 0 }));
}

#[test]
fn missing_operand_byte_is_truncated() {
    assert_eq!(
        decode(&[76, 251, 1], 1),
        Err(DecodeError::Truncated { pc: 1 })
    );
}

#[test]
fn pc_past_end_is_out_of_range() {
    assert_eq!(decode(&[76], 1), Err(DecodeError::PcOutOfRange { pc: 1 }));
}

#[test]
fn unassigned_two_byte_opcode_is_unknown_with_its_length() {
    assert_eq!(decoded(&[246, 0]), Ok((Unknown(246), 2)));
}

#[test]
fn unassigned_one_byte_opcode_is_unknown() {
    assert_eq!(decoded(&[84]), Ok((Unknown(84), 1)));
}

#[test]
fn decoding_at_an_offset_reports_that_offset_in_errors() {
    assert_eq!(
        decode(&[76, 224, 1, 76], 1),
        Err(DecodeError::MisplacedExtension { pc: 1, opcode: 76 })
    );
}

#[test]
fn special_send_120_is_not_identical() {
    assert_eq!(decoded(&[120]), Ok((SendSpecial(24), 1)));
}

#[test]
fn send_175_is_literal_15_with_two_args() {
    assert_eq!(
        decoded(&[175]),
        Ok((
            Send {
                selector_literal: 15,
                num_args: 2
            },
            1
        ))
    );
}

#[test]
fn conditional_jump_folds_ext_b() {
    assert_eq!(decoded(&[225, 1, 239, 44]), Ok((JumpIfFalse(300), 4)));
}
