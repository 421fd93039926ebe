use super::*;

fn entry(name: &str, class: &str) -> SuiteEntry {
    SuiteEntry {
        name: name.to_string(),
        class: Ok(class.to_string()),
    }
}

fn summary(name: &str, median_ms: f64, ok: bool) -> Summary {
    Summary {
        name: name.to_string(),
        iterations: 1,
        median_ms,
        min_ms: median_ms,
        max_ms: median_ms,
        ok,
    }
}

#[test]
fn benchmark_classes_finds_bench_classes_and_skips_helpers() {
    let text = "Object subclass: #BenchRichards\n instanceVariableNames: ''!\n\
                Object subclass: #RichardsTask\n instanceVariableNames: ''!";
    assert_eq!(benchmark_classes(text), vec!["BenchRichards".to_string()]);
}

#[test]
fn benchmark_classes_lists_a_class_once() {
    let text = "Object subclass: #BenchA ! Object subclass: #BenchA !";
    assert_eq!(benchmark_classes(text), vec!["BenchA".to_string()]);
}

#[test]
fn select_without_names_answers_the_whole_suite_in_order() {
    let suite = vec![entry("Fib", "BenchFib"), entry("Sieve", "BenchSieve")];
    let selected = select(&suite, &[]).expect("all");
    assert_eq!(selected, vec![&suite[0], &suite[1]]);
}

#[test]
fn select_matches_names_ignoring_case() {
    let suite = vec![entry("Fib", "BenchFib"), entry("Sieve", "BenchSieve")];
    let selected = select(&suite, &["sieve".to_string()]).expect("sieve");
    assert_eq!(selected, vec![&suite[1]]);
}

#[test]
fn select_reports_the_first_unknown_name() {
    let suite = vec![entry("Fib", "BenchFib")];
    assert_eq!(
        select(&suite, &["fib".to_string(), "Nope".to_string()]),
        Err("Nope".to_string())
    );
}

#[test]
fn geometric_mean_of_ratios_is_the_root_of_their_product() {
    let mean = geometric_mean(&[2.0, 8.0]).expect("mean");
    assert!((mean - 4.0).abs() < 1e-12);
}

#[test]
fn geometric_mean_of_nothing_is_none() {
    assert_eq!(geometric_mean(&[]), None);
}

#[test]
fn ratio_is_stvm_median_over_native_median() {
    let ratio = ratio(&summary("A", 30.0, true), &summary("A", 1.5, true));
    assert_eq!(ratio, Some(20.0));
}

#[test]
fn ratio_of_a_failed_benchmark_is_none() {
    assert_eq!(
        ratio(&summary("A", 30.0, false), &summary("A", 1.5, true)),
        None
    );
}

#[test]
fn failed_file_in_makes_a_benchmark_that_is_not_ok() {
    let failing = SuiteEntry {
        name: "Broken".to_string(),
        class: Err("syntax error".to_string()),
    };
    let vm = Vm::embedded(stvm_vm::VmOptions::default());
    let mut vm = vm.expect("embedded image");
    let summary = measure_benchmark(&mut vm, &failing, Plan::default(), &mut |_| {});
    assert!(!summary.ok);
}
