use super::*;

#[test]
fn chain_test_sees_every_edited_value_at_the_end_of_the_chain() {
    assert_eq!(chain_test(10), Some(4950));
}

#[test]
fn projection_test_of_three_pairs_answers_its_checksum() {
    // 1170 + 5, then 1000+1005+1025 after scale 5, then 2000+2005+2025 after offset 2000.
    assert_eq!(projection_test(3), Some(1175 + 3030 + 6030));
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_the_failure_answer() {
    assert!(!verify(&-1));
}
