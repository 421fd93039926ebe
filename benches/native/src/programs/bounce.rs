//! Bounce: balls with random positions and velocities move in a 500 x 500 box and
//! bounce off its walls; answers how many wall hits there were.

use std::hint::black_box;

use super::random::Random;

/// What one run answers: the number of wall hits.
pub type Answer = i64;

/// How many steps the balls move.
pub const DEFAULT_SIZE: usize = 2_000;

/// The hit count for `DEFAULT_SIZE` steps.
pub const EXPECTED: Answer = 53_632;

const BALL_COUNT: usize = 100;
const LIMIT: i64 = 500;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Moves a fresh set of balls `steps` times.
pub fn run_with(steps: usize) -> Answer {
    let mut random = Random::new();
    let mut balls: Vec<Ball> = (0..BALL_COUNT).map(|_| Ball::new(&mut random)).collect();
    let mut hits = 0;
    for _ in 0..black_box(steps) {
        for ball in balls.iter_mut() {
            hits += ball.step();
        }
    }
    hits
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

struct Ball {
    x: i64,
    y: i64,
    x_velocity: i64,
    y_velocity: i64,
}

impl Ball {
    fn new(random: &mut Random) -> Ball {
        Ball {
            x: random.next_random() % LIMIT,
            y: random.next_random() % LIMIT,
            x_velocity: random.next_random() % 300 - 150,
            y_velocity: random.next_random() % 300 - 150,
        }
    }

    /// Moves once; answers how many walls the ball hit.
    fn step(&mut self) -> i64 {
        self.x += self.x_velocity;
        self.y += self.y_velocity;
        let mut hits = 0;
        if self.x > LIMIT {
            self.x = LIMIT;
            self.x_velocity = -self.x_velocity.abs();
            hits += 1;
        }
        if self.x < 0 {
            self.x = 0;
            self.x_velocity = self.x_velocity.abs();
            hits += 1;
        }
        if self.y > LIMIT {
            self.y = LIMIT;
            self.y_velocity = -self.y_velocity.abs();
            hits += 1;
        }
        if self.y < 0 {
            self.y = 0;
            self.y_velocity = self.y_velocity.abs();
            hits += 1;
        }
        hits
    }
}

#[cfg(test)]
mod tests;
