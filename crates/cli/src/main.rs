//! The `stvm` command line: parses arguments and hands each command to the VM.
#![forbid(unsafe_code)]

mod args;
mod bench;
mod commands;
mod repl;

use std::process::ExitCode;

use args::USAGE;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match args::parse(&arguments) {
        Ok(invocation) => commands::run(invocation),
        Err(message) => {
            eprintln!("stvm: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
