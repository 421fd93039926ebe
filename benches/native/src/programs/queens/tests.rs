use super::*;

#[test]
fn boards_of_one_to_eight_have_the_known_solution_counts() {
    let counts: Vec<i64> = (1..=8).map(run_with).collect();
    assert_eq!(counts, vec![1, 0, 0, 2, 10, 4, 40, 92]);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_the_eight_queens_count() {
    assert!(!verify(&92));
}
