use super::*;

#[test]
fn seven_elements_give_the_published_checksum_and_flips() {
    assert_eq!(run_with(7), [228, 16]);
}

#[test]
fn one_element_needs_no_flips() {
    assert_eq!(run_with(1), [0, 0]);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_swapped_values() {
    assert!(!verify(&[EXPECTED[1], EXPECTED[0]]));
}
