use super::*;

#[test]
fn a_tree_of_depth_3_has_15_nodes() {
    assert_eq!(Node::bottom_up(3).check(), 15);
}

#[test]
fn depth_6_run_sums_stretch_batches_and_long_lived_tree() {
    // stretch 2^8-1, batches 64 trees of depth 4 and 16 of depth 6, long-lived 2^7-1.
    assert_eq!(run_with(6), 255 + 64 * 31 + 16 * 127 + 127);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED - 1)));
}
