use super::*;

#[test]
fn one_tree_allocates_every_node_of_a_depth_7_quad_tree() {
    assert_eq!(run_with(1)[0], (4i64.pow(7) - 1) / 3);
}

#[test]
fn leaves_hold_between_one_and_ten_slots_each() {
    let leaf_slots = run_with(1)[1];
    assert!((4096..=40960).contains(&leaf_slots), "{leaf_slots}");
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&[EXPECTED[0], EXPECTED[1] - 1]));
}
