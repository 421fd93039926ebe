use super::*;

#[test]
fn benchmark_names_are_unique() {
    let mut names: Vec<&str> = BENCHMARKS.iter().map(|benchmark| benchmark.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), BENCHMARKS.len());
}

#[test]
fn find_ignores_case() {
    assert_eq!(
        find("richards").map(|benchmark| benchmark.name),
        Some("Richards")
    );
}

#[test]
fn find_answers_none_for_an_unknown_name() {
    assert!(find("NoSuchBenchmark").is_none());
}

#[test]
fn measure_reports_a_rejected_answer() {
    let sample = measure(|| 41, |answer| *answer == 42);
    assert!(!sample.ok);
}

fn smalltalk_source(benchmark: &Benchmark) -> String {
    let path = format!(
        "{}/../smalltalk/{}.st",
        env!("CARGO_MANIFEST_DIR"),
        benchmark.name
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The numbers in a printed answer such as `[23246, 9297]` or `-0.169`.
fn numbers_in(printed: &str) -> Vec<&str> {
    printed
        .split(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))
        .filter(|word| !word.is_empty())
        .collect()
}

#[test]
fn smalltalk_verify_methods_hold_the_native_expected_answers() {
    let mut mismatches = Vec::new();
    for benchmark in BENCHMARKS {
        let source = smalltalk_source(benchmark);
        let verify = source.split("verify: result").nth(1).unwrap_or("");
        let verify = verify.split("\n!").next().unwrap_or("");
        for number in numbers_in(&(benchmark.expected)()) {
            if !verify.contains(number) {
                mismatches.push(format!("{}: {number}", benchmark.name));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "expected answers missing from verify: methods: {mismatches:?}"
    );
}

#[test]
fn every_benchmark_has_a_smalltalk_file_whose_bench_class_answers_the_same_name() {
    let missing: Vec<&str> = BENCHMARKS
        .iter()
        .filter(|benchmark| {
            let source = smalltalk_source(benchmark);
            !(source.contains("subclass: #Bench")
                && source.contains(&format!("benchmarkName\n    ^ '{}'", benchmark.name)))
        })
        .map(|benchmark| benchmark.name)
        .collect();
    assert!(
        missing.is_empty(),
        "no Bench class answering benchmarkName for {missing:?}"
    );
}

#[test]
fn every_smalltalk_file_is_a_benchmark() {
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/../smalltalk");
    let mut strays = Vec::new();
    for entry in std::fs::read_dir(directory).expect("benches/smalltalk exists") {
        let path = entry.expect("directory entry").path();
        let stem = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("")
            .to_string();
        if path.extension().is_some_and(|extension| extension == "st") && find(&stem).is_none() {
            strays.push(stem);
        }
    }
    assert!(
        strays.is_empty(),
        "Smalltalk benchmarks without a native version: {strays:?}"
    );
}
