use super::*;

fn encoded(build: impl FnOnce(&mut Encoder)) -> Vec<u8> {
    let mut encoder = Encoder::new();
    build(&mut encoder);
    encoder.into_bytes()
}

#[test]
fn push_temp_fifteen_is_one_byte() {
    assert_eq!(encoded(|e| e.push_temp(15)), [31]);
}

#[test]
fn push_temp_sixteen_uses_extended_push() {
    assert_eq!(encoded(|e| e.push_temp(16)), [128, 64 | 16]);
}

#[test]
#[should_panic(expected = "cannot encode variable index 64")]
fn push_temp_sixty_four_panics() {
    encoded(|e| e.push_temp(64));
}

#[test]
fn push_literal_sixty_four_uses_double_extended() {
    assert_eq!(encoded(|e| e.push_literal(64)), [132, 3 << 5, 64]);
}

#[test]
fn push_literal_variable_thirty_one_is_one_byte() {
    assert_eq!(encoded(|e| e.push_literal_variable(31)), [95]);
}

#[test]
fn pop_into_receiver_variable_eight_uses_130() {
    assert_eq!(encoded(|e| e.pop_into_receiver_variable(8)), [130, 8]);
}

#[test]
fn store_temp_uses_129() {
    assert_eq!(encoded(|e| e.store_temp(3)), [129, 64 | 3]);
}

#[test]
fn pop_into_literal_variable_100_stores_then_pops() {
    assert_eq!(
        encoded(|e| e.pop_into_literal_variable(100)),
        [132, 7 << 5, 100, 135]
    );
}

#[test]
fn push_small_integer_covers_minus_one_to_two_only() {
    let mut encoder = Encoder::new();
    let accepted: Vec<bool> = (-2..=3).map(|v| encoder.push_small_integer(v)).collect();
    assert_eq!(
        (accepted, encoder.into_bytes()),
        (
            vec![false, true, true, true, true, false],
            vec![116, 117, 118, 119]
        )
    );
}

#[test]
fn send_picks_131_for_three_args() {
    assert_eq!(encoded(|e| e.send(5, 3)), [131, 3 << 5 | 5]);
}

#[test]
fn send_picks_134_for_index_forty() {
    assert_eq!(encoded(|e| e.send(40, 1)), [134, 1 << 6 | 40]);
}

#[test]
fn send_picks_132_for_index_100() {
    assert_eq!(encoded(|e| e.send(100, 1)), [132, 1, 100]);
}

#[test]
fn super_send_of_index_40_uses_132() {
    assert_eq!(encoded(|e| e.super_send(40, 1)), [132, 1 << 5 | 1, 40]);
}

#[test]
fn push_closure_packs_counts_and_big_endian_size() {
    assert_eq!(encoded(|e| e.push_closure(1, 2, 0x0304)), [143, 0x12, 3, 4]);
}

#[test]
fn jump_eight_is_151() {
    assert_eq!(encoded(|e| e.jump(8)), [151]);
}

#[test]
fn jump_minus_one_is_163_255() {
    assert_eq!(encoded(|e| e.jump(-1)), [163, 255]);
}

#[test]
fn jump_1023_is_167_255() {
    assert_eq!(encoded(|e| e.jump(1023)), [167, 255]);
}

#[test]
fn jump_if_false_300_uses_173() {
    assert_eq!(encoded(|e| e.jump_if_false(300)), [173, 44]);
}

#[test]
fn jump_if_true_one_has_no_short_form() {
    assert_eq!(encoded(|e| e.jump_if_true(1)), [168, 1]);
}

#[test]
fn jump_sizes_match_emitted_lengths() {
    for offset in [0, 1, 8, 9, 255, 256, -1, -256, -257, 1023, -1024] {
        assert_eq!(
            Encoder::jump_size(offset),
            encoded(|e| e.jump(offset)).len(),
            "offset {offset}"
        );
    }
}

#[test]
fn jump_backward_to_loop_start_counts_its_own_length() {
    assert_eq!(
        encoded(|e| {
            e.push_nil();
            e.pop();
            e.jump_backward_to(0);
        }),
        [115, 135, 163, 252]
    );
}
