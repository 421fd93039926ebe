use super::*;

#[test]
fn the_origin_never_escapes() {
    assert_eq!(iterations_at(0.0, 0.0), MAX_ITERATIONS);
}

#[test]
fn a_far_point_escapes_after_one_iteration() {
    assert_eq!(iterations_at(3.0, 0.0), 1);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED + 1)));
}
