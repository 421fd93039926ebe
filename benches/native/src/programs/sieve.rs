//! Sieve: the sieve of Eratosthenes over 2..n (crossing out from i*i); answers how
//! many primes it found.

use std::hint::black_box;

/// What one run answers: the number of primes up to the limit.
pub type Answer = i64;

/// The sieve's upper limit.
pub const DEFAULT_SIZE: usize = 250_000;

/// How many primes are at most `DEFAULT_SIZE`.
pub const EXPECTED: Answer = 22_044;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Counts the primes in 2..=`limit`.
pub fn run_with(limit: usize) -> Answer {
    let limit = black_box(limit);
    let mut flags = vec![true; limit + 1];
    let mut count = 0;
    for i in 2..=limit {
        if flags[i] {
            count += 1;
            let mut multiple = i * i;
            while multiple <= limit {
                flags[multiple] = false;
                multiple += i;
            }
        }
    }
    count
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

#[cfg(test)]
mod tests;
