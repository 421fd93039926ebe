//! The `stvm` command line: parses arguments and hands each command to the VM.
#![forbid(unsafe_code)]

mod args;

use std::process::ExitCode;

use args::{Command, USAGE};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let invocation = match args::parse(&arguments) {
        Ok(invocation) => invocation,
        Err(message) => {
            eprintln!("stvm: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match invocation.command {
        Command::Version => {
            println!("stvm {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Command::Help => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("stvm: {other:?} is not available yet");
            ExitCode::from(2)
        }
    }
}
