//! `stvm bench [NAME…] [--iterations N] [--warmup N] [--json] [--compare-native]`: files in
//! `benches/smalltalk/*.st` (file-name order), finds the `Bench*` classes, runs
//! each one's `new run` 3 times untimed and N times timed (host monotonic clock
//! around the `run` alone), checks every answer with `verify:`, and prints the
//! table or JSON of `benches/README.md`. `--compare-native` also runs the Rust
//! baseline (`stvm-native-benches`, linked in) with the same plan and prints
//! stvm/native ratios and their geometric mean (on stderr with `--json`, so that
//! stdout stays the JSON array). Exit status: 0 all OK, 1 a failure, 2 unknown NAME.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stvm_native_benches::harness::{self, Plan, Progress, Summary};
use stvm_native_benches::{report, BENCHMARKS};
use stvm_vm::{Vm, VmError};

use crate::args::BenchOptions;

/// Untimed iterations before the timed ones when `--warmup` is not given.
const WARMUP_ITERATIONS: usize = 3;
/// Timed iterations when `--iterations` is not given.
const DEFAULT_ITERATIONS: usize = 10;

/// One benchmark of the suite.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SuiteEntry {
    /// Its `benchmarkName` (the file stem when filing in failed).
    name: String,
    /// Its class, or why it cannot run.
    class: Result<String, String>,
}

/// Runs `stvm bench` on `vm`; answers the exit status.
pub fn run(mut vm: Vm, options: &BenchOptions) -> Result<i64, String> {
    let directory = benches_directory()
        .ok_or("benches/smalltalk not found (run from the repository or set STVM_BENCHES)")?;
    let suite = load_suite(&mut vm, &benchmark_files(&directory)?);
    let selected = match select(&suite, &options.names) {
        Ok(selected) => selected,
        Err(unknown) => {
            eprintln!("stvm: unknown benchmark {unknown}");
            return Ok(2);
        }
    };
    let plan = Plan {
        warmup: options.warmup.unwrap_or(WARMUP_ITERATIONS),
        iterations: options.iterations.unwrap_or(DEFAULT_ITERATIONS).max(1),
    };
    let summaries = measure_suite(&mut vm, &selected, plan);
    if options.json {
        print!("{}", report::json(&summaries));
    } else {
        print!("{}", report::table(&summaries));
    }
    if options.compare_native {
        let comparison = compare_native(&summaries, plan);
        if options.json {
            eprint!("{comparison}");
        } else {
            print!("\n{comparison}");
        }
    }
    Ok(if summaries.iter().all(|summary| summary.ok) {
        0
    } else {
        1
    })
}

/// `$STVM_BENCHES`, else the first `benches/smalltalk` found in the current
/// directory, the executable's ancestors or the source tree stvm was built from.
fn benches_directory() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("STVM_BENCHES") {
        return Some(PathBuf::from(path));
    }
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Ok(current) = std::env::current_dir() {
        roots.push(current);
    }
    if let Ok(executable) = std::env::current_exe() {
        roots.extend(executable.ancestors().skip(1).map(Path::to_path_buf));
    }
    roots.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    roots
        .into_iter()
        .map(|root| root.join("benches").join("smalltalk"))
        .find(|candidate| candidate.is_dir())
}

/// The `.st` files of `directory`, sorted by file name.
fn benchmark_files(directory: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(directory)
        .map_err(|error| format!("cannot read {}: {error}", directory.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "st"))
        .collect();
    files.sort();
    Ok(files)
}

/// Files in every file and names its benchmarks (a file that fails to file in
/// stands for one failing benchmark named after the file).
fn load_suite(vm: &mut Vm, files: &[PathBuf]) -> Vec<SuiteEntry> {
    let mut suite = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let loaded = std::fs::read_to_string(file)
            .map_err(|error| error.to_string())
            .and_then(|text| {
                vm.file_in(&text, &file.to_string_lossy())
                    .map(|()| text)
                    .map_err(|error| error.to_string())
            });
        match loaded {
            Ok(text) => suite.extend(benchmark_classes(&text).into_iter().map(|class| {
                let name = benchmark_name(vm, &class).unwrap_or_else(|_| class.clone());
                SuiteEntry {
                    name,
                    class: Ok(class),
                }
            })),
            Err(error) => {
                eprintln!("stvm bench: {}: {error}", file.display());
                suite.push(SuiteEntry {
                    name: stem,
                    class: Err(error),
                });
            }
        }
    }
    suite
}

/// Names of the classes `text` defines whose names start with `Bench`.
fn benchmark_classes(text: &str) -> Vec<String> {
    let mut classes = Vec::new();
    for (position, _) in text.match_indices("subclass: #") {
        let rest = &text[position + "subclass: #".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with("Bench") && !classes.contains(&name) {
            classes.push(name);
        }
    }
    classes
}

/// `aClass benchmarkName`.
fn benchmark_name(vm: &mut Vm, class: &str) -> Result<String, VmError> {
    let name = vm.evaluate(&format!("{class} benchmarkName"))?;
    vm.string_value(name)
}

/// The entries named in `names` (ignoring case), all when `names` is empty;
/// `Err` with the first unknown name.
fn select<'a>(suite: &'a [SuiteEntry], names: &[String]) -> Result<Vec<&'a SuiteEntry>, String> {
    if names.is_empty() {
        return Ok(suite.iter().collect());
    }
    names
        .iter()
        .map(|wanted| {
            suite
                .iter()
                .find(|entry| entry.name.eq_ignore_ascii_case(wanted))
                .ok_or_else(|| wanted.clone())
        })
        .collect()
}

/// Runs every selected benchmark, with a progress line on a terminal's stderr.
fn measure_suite(vm: &mut Vm, selected: &[&SuiteEntry], plan: Plan) -> Vec<Summary> {
    let show_progress = std::io::stderr().is_terminal();
    let count = selected.len();
    let summaries = selected
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let mut progress = |step: Progress<'_>| {
                if show_progress {
                    print_progress(index + 1, count, step);
                }
            };
            measure_benchmark(vm, entry, plan, &mut progress)
        })
        .collect();
    if show_progress {
        eprint!("\r\x1b[K");
    }
    summaries
}

/// `[3/18] Richards iteration 4/10`, rewritten in place.
fn print_progress(number: usize, count: usize, step: Progress<'_>) {
    let phase = if step.warming_up {
        "warm-up"
    } else {
        "iteration"
    };
    eprint!(
        "\r\x1b[K[{number}/{count}] {} {phase} {}/{}",
        step.name, step.iteration, step.of
    );
    let _ = std::io::stderr().flush();
}

/// Warm-up and timed iterations of one benchmark; any error or wrong answer
/// makes it not OK.
fn measure_benchmark(
    vm: &mut Vm,
    entry: &SuiteEntry,
    plan: Plan,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Summary {
    let Ok(class) = &entry.class else {
        return harness::summarise(&entry.name, &[], false);
    };
    let mut ok = true;
    let mut times = Vec::with_capacity(plan.iterations);
    let phases = [(true, plan.warmup), (false, plan.iterations)];
    for (warming_up, of) in phases {
        for iteration in 1..=of {
            progress(Progress {
                name: &entry.name,
                warming_up,
                iteration,
                of,
            });
            match run_iteration(vm, class) {
                Ok((elapsed, verified)) => {
                    ok &= verified;
                    if !warming_up {
                        times.push(elapsed);
                    }
                }
                Err(error) => {
                    eprintln!("\nstvm bench: {}: {error}", entry.name);
                    return harness::summarise(&entry.name, &times, false);
                }
            }
        }
    }
    harness::summarise(&entry.name, &times, ok)
}

/// One `class new run` (timed; its answer kept in the global `StvmBenchResult`)
/// and its `verify:` (untimed).
fn run_iteration(vm: &mut Vm, class: &str) -> Result<(Duration, bool), VmError> {
    let source = format!("Smalltalk at: #StvmBenchResult put: {class} new run");
    let method = vm.compile_doit(&source, "stvm bench", 1, 1)?;
    let nil = vm.interpreter().heap().nil();
    let start = Instant::now();
    vm.interpreter().run_method(method, nil, &[])?;
    let elapsed = start.elapsed();
    let verified = vm.evaluate(&format!(
        "{class} new verify: (Smalltalk at: #StvmBenchResult)"
    ))?;
    Ok((elapsed, verified == vm.interpreter().heap().true_object()))
}

/// Runs the native versions of `summaries` and reports stvm/native per
/// benchmark and the geometric mean of those ratios.
fn compare_native(summaries: &[Summary], plan: Plan) -> String {
    let mut ratios = Vec::new();
    let mut text = format!(
        "{:<12}  {:>10}  {:>10}  {:>11}\n",
        "name", "stvm ms", "native ms", "stvm/native"
    );
    for summary in summaries {
        let Some(native) = BENCHMARKS
            .iter()
            .find(|benchmark| benchmark.name.eq_ignore_ascii_case(&summary.name))
        else {
            text.push_str(&format!("{:<12}  (no native version)\n", summary.name));
            continue;
        };
        let native = harness::run_benchmark(native, plan, &mut |_| {});
        let ratio = ratio(summary, &native);
        text.push_str(&format!(
            "{:<12}  {:>10.3}  {:>10.3}  {:>11}\n",
            summary.name,
            summary.median_ms,
            native.median_ms,
            ratio.map_or("-".to_string(), |ratio| format!("{ratio:.1}"))
        ));
        ratios.extend(ratio);
    }
    match geometric_mean(&ratios) {
        Some(mean) => text.push_str(&format!(
            "geometric mean stvm/native over {} benchmarks: {mean:.1}\n",
            ratios.len()
        )),
        None => text.push_str("geometric mean stvm/native: -\n"),
    }
    text
}

/// stvm median / native median, when both ran correctly and took time.
fn ratio(stvm: &Summary, native: &Summary) -> Option<f64> {
    (stvm.ok && native.ok && stvm.median_ms > 0.0 && native.median_ms > 0.0)
        .then(|| stvm.median_ms / native.median_ms)
}

/// The geometric mean of positive `values` (None when there are none).
fn geometric_mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let log_sum: f64 = values.iter().map(|value| value.ln()).sum();
    Some((log_sum / values.len() as f64).exp())
}

#[cfg(test)]
mod tests;
