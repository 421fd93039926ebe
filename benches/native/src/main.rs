//! `stvm-native-benches`: runs the native benchmark programs and prints a table or JSON.
//! Exit status: 0 when every answer was right, 1 when one was wrong, 2 on a usage error.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use stvm_native_benches::cli::{self, USAGE};
use stvm_native_benches::harness::{run_benchmark, Plan, Progress, Summary};
use stvm_native_benches::{find, report, Benchmark, BENCHMARKS};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let options = match cli::parse(&arguments) {
        Ok(options) => options,
        Err(error) => return usage_error(&error.to_string()),
    };
    if options.help {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if options.list {
        BENCHMARKS
            .iter()
            .for_each(|benchmark| println!("{}", benchmark.name));
        return ExitCode::SUCCESS;
    }
    let selected = match select(&options.names) {
        Ok(selected) => selected,
        Err(unknown) => {
            return usage_error(&format!("no benchmark called {unknown:?} (try --list)"))
        }
    };
    if options.answers {
        selected
            .iter()
            .for_each(|benchmark| println!("{} {}", benchmark.name, (benchmark.answer)()));
        return ExitCode::SUCCESS;
    }
    let summaries = run_all(&selected, options.plan);
    print!(
        "{}",
        if options.json {
            report::json(&summaries)
        } else {
            report::table(&summaries)
        }
    );
    if summaries.iter().all(|summary| summary.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Runs every benchmark in `selected`, with a progress line when stderr is a terminal.
fn run_all(selected: &[&'static Benchmark], plan: Plan) -> Vec<Summary> {
    let show_progress = std::io::stderr().is_terminal();
    let mut summaries = Vec::with_capacity(selected.len());
    for (index, benchmark) in selected.iter().enumerate() {
        let mut progress = |p: Progress<'_>| {
            if show_progress {
                print_progress(index + 1, selected.len(), p);
            }
        };
        summaries.push(run_benchmark(benchmark, plan, &mut progress));
    }
    if show_progress {
        eprint!("\r\x1b[K");
    }
    summaries
}

/// The benchmarks named (all when none are), or the first unknown name.
fn select(names: &[String]) -> Result<Vec<&'static Benchmark>, String> {
    if names.is_empty() {
        return Ok(BENCHMARKS.iter().collect());
    }
    names
        .iter()
        .map(|name| find(name).ok_or_else(|| name.clone()))
        .collect()
}

fn print_progress(position: usize, count: usize, progress: Progress<'_>) {
    let phase = if progress.warming_up {
        "warm-up"
    } else {
        "iteration"
    };
    eprint!(
        "\r\x1b[K[{position}/{count}] {} {phase} {}/{}",
        progress.name, progress.iteration, progress.of
    );
    let _ = std::io::stderr().flush();
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("stvm-native-benches: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
