use super::*;

#[test]
fn three_discs_take_seven_moves() {
    assert_eq!(run_with(3), 7);
}

#[test]
fn a_larger_disc_on_a_smaller_one_is_illegal() {
    let mut towers = Towers {
        piles: [vec![2], vec![1], Vec::new()],
        moves: 0,
        illegal: false,
    };
    towers.move_top_disc(0, 1);
    assert!(towers.illegal);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_the_failure_answer() {
    assert!(!verify(&-1));
}
