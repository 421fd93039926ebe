use super::*;

fn decoded(bytes: &[u8]) -> Result<(Instruction, usize), DecodeError> {
    decode(bytes, 0)
}

#[test]
fn bytes_16_to_31_push_temps() {
    assert_eq!(decoded(&[17]), Ok((PushTemp(1), 1)));
}

#[test]
fn bytes_64_to_95_push_literal_variables() {
    assert_eq!(decoded(&[95]), Ok((PushLiteralVariable(31), 1)));
}

#[test]
fn push_minus_one_is_116() {
    assert_eq!(decoded(&[116]), Ok((PushSmallInteger(-1), 1)));
}

#[test]
fn push_two_is_119() {
    assert_eq!(decoded(&[119]), Ok((PushSmallInteger(2), 1)));
}

#[test]
fn extended_push_kind_two_is_literal() {
    assert_eq!(decoded(&[128, 0b10_000101]), Ok((PushLiteral(5), 2)));
}

#[test]
fn extended_store_into_literal_is_invalid() {
    assert_eq!(
        decoded(&[129, 0b10_000000]),
        Err(DecodeError::InvalidOperand { pc: 0, opcode: 129 })
    );
}

#[test]
fn extended_store_pop_kind_three_is_literal_variable() {
    assert_eq!(
        decoded(&[130, 0b11_000010]),
        Ok((PopIntoLiteralVariable(2), 2))
    );
}

#[test]
fn single_extended_send_packs_args_high() {
    assert_eq!(
        decoded(&[131, 3 << 5 | 20]),
        Ok((
            Send {
                selector_literal: 20,
                num_args: 3
            },
            2
        ))
    );
}

#[test]
fn double_extended_super_send_uses_second_byte_as_index() {
    assert_eq!(
        decoded(&[132, 1 << 5 | 2, 200]),
        Ok((
            SuperSend {
                selector_literal: 200,
                num_args: 2
            },
            3
        ))
    );
}

#[test]
fn double_extended_operation_seven_stores_literal_variable() {
    assert_eq!(
        decoded(&[132, 7 << 5, 70]),
        Ok((StoreLiteralVariable(70), 3))
    );
}

#[test]
fn second_extended_send_has_six_bit_index() {
    assert_eq!(
        decoded(&[134, 1 << 6 | 63]),
        Ok((
            Send {
                selector_literal: 63,
                num_args: 1
            },
            2
        ))
    );
}

#[test]
fn push_closure_reads_big_endian_size() {
    let expected = PushClosure {
        num_copied: 2,
        num_args: 1,
        block_size: 0x0102,
    };
    assert_eq!(decoded(&[143, 0x21, 1, 2]), Ok((expected, 4)));
}

#[test]
fn long_jump_160_is_minus_1024_plus_byte() {
    assert_eq!(decoded(&[160, 0]), Ok((Jump(-1024), 2)));
}

#[test]
fn long_jump_167_reaches_1023() {
    assert_eq!(decoded(&[167, 255]), Ok((Jump(1023), 2)));
}

#[test]
fn long_jump_if_true_uses_low_two_bits() {
    assert_eq!(decoded(&[169, 4]), Ok((JumpIfTrue(260), 2)));
}

#[test]
fn short_jump_if_false_is_one_to_eight() {
    assert_eq!(decoded(&[159]), Ok((JumpIfFalse(8), 1)));
}

#[test]
fn byte_200_sends_not_identical() {
    assert_eq!(decoded(&[200]), Ok((SendSpecial(24), 1)));
}

#[test]
fn byte_255_sends_literal_15_with_two_args() {
    assert_eq!(
        decoded(&[255]),
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
fn call_primitive_is_little_endian() {
    assert_eq!(decoded(&[139, 1, 1]), Ok((CallPrimitive(257), 3)));
}

#[test]
fn byte_126_is_unknown() {
    assert_eq!(decoded(&[126]), Ok((Unknown(126), 1)));
}

#[test]
fn truncated_closure_header_is_an_error() {
    assert_eq!(decoded(&[143, 0, 1]), Err(DecodeError::Truncated { pc: 0 }));
}
