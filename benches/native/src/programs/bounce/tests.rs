use super::*;

#[test]
fn a_ball_crossing_the_right_wall_turns_back() {
    let mut ball = Ball {
        x: 490,
        y: 10,
        x_velocity: 20,
        y_velocity: 0,
    };
    assert_eq!((ball.step(), ball.x, ball.x_velocity), (1, 500, -20));
}

#[test]
fn a_ball_crossing_a_corner_hits_two_walls() {
    let mut ball = Ball {
        x: 5,
        y: 5,
        x_velocity: -10,
        y_velocity: -10,
    };
    assert_eq!(ball.step(), 2);
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_a_wrong_answer() {
    assert!(!verify(&(EXPECTED + 1)));
}
