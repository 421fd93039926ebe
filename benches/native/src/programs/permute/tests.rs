use super::*;

#[test]
fn three_elements_are_visited_in_heaps_order() {
    // 123, 213, 312, 132, 231, 321: first elements 1 2 3 1 2 3.
    let expected = [1, 2, 3, 1, 2, 3]
        .iter()
        .fold(0, |sum, first| (sum * 31 + first) % CHECKSUM_MODULUS);
    assert_eq!(run_with(3), [6, expected]);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_checksum() {
    assert!(!verify(&[EXPECTED[0], EXPECTED[1] + 1]));
}
