//! Carrying out each command: start a VM on the right image, do the work, and
//! turn the outcome into an exit status (0 ok, 1 Smalltalk or VM error, 2 usage).
use std::path::Path;
use std::process::ExitCode;

use stvm_vm::image_file;
use stvm_vm::{Vm, VmError, VmOptions};

use crate::args::{Command, GlobalOptions, Invocation, USAGE};

/// Runs a parsed command line.
pub fn run(invocation: Invocation) -> ExitCode {
    match outcome(invocation) {
        Ok(status) => exit_code(status),
        Err(message) => {
            eprintln!("stvm: {message}");
            ExitCode::from(1)
        }
    }
}

fn outcome(invocation: Invocation) -> Result<i64, String> {
    let options = invocation.options;
    match invocation.command {
        Command::Version => {
            println!("stvm {}", env!("CARGO_PKG_VERSION"));
            Ok(0)
        }
        Command::Help => {
            print!("{USAGE}");
            Ok(0)
        }
        Command::Eval(source) => eval(&options, &source),
        Command::Run(path) => run_file(&options, &path),
        Command::Repl => crate::repl::run(start_vm(&options, Vec::new())?),
        Command::Test(pattern) => test(&options, pattern.as_deref().unwrap_or("")),
        Command::ImageInfo(path) => image_info(&path),
        Command::Bootstrap(path) => bootstrap(&path),
        Command::Resume(arguments) => resume(&options, arguments),
        Command::Bench(bench) => crate::bench::run(start_vm(&options, Vec::new())?, &bench),
    }
}

fn exit_code(status: i64) -> ExitCode {
    ExitCode::from(u8::try_from(status).unwrap_or(1))
}

fn start_vm(options: &GlobalOptions, arguments: Vec<String>) -> Result<Vm, String> {
    let mut vm_options = VmOptions {
        arguments,
        trace_missing_primitives: options.trace_missing_primitives,
        ..VmOptions::default()
    };
    vm_options.heap.verify_after_gc = options.verify_heap;
    match &options.image {
        Some(path) => {
            let path = path.to_string_lossy().into_owned();
            vm_options.image_path = path.clone();
            Vm::from_image_file(&path, vm_options).map_err(|error| error.to_string())
        }
        None => Vm::embedded(vm_options).map_err(|error| error.to_string()),
    }
}

/// The exit status for a VM error: `Smalltalk exit:` statuses pass through;
/// compile errors print as `FILE:LINE:COLUMN: message` and an excerpt; the
/// rest are returned to be printed after `stvm: `.
pub fn report(error: VmError) -> Result<i64, String> {
    match error {
        VmError::Exit(code) => Ok(code),
        error @ (VmError::Syntax { .. } | VmError::FileIn { .. }) => {
            eprintln!("{error}");
            Ok(1)
        }
        other => Err(other.to_string()),
    }
}

fn eval(options: &GlobalOptions, source: &str) -> Result<i64, String> {
    let mut vm = start_vm(options, Vec::new())?;
    match vm.eval(source) {
        Ok(text) => {
            println!("{text}");
            Ok(0)
        }
        Err(error) => report(error),
    }
}

fn run_file(options: &GlobalOptions, path: &Path) -> Result<i64, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut vm = start_vm(options, vec![path.display().to_string()])?;
    match vm.file_in(&text, &path.display().to_string()) {
        Ok(()) => Ok(0),
        Err(error) => report(error),
    }
}

fn test(options: &GlobalOptions, pattern: &str) -> Result<i64, String> {
    let mut vm = start_vm(options, Vec::new())?;
    match vm.run_tests(pattern) {
        Ok(0) => Ok(0),
        Ok(_) => Ok(1),
        Err(error) => report(error),
    }
}

fn resume(options: &GlobalOptions, arguments: Vec<String>) -> Result<i64, String> {
    let mut vm = start_vm(options, arguments)?;
    vm.resume().or_else(report)
}

fn image_info(path: &Path) -> Result<i64, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let summary =
        image_file::describe(&bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    println!("file:              {}", path.display());
    println!(
        "format:            {}{}",
        summary.format,
        if summary.converted_from_32_bit {
            " (32-bit, converted to 64-bit on load)"
        } else {
            " (64-bit)"
        }
    );
    println!(
        "bytecode sets:     {} V3PlusClosures methods, {} Sista V1 methods",
        summary.v3_plus_closures_methods, summary.sista_v1_methods
    );
    println!(
        "heap bytes:        {} (as 64-bit objects)",
        summary.total_bytes
    );
    println!("objects:           {}", summary.object_count);
    println!(
        "free chunks:       {} ({} bytes)",
        summary.free_chunk_count, summary.free_bytes
    );
    println!("classes:           {}", summary.class_count);
    let names: Vec<String> = summary
        .first_classes
        .iter()
        .map(|(index, name)| format!("{index}:{name}"))
        .collect();
    println!("first classes:     {}", names.join(" "));
    Ok(0)
}

fn bootstrap(path: &Path) -> Result<i64, String> {
    let config = stvm_heap::HeapConfig {
        base_address: None,
        ..stvm_heap::HeapConfig::default()
    };
    let bytes = image_file::bootstrap_image(config).map_err(|error| error.to_string())?;
    std::fs::write(path, &bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    println!("wrote {} ({} bytes)", path.display(), bytes.len());
    Ok(0)
}
