use super::*;

#[test]
fn string_keys_find_700_keys_holding_the_last_value_written() {
    // key k holds 1400 + k for k in 1..=600, and 700 + k for k in 601..699, key0 holds 1400.
    let values: i64 = (0..700)
        .map(|k| if k <= 600 { 1400 + k } else { 700 + k })
        .sum();
    assert_eq!(string_keys(), 700 + values);
}

#[test]
fn rotating_the_queue_once_adds_one_element_value() {
    let unrotated = rotate_queue(0);
    // 1 becomes 2: the sum grows by 1, one more even, residue 1 becomes 2.
    assert_eq!(rotate_queue(1), unrotated + 3);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED + 1)));
}
