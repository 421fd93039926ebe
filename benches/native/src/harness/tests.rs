use super::*;

fn ms(values: &[u64]) -> Vec<Duration> {
    values
        .iter()
        .map(|&value| Duration::from_millis(value))
        .collect()
}

#[test]
fn median_of_an_odd_count_is_the_middle_value() {
    assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_middle_values() {
    assert_eq!(median(&[1.0, 2.0, 4.0, 9.0]), 3.0);
}

#[test]
fn summarise_sorts_before_taking_minimum_median_and_maximum() {
    let summary = summarise("X", &ms(&[30, 10, 20]), true);
    assert_eq!(
        (summary.min_ms, summary.median_ms, summary.max_ms),
        (10.0, 20.0, 30.0)
    );
}

#[test]
fn summarise_of_no_times_gives_zeros() {
    let summary = summarise("X", &[], true);
    assert_eq!((summary.iterations, summary.median_ms), (0, 0.0));
}

fn passing() -> Sample {
    Sample {
        elapsed: Duration::from_millis(1),
        ok: true,
    }
}

fn failing() -> Sample {
    Sample {
        elapsed: Duration::from_millis(1),
        ok: false,
    }
}

#[test]
fn run_benchmark_reports_every_warmup_and_timed_iteration() {
    let benchmark = Benchmark {
        name: "Fake",
        measure: passing,
        answer: String::new,
        expected: String::new,
    };
    let mut seen = Vec::new();
    let summary = run_benchmark(
        &benchmark,
        Plan {
            warmup: 2,
            iterations: 3,
        },
        &mut |p| seen.push((p.warming_up, p.iteration)),
    );
    assert_eq!(
        seen,
        vec![(true, 1), (true, 2), (false, 1), (false, 2), (false, 3)]
    );
    assert_eq!(summary.iterations, 3);
}

#[test]
fn run_benchmark_fails_when_an_answer_is_wrong() {
    let benchmark = Benchmark {
        name: "Fake",
        measure: failing,
        answer: String::new,
        expected: String::new,
    };
    let summary = run_benchmark(
        &benchmark,
        Plan {
            warmup: 0,
            iterations: 1,
        },
        &mut |_| {},
    );
    assert!(!summary.ok);
}

#[test]
fn run_benchmark_runs_at_least_one_timed_iteration() {
    let benchmark = Benchmark {
        name: "Fake",
        measure: passing,
        answer: String::new,
        expected: String::new,
    };
    let summary = run_benchmark(
        &benchmark,
        Plan {
            warmup: 0,
            iterations: 0,
        },
        &mut |_| {},
    );
    assert_eq!(summary.iterations, 1);
}
