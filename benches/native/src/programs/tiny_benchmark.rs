//! `Integer>>benchmark` from Squeak's tinyBenchmarks: the sieve over 8190 flags
//! (flag `i` stands for the number `i + 1`), run `n` times; answers the last count.

use std::hint::black_box;

/// What one run answers: how many flags stayed set in the last sieve.
pub type Answer = i64;

/// The receiver of `benchmark` in one iteration (how many sieves run).
pub const DEFAULT_SIZE: i64 = 20;

/// `20 benchmark` (any receiver of at least 1 answers the same).
pub const EXPECTED: Answer = 1028;

const FLAG_COUNT: usize = 8190;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Answers `times benchmark`.
pub fn run_with(times: i64) -> Answer {
    let mut count = 0;
    for _ in 0..black_box(times) {
        count = sieve_once();
    }
    count
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn sieve_once() -> i64 {
    let mut flags = vec![true; FLAG_COUNT];
    let mut count = 0;
    for i in 1..=FLAG_COUNT {
        if flags[i - 1] {
            let prime = i + 1;
            let mut k = i + prime;
            while k <= FLAG_COUNT {
                flags[k - 1] = false;
                k += prime;
            }
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests;
