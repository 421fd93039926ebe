use super::*;

#[test]
fn bench_fib_of_small_numbers_counts_its_calls() {
    let answers: Vec<i64> = (0..6).map(run_with).collect();
    assert_eq!(answers, vec![1, 1, 3, 5, 9, 15]);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED + 1)));
}
