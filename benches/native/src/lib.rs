//! The stvm benchmark programs written in plain Rust, as the physical-limit baseline
//! for `stvm bench --compare-native`: the same algorithms with the same sizes and the
//! same answers as `benches/smalltalk/*.st`, plus the harness that times them and the
//! report formats `stvm bench` prints too.

pub mod cli;
pub mod harness;
pub mod programs;
pub mod report;

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One timed run of one benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Wall-clock time of `run()` alone (verification is not timed).
    pub elapsed: Duration,
    /// Whether `verify` accepted the answer.
    pub ok: bool,
}

/// A benchmark program: its name (the same as the Smalltalk `benchmarkName`) and a
/// function that runs it once, timed, and verifies the answer.
#[derive(Clone, Copy)]
pub struct Benchmark {
    /// The name `stvm bench` reports for the Smalltalk version.
    pub name: &'static str,
    /// Runs one iteration at the default size.
    pub measure: fn() -> Sample,
    /// Runs one iteration and answers its answer, printed (`{:?}`), untimed.
    pub answer: fn() -> String,
    /// The expected answer, printed (`{:?}`).
    pub expected: fn() -> String,
}

/// Times `run` and checks its answer with `verify`.
pub fn measure<A>(run: fn() -> A, verify: fn(&A) -> bool) -> Sample {
    let start = Instant::now();
    let answer = black_box(run());
    let elapsed = start.elapsed();
    Sample {
        elapsed,
        ok: verify(&answer),
    }
}

macro_rules! benchmark {
    ($name:literal, $program:ident) => {
        Benchmark {
            name: $name,
            measure: || measure(programs::$program::run, programs::$program::verify),
            answer: || format!("{:?}", programs::$program::run()),
            expected: || format!("{:?}", programs::$program::EXPECTED),
        }
    };
}

/// Every benchmark, in the order they are reported.
pub const BENCHMARKS: &[Benchmark] = &[
    benchmark!("BenchFib", bench_fib),
    benchmark!("Benchmark", tiny_benchmark),
    benchmark!("Richards", richards),
    benchmark!("DeltaBlue", delta_blue),
    benchmark!("NBody", n_body),
    benchmark!("BinaryTrees", binary_trees),
    benchmark!("Fannkuch", fannkuch),
    benchmark!("Mandelbrot", mandelbrot),
    benchmark!("Queens", queens),
    benchmark!("Sieve", sieve),
    benchmark!("Towers", towers),
    benchmark!("Permute", permute),
    benchmark!("Bounce", bounce),
    benchmark!("List", list),
    benchmark!("Storage", storage),
    benchmark!("JsonParser", json),
    benchmark!("Collections", collections),
    benchmark!("Strings", strings),
];

/// The benchmark called `name` (ignoring ASCII case).
pub fn find(name: &str) -> Option<&'static Benchmark> {
    BENCHMARKS
        .iter()
        .find(|benchmark| benchmark.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests;
