use super::*;

#[test]
fn initial_energy_is_the_published_value() {
    assert!(
        (run_with(0) - -0.169075164).abs() < 1.0e-9,
        "{}",
        run_with(0)
    );
}

#[test]
fn energy_after_1000_steps_is_the_published_value() {
    assert!(
        (run_with(1000) - -0.169087605).abs() < 1.0e-9,
        "{}",
        run_with(1000)
    );
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_the_initial_energy() {
    assert!(!verify(&run_with(0)));
}
