use super::*;

fn encoded(build: impl FnOnce(&mut Encoder)) -> Vec<u8> {
    let mut encoder = Encoder::new();
    build(&mut encoder);
    encoder.into_bytes()
}

#[test]
fn push_receiver_variable_fifteen_is_one_byte() {
    assert_eq!(encoded(|e| e.push_receiver_variable(15)), [15]);
}

#[test]
fn push_receiver_variable_sixteen_uses_226() {
    assert_eq!(encoded(|e| e.push_receiver_variable(16)), [226, 16]);
}

#[test]
fn push_receiver_variable_300_uses_ext_a() {
    assert_eq!(
        encoded(|e| e.push_receiver_variable(300)),
        [224, 1, 226, 44]
    );
}

#[test]
fn push_literal_variable_short_form_starts_at_16() {
    assert_eq!(encoded(|e| e.push_literal_variable(3)), [19]);
}

#[test]
fn push_literal_variable_sixteen_uses_227() {
    assert_eq!(encoded(|e| e.push_literal_variable(16)), [227, 16]);
}

#[test]
fn push_literal_thirty_one_is_one_byte() {
    assert_eq!(encoded(|e| e.push_literal(31)), [63]);
}

#[test]
fn push_literal_thirty_two_uses_228() {
    assert_eq!(encoded(|e| e.push_literal(32)), [228, 32]);
}

#[test]
fn push_literal_above_65535_uses_two_ext_a_prefixes() {
    assert_eq!(
        encoded(|e| e.push_literal(0x01_02_03)),
        [224, 1, 224, 2, 228, 3]
    );
}

#[test]
fn push_temp_eleven_is_one_byte() {
    assert_eq!(encoded(|e| e.push_temp(11)), [75]);
}

#[test]
fn push_temp_twelve_uses_229() {
    assert_eq!(encoded(|e| e.push_temp(12)), [229, 12]);
}

#[test]
#[should_panic(expected = "temp index 256")]
fn push_temp_256_panics() {
    encoded(|e| e.push_temp(256));
}

#[test]
fn constants_use_one_byte_each() {
    let bytes = encoded(|e| {
        e.push_receiver();
        e.push_true();
        e.push_false();
        e.push_nil();
        e.push_this_context();
        e.dup();
        e.nop();
        e.pop();
    });
    assert_eq!(bytes, [76, 77, 78, 79, 82, 83, 95, 216]);
}

#[test]
fn push_active_process_is_ext_b_one_then_82() {
    assert_eq!(encoded(|e| e.push_active_process()), [225, 1, 82]);
}

#[test]
fn push_small_integer_zero_and_one_are_one_byte() {
    assert_eq!(
        encoded(|e| {
            e.push_small_integer(0);
            e.push_small_integer(1);
        }),
        [80, 81]
    );
}

#[test]
fn push_small_integer_255_has_no_extension() {
    assert_eq!(encoded(|e| assert!(e.push_small_integer(255))), [232, 255]);
}

#[test]
fn push_small_integer_minus_one_uses_signed_ext_b() {
    assert_eq!(
        encoded(|e| assert!(e.push_small_integer(-1))),
        [225, 255, 232, 255]
    );
}

#[test]
fn push_small_integer_minus_32768_is_encodable() {
    assert_eq!(
        encoded(|e| assert!(e.push_small_integer(-32768))),
        [225, 128, 232, 0]
    );
}

#[test]
fn push_small_integer_32767_is_encodable() {
    assert_eq!(
        encoded(|e| assert!(e.push_small_integer(32767))),
        [225, 127, 232, 255]
    );
}

#[test]
fn push_small_integer_32768_is_refused_without_emitting() {
    assert_eq!(
        encoded(|e| assert!(!e.push_small_integer(32768))),
        [] as [u8; 0]
    );
}

#[test]
fn push_character_a_is_233_then_code() {
    assert_eq!(encoded(|e| assert!(e.push_character(97))), [233, 97]);
}

#[test]
fn push_character_above_255_uses_ext_b() {
    assert_eq!(
        encoded(|e| assert!(e.push_character(0x3B1))),
        [225, 3, 233, 0xB1]
    );
}

#[test]
fn push_character_above_32767_is_refused() {
    assert_eq!(
        encoded(|e| assert!(!e.push_character(0x8000))),
        [] as [u8; 0]
    );
}

#[test]
fn push_new_array_sets_pop_flag_in_bit_seven() {
    assert_eq!(encoded(|e| e.push_new_array(3, true)), [231, 131]);
}

#[test]
fn push_new_array_without_pop_keeps_size() {
    assert_eq!(encoded(|e| e.push_new_array(127, false)), [231, 127]);
}

#[test]
fn remote_temp_bytecodes_carry_index_then_vector() {
    let bytes = encoded(|e| {
        e.push_remote_temp(1, 2);
        e.store_remote_temp(3, 4);
        e.pop_into_remote_temp(5, 6);
    });
    assert_eq!(bytes, [251, 1, 2, 252, 3, 4, 253, 5, 6]);
}

#[test]
fn stores_to_receiver_variables_pick_short_form_for_pop_only() {
    let bytes = encoded(|e| {
        e.store_receiver_variable(2);
        e.pop_into_receiver_variable(7);
        e.pop_into_receiver_variable(8);
    });
    assert_eq!(bytes, [243, 2, 207, 240, 8]);
}

#[test]
fn store_receiver_variable_300_uses_ext_a() {
    assert_eq!(
        encoded(|e| e.store_receiver_variable(300)),
        [224, 1, 243, 44]
    );
}

#[test]
fn stores_to_temps_pick_short_form_for_pop_only() {
    let bytes = encoded(|e| {
        e.store_temp(0);
        e.pop_into_temp(7);
        e.pop_into_temp(8);
    });
    assert_eq!(bytes, [245, 0, 215, 242, 8]);
}

#[test]
fn stores_to_literal_variables_use_241_and_244() {
    let bytes = encoded(|e| {
        e.store_literal_variable(1);
        e.pop_into_literal_variable(2);
        e.pop_into_literal_variable(256);
    });
    assert_eq!(bytes, [244, 1, 241, 2, 224, 1, 241, 0]);
}

#[test]
fn send_with_small_index_and_two_args_is_one_byte() {
    assert_eq!(encoded(|e| e.send(15, 2)), [175]);
}

#[test]
fn send_with_three_args_uses_234() {
    assert_eq!(encoded(|e| e.send(1, 3)), [234, 1 << 3 | 3]);
}

#[test]
fn send_with_index_sixteen_uses_234() {
    assert_eq!(encoded(|e| e.send(16, 0)), [234, 16 << 3]);
}

#[test]
fn send_with_index_forty_uses_ext_a_by_thirty_twos() {
    assert_eq!(encoded(|e| e.send(40, 1)), [224, 1, 234, 8 << 3 | 1]);
}

#[test]
fn send_with_nine_args_uses_ext_b_by_eights() {
    assert_eq!(encoded(|e| e.send(0, 9)), [225, 1, 234, 1]);
}

#[test]
fn send_special_plus_is_96() {
    assert_eq!(encoded(|e| e.send_special(0)), [96]);
}

#[test]
fn send_special_y_is_127() {
    assert_eq!(encoded(|e| e.send_special(31)), [127]);
}

#[test]
fn super_send_always_uses_235() {
    assert_eq!(encoded(|e| e.super_send(2, 1)), [235, 2 << 3 | 1]);
}

#[test]
fn directed_super_send_sets_ext_b_64() {
    assert_eq!(
        encoded(|e| e.directed_super_send(2, 1)),
        [225, 64, 235, 2 << 3 | 1]
    );
}

#[test]
fn directed_super_send_with_extended_index_puts_ext_a_first() {
    assert_eq!(
        encoded(|e| e.directed_super_send(33, 9)),
        [224, 1, 225, 65, 235, 1 << 3 | 1]
    );
}

#[test]
fn push_full_closure_packs_flags_and_copied_count() {
    assert_eq!(
        encoded(|e| e.push_full_closure(4, 2, true, true)),
        [249, 4, 0xC2]
    );
}

#[test]
fn push_full_closure_with_outer_context_clears_bit_six() {
    assert_eq!(
        encoded(|e| e.push_full_closure(4, 0, false, false)),
        [249, 4, 0]
    );
}

#[test]
fn push_full_closure_of_literal_256_uses_ext_a() {
    assert_eq!(
        encoded(|e| e.push_full_closure(256, 1, false, false)),
        [224, 1, 249, 0, 1]
    );
}

#[test]
fn returns_use_88_to_94() {
    let bytes = encoded(|e| {
        e.return_receiver();
        e.return_true();
        e.return_false();
        e.return_nil();
        e.return_top();
        e.block_return_nil();
        e.block_return_top();
    });
    assert_eq!(bytes, [88, 89, 90, 91, 92, 93, 94]);
}

#[test]
fn call_primitive_is_little_endian() {
    assert_eq!(encoded(|e| e.call_primitive(0x0102)), [248, 2, 1]);
}

#[test]
fn jump_one_is_176() {
    assert_eq!(encoded(|e| e.jump(1)), [176]);
}

#[test]
fn jump_eight_is_183() {
    assert_eq!(encoded(|e| e.jump(8)), [183]);
}

#[test]
fn jump_nine_uses_237() {
    assert_eq!(encoded(|e| e.jump(9)), [237, 9]);
}

#[test]
fn jump_255_has_no_extension() {
    assert_eq!(encoded(|e| e.jump(255)), [237, 255]);
}

#[test]
fn jump_256_uses_ext_b_one() {
    assert_eq!(encoded(|e| e.jump(256)), [225, 1, 237, 0]);
}

#[test]
fn jump_minus_one_uses_ext_b_minus_one() {
    assert_eq!(encoded(|e| e.jump(-1)), [225, 255, 237, 255]);
}

#[test]
fn jump_minus_256_uses_ext_b_minus_one_and_zero() {
    assert_eq!(encoded(|e| e.jump(-256)), [225, 255, 237, 0]);
}

#[test]
fn jump_minus_257_uses_ext_b_minus_two() {
    assert_eq!(encoded(|e| e.jump(-257)), [225, 254, 237, 255]);
}

#[test]
fn jump_32767_uses_ext_b_127() {
    assert_eq!(encoded(|e| e.jump(32767)), [225, 127, 237, 255]);
}

#[test]
fn jump_zero_uses_long_form() {
    assert_eq!(encoded(|e| e.jump(0)), [237, 0]);
}

#[test]
#[should_panic(expected = "out of range")]
fn jump_32768_panics() {
    encoded(|e| e.jump(32768));
}

#[test]
fn jump_size_matches_emitted_length_at_edges() {
    for offset in [0, 1, 8, 9, 255, 256, -1, -256, -257, 32767, -32768] {
        let length = encoded(|e| e.jump(offset)).len();
        assert_eq!(Encoder::jump_size(offset), length, "offset {offset}");
    }
}

#[test]
fn conditional_jump_size_matches_emitted_length_at_edges() {
    for offset in [0, 1, 8, 9, 255, 256, 32767] {
        let length = encoded(|e| e.jump_if_false(offset)).len();
        assert_eq!(
            Encoder::conditional_jump_size(offset),
            length,
            "offset {offset}"
        );
    }
}

#[test]
fn jump_if_true_short_forms_are_184_to_191() {
    assert_eq!(
        encoded(|e| {
            e.jump_if_true(1);
            e.jump_if_true(8);
        }),
        [184, 191]
    );
}

#[test]
fn jump_if_false_short_forms_are_192_to_199() {
    assert_eq!(
        encoded(|e| {
            e.jump_if_false(1);
            e.jump_if_false(8);
        }),
        [192, 199]
    );
}

#[test]
fn jump_if_true_300_uses_ext_b_then_238() {
    assert_eq!(encoded(|e| e.jump_if_true(300)), [225, 1, 238, 44]);
}

#[test]
fn jump_if_false_nine_uses_239() {
    assert_eq!(encoded(|e| e.jump_if_false(9)), [239, 9]);
}

#[test]
#[should_panic(expected = "out of range")]
fn conditional_jump_32768_panics() {
    encoded(|e| e.jump_if_true(32768));
}

#[test]
fn jump_backward_to_start_of_loop_counts_its_own_length() {
    let bytes = encoded(|e| {
        e.push_nil();
        e.pop();
        e.jump_backward_to(0);
    });
    // pc after the jump is 6; 6 - 6 = 0 → offset -6.
    assert_eq!(bytes, [79, 216, 225, 255, 237, 250]);
}

#[test]
fn jump_backward_to_current_position_jumps_over_itself_backwards() {
    assert_eq!(encoded(|e| e.jump_backward_to(0)), [225, 255, 237, 252]);
}

#[test]
fn append_splices_bytes_after_existing_ones() {
    let mut first = Encoder::new();
    first.push_nil();
    let mut second = Encoder::new();
    second.return_top();
    first.append(&second);
    assert_eq!(first.bytes(), [79, 92]);
}

#[test]
fn new_encoder_is_empty() {
    let mut encoder = Encoder::new();
    assert!(encoder.is_empty());
    encoder.pop();
    assert_eq!((encoder.is_empty(), encoder.len()), (false, 1));
}
