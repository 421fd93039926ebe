//! Resuming each shared image as it was saved.
use stvm_interpreter::InterpreterError;
use stvm_vm::VmError;

use crate::support::{copy_of, vm_on_file};

const PHARO_CANDLE: &str = "pharocandle-spur64.image";
const HEADLESS: &str = "headless-spur32.image";
const CODE_PARADISE: &str = "codeparadise-client-spur32-sista.image";

/// True if `text` is `records` lines `N bytecodes/sec` (N decimal digits),
/// each ended by a carriage return (PharoCandle's line end).
pub fn is_bytecodes_per_second_log(text: &str, records: usize) -> bool {
    let lines: Vec<&str> = text.split('\r').collect();
    lines.len() == records + 1
        && lines.last() == Some(&"")
        && lines[..records].iter().all(|line| {
            line.strip_suffix(" bytecodes/sec").is_some_and(|number| {
                !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
            })
        })
}

#[test]
fn pharocandle_runs_its_benchmark_logs_bytecodes_per_second_and_quits_with_0() {
    let Some((directory, image)) = copy_of(PHARO_CANDLE) else {
        return;
    };
    let (mut vm, _) = vm_on_file(&image, &[]);
    assert_eq!(vm.resume().expect("resume"), 0);
    let log = std::fs::read_to_string(directory.join("log1.txt")).expect("log1.txt written");
    assert!(is_bytecodes_per_second_log(&log, 1), "log1.txt is {log:?}");
}

#[test]
fn pharocandle_appends_to_an_existing_log() {
    let Some((directory, image)) = copy_of(PHARO_CANDLE) else {
        return;
    };
    std::fs::write(directory.join("log1.txt"), "12 bytecodes/sec\r").expect("seed log");
    let (mut vm, _) = vm_on_file(&image, &[]);
    assert_eq!(vm.resume().expect("resume"), 0);
    let log = std::fs::read_to_string(directory.join("log1.txt")).expect("log1.txt");
    assert!(log.starts_with("12 bytecodes/sec\r"), "log1.txt is {log:?}");
    assert!(is_bytecodes_per_second_log(&log, 2), "log1.txt is {log:?}");
}

#[test]
fn headless_prints_its_three_lines_and_quits_with_0() {
    let Some((_directory, image)) = copy_of(HEADLESS) else {
        return;
    };
    let (mut vm, captured) = vm_on_file(&image, &[]);
    assert_eq!(vm.resume().expect("resume"), 0);
    assert_eq!(
        captured.stdout_text(),
        "Smalltalk image fired up!\nFixing the world\n3 + 4 = 7\n"
    );
}

#[test]
fn headless_with_tracing_reports_nothing_it_needs_as_missing_on_stdout() {
    let Some((_directory, image)) = copy_of(HEADLESS) else {
        return;
    };
    let (mut vm, captured) = vm_on_file(&image, &[]);
    vm.interpreter().set_trace_missing_primitives(true);
    assert_eq!(vm.resume().expect("resume"), 0);
    assert!(!captured.stdout_text().contains("missing primitive"));
    assert!(!captured.stderr_text().contains("ConsolePlugin"));
}

#[test]
fn codeparadise_stops_at_the_memory_limit_naming_the_missing_cp_system_plugin() {
    let Some((_directory, image)) = copy_of(CODE_PARADISE) else {
        return;
    };
    let (mut vm, captured) = vm_on_file(&image, &[]);
    vm.interpreter().set_trace_missing_primitives(true);
    vm.interpreter().set_memory_limit(24 << 20);
    let outcome = vm.resume();
    let Err(VmError::Interpreter(InterpreterError::MemoryLimitExceeded {
        missing_primitives,
        stack,
        ..
    })) = outcome
    else {
        panic!("expected the memory limit to stop the image, got {outcome:?}");
    };
    assert!(
        missing_primitives
            .iter()
            .any(|name| name == "CpSystemPlugin>>primitiveSymbolFromString:"),
        "missing: {missing_primitives:?}"
    );
    assert!(!stack.is_empty());
    assert!(captured
        .stderr_text()
        .contains("missing primitive: CpSystemPlugin>>"));
}
