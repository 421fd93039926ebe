use super::*;

#[test]
fn there_are_25_primes_up_to_100() {
    assert_eq!(run_with(100), 25);
}

#[test]
fn there_are_no_primes_up_to_1() {
    assert_eq!(run_with(1), 0);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED - 1)));
}
