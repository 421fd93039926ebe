//! Running a benchmark: warm-up iterations, then timed iterations, summarised as
//! median, minimum and maximum. `stvm bench` follows the same protocol.

use std::time::Duration;

use crate::{Benchmark, Sample};

/// How many iterations to run, untimed and timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Untimed iterations first (their answers are still verified).
    pub warmup: usize,
    /// Timed iterations (at least 1).
    pub iterations: usize,
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            warmup: 3,
            iterations: 10,
        }
    }
}

/// The outcome of running one benchmark.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The benchmark's name.
    pub name: String,
    /// How many timed iterations the statistics cover.
    pub iterations: usize,
    /// Median time of one iteration in milliseconds (mean of the two middle ones for an even count).
    pub median_ms: f64,
    /// Fastest iteration in milliseconds.
    pub min_ms: f64,
    /// Slowest iteration in milliseconds.
    pub max_ms: f64,
    /// True iff every iteration, warm-up included, answered correctly.
    pub ok: bool,
}

/// Where a run is, for a progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The benchmark running.
    pub name: &'a str,
    /// True while warming up.
    pub warming_up: bool,
    /// 1-based number of the iteration about to run.
    pub iteration: usize,
    /// How many iterations this phase has.
    pub of: usize,
}

/// Runs `benchmark` by `plan`, telling `progress` before every iteration.
pub fn run_benchmark(
    benchmark: &Benchmark,
    plan: Plan,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Summary {
    let mut ok = true;
    for iteration in 1..=plan.warmup {
        progress(Progress {
            name: benchmark.name,
            warming_up: true,
            iteration,
            of: plan.warmup,
        });
        ok &= (benchmark.measure)().ok;
    }
    let iterations = plan.iterations.max(1);
    let mut times = Vec::with_capacity(iterations);
    for iteration in 1..=iterations {
        progress(Progress {
            name: benchmark.name,
            warming_up: false,
            iteration,
            of: iterations,
        });
        let Sample {
            elapsed,
            ok: answer_ok,
        } = (benchmark.measure)();
        ok &= answer_ok;
        times.push(elapsed);
    }
    summarise(benchmark.name, &times, ok)
}

/// Median, minimum and maximum of `times` (which must not be empty to be meaningful;
/// an empty slice gives zeros).
pub fn summarise(name: &str, times: &[Duration], ok: bool) -> Summary {
    let mut milliseconds: Vec<f64> = times
        .iter()
        .map(|time| time.as_secs_f64() * 1000.0)
        .collect();
    milliseconds.sort_by(f64::total_cmp);
    Summary {
        name: name.to_string(),
        iterations: times.len(),
        median_ms: median(&milliseconds),
        min_ms: milliseconds.first().copied().unwrap_or(0.0),
        max_ms: milliseconds.last().copied().unwrap_or(0.0),
        ok,
    }
}

/// The median of sorted values: the middle one, or the mean of the two middle ones.
pub fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests;
