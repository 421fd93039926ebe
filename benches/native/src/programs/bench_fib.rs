//! `benchFib` from Squeak's tinyBenchmarks: doubly recursive Fibonacci that answers
//! how many calls it made (`n < 2` answers 1, otherwise `fib(n-1) + fib(n-2) + 1`).

use std::hint::black_box;

/// What one run answers: the number of calls `benchFib` made.
pub type Answer = i64;

/// The receiver of `benchFib` in one iteration.
pub const DEFAULT_SIZE: i64 = 27;

/// `27 benchFib`.
pub const EXPECTED: Answer = 635_621;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Answers `n benchFib`.
pub fn run_with(n: i64) -> Answer {
    bench_fib(black_box(n))
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn bench_fib(n: i64) -> i64 {
    if n < 2 {
        1
    } else {
        bench_fib(n - 1) + bench_fib(n - 2) + 1
    }
}

#[cfg(test)]
mod tests;
