//! Command-line arguments of `stvm-native-benches` (the same options as `stvm bench`).

use std::fmt;

use crate::harness::Plan;

/// How to use the binary.
pub const USAGE: &str = "\
usage: stvm-native-benches [NAME...] [--iterations N] [--warmup N] [--json] [--list] [--answers]

Runs the native (Rust) versions of the stvm benchmarks: warm-up iterations, then N
timed iterations per benchmark; prints median, min and max milliseconds and whether
every answer was right. NAMEs select benchmarks (case-insensitive); none means all.

  --iterations N   timed iterations per benchmark (default 10)
  --warmup N       untimed iterations first (default 3)
  --json           print JSON instead of a table
  --list           print the benchmark names and exit
  --answers        print each selected benchmark's answer (one untimed run) and exit
  -h, --help       print this help
";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Options {
    /// Benchmark names to run; empty means all.
    pub names: Vec<String>,
    /// Warm-up and timed iteration counts.
    pub plan: Plan,
    /// Print JSON rather than a table.
    pub json: bool,
    /// Only list the benchmark names.
    pub list: bool,
    /// Only print each selected benchmark's answer.
    pub answers: bool,
    /// Only print the usage.
    pub help: bool,
}

/// A command line that cannot be understood.
#[derive(Debug, PartialEq, Eq)]
pub enum UsageError {
    /// An option that needs a value came last.
    MissingValue(String),
    /// An option's value is not a non-negative integer.
    NotACount {
        /// The option.
        option: String,
        /// The value given.
        value: String,
    },
    /// An option this binary does not have.
    UnknownOption(String),
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageError::MissingValue(option) => write!(f, "{option} needs a value"),
            UsageError::NotACount { option, value } => {
                write!(f, "{option} needs a whole number, not {value:?}")
            }
            UsageError::UnknownOption(option) => write!(f, "unknown option {option}"),
        }
    }
}

impl std::error::Error for UsageError {}

/// Parses the arguments after the program name.
pub fn parse(arguments: &[String]) -> Result<Options, UsageError> {
    let mut options = Options {
        names: Vec::new(),
        plan: Plan::default(),
        json: false,
        list: false,
        answers: false,
        help: false,
    };
    let mut remaining = arguments.iter();
    while let Some(argument) = remaining.next() {
        let (option, inline_value) = match argument.split_once('=') {
            Some((option, value)) if argument.starts_with("--") => {
                (option, Some(value.to_string()))
            }
            _ => (argument.as_str(), None),
        };
        match option {
            "--iterations" => {
                options.plan.iterations = count_value(option, inline_value, &mut remaining)?
            }
            "--warmup" => options.plan.warmup = count_value(option, inline_value, &mut remaining)?,
            "--json" => options.json = true,
            "--list" => options.list = true,
            "--answers" => options.answers = true,
            "-h" | "--help" => options.help = true,
            _ if option.starts_with('-') => {
                return Err(UsageError::UnknownOption(argument.clone()))
            }
            _ => options.names.push(argument.clone()),
        }
    }
    Ok(options)
}

/// The count after `option`: its `=value`, or else the next argument.
fn count_value<'a>(
    option: &str,
    inline_value: Option<String>,
    remaining: &mut impl Iterator<Item = &'a String>,
) -> Result<usize, UsageError> {
    let value = match inline_value {
        Some(value) => value,
        None => remaining
            .next()
            .cloned()
            .ok_or_else(|| UsageError::MissingValue(option.to_string()))?,
    };
    value.parse().map_err(|_| UsageError::NotACount {
        option: option.to_string(),
        value,
    })
}

#[cfg(test)]
mod tests;
