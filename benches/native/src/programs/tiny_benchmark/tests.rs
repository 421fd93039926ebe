use super::*;

#[test]
fn zero_sieves_answer_zero() {
    assert_eq!(run_with(0), 0);
}

#[test]
fn one_sieve_answers_the_classic_count_1028() {
    assert_eq!(run_with(1), 1028);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&1027));
}
