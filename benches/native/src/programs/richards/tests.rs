use super::*;

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn a_short_simulation_queues_fewer_packets() {
    let [queued, held] = run_with(100);
    assert!(queued > 0 && queued < EXPECTED[0], "queued {queued}");
    assert!(held > 0 && held < EXPECTED[1], "held {held}");
}

#[test]
fn verify_rejects_a_wrong_hold_count() {
    assert!(!verify(&[23_246, 9_296]));
}
