//! The `stvm` command line: global options, commands and their arguments,
//! parsed by hand (no dependency) into a [`Invocation`].
use std::path::PathBuf;

/// What the user asked `stvm` to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Print the printString of an expression's value.
    Eval(String),
    /// File in a chunk-format file.
    Run(PathBuf),
    /// Interactive read-eval-print loop.
    Repl,
    /// Run SUnit tests whose class name contains the pattern.
    Test(Option<String>),
    /// Run the benchmark suite.
    Bench(BenchOptions),
    /// Describe an image file.
    ImageInfo(PathBuf),
    /// Write a freshly bootstrapped image.
    Bootstrap(PathBuf),
    /// Resume an image as it was saved, with arguments for the image.
    Resume(Vec<String>),
    /// Print the version.
    Version,
    /// Print usage.
    Help,
}

/// Options of `stvm bench`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BenchOptions {
    /// Benchmarks to run (all when empty).
    pub names: Vec<String>,
    /// Timed iterations per benchmark.
    pub iterations: Option<usize>,
    /// Untimed warm-up iterations per benchmark.
    pub warmup: Option<usize>,
    /// Print JSON instead of a table.
    pub json: bool,
    /// Also run the native baseline and print ratios.
    pub compare_native: bool,
}

/// Options that apply to every command.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GlobalOptions {
    /// Image to use instead of the embedded one.
    pub image: Option<PathBuf>,
    /// Run the heap verifier after every GC.
    pub verify_heap: bool,
    /// Print each missing named primitive once.
    pub trace_missing_primitives: bool,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    /// Global options.
    pub options: GlobalOptions,
    /// The command.
    pub command: Command,
}

/// The usage text printed by `--help`.
pub const USAGE: &str = "\
usage: stvm [OPTIONS] COMMAND [ARGS]
       stvm [OPTIONS] IMAGE [ARGS...]        resume IMAGE as it was saved

commands:
  eval EXPR                 evaluate EXPR and print its printString
  run FILE.st               file in a chunk-format file (no '!' = one doIt)
  repl                      interactive read-eval-print loop
  test [PATTERN]            run SUnit tests (classes whose name contains PATTERN)
  bench [NAME...] [--iterations N] [--warmup N] [--json] [--compare-native]
  image info FILE           describe an image file
  bootstrap -o FILE         write a freshly bootstrapped image

options:
  --image FILE              use FILE instead of the embedded image
  --verify-heap             verify the heap after every garbage collection
  --trace-missing-primitives  report each missing named primitive once
  --version                 print the version
  --help                    print this text
";

/// Parses the arguments after the program name.
pub fn parse(arguments: &[String]) -> Result<Invocation, String> {
    let mut options = GlobalOptions::default();
    let mut rest = arguments;
    while let Some(first) = rest.first() {
        match first.as_str() {
            "--image" => {
                let file = rest.get(1).ok_or("--image needs a file")?;
                options.image = Some(PathBuf::from(file));
                rest = &rest[2..];
            }
            "--verify-heap" => (options.verify_heap, rest) = (true, &rest[1..]),
            "--trace-missing-primitives" => {
                (options.trace_missing_primitives, rest) = (true, &rest[1..])
            }
            _ => break,
        }
    }
    let command = parse_command(rest, &mut options)?;
    Ok(Invocation { options, command })
}

fn parse_command(arguments: &[String], options: &mut GlobalOptions) -> Result<Command, String> {
    let Some(first) = arguments.first() else {
        return match options.image {
            Some(_) => Ok(Command::Resume(Vec::new())),
            None => Ok(Command::Help),
        };
    };
    let rest = &arguments[1..];
    match first.as_str() {
        "--version" | "-v" => Ok(Command::Version),
        "--help" | "-h" | "help" => Ok(Command::Help),
        "eval" => Ok(Command::Eval(single(rest, "eval needs one expression")?)),
        "run" => Ok(Command::Run(PathBuf::from(single(
            rest,
            "run needs one file",
        )?))),
        "repl" => no_more(rest, Command::Repl),
        "test" => match rest {
            [] => Ok(Command::Test(None)),
            [pattern] => Ok(Command::Test(Some(pattern.clone()))),
            _ => Err("test takes at most one pattern".into()),
        },
        "bench" => parse_bench(rest).map(Command::Bench),
        "image" => match rest {
            [info, file] if info == "info" => Ok(Command::ImageInfo(PathBuf::from(file))),
            _ => Err("usage: stvm image info FILE".into()),
        },
        "bootstrap" => match rest {
            [flag, file] if flag == "-o" => Ok(Command::Bootstrap(PathBuf::from(file))),
            _ => Err("usage: stvm bootstrap -o FILE".into()),
        },
        image if image.ends_with(".image") => {
            options.image = Some(PathBuf::from(image));
            Ok(Command::Resume(rest.to_vec()))
        }
        unknown if unknown.starts_with('-') => Err(format!("unknown option {unknown}")),
        unknown => Err(format!("unknown command {unknown}")),
    }
}

fn single(rest: &[String], message: &str) -> Result<String, String> {
    match rest {
        [only] => Ok(only.clone()),
        _ => Err(message.into()),
    }
}

fn no_more(rest: &[String], command: Command) -> Result<Command, String> {
    if rest.is_empty() {
        Ok(command)
    } else {
        Err(format!("unexpected argument {}", rest[0]))
    }
}

fn parse_bench(arguments: &[String]) -> Result<BenchOptions, String> {
    let mut bench = BenchOptions::default();
    let mut index = 0;
    while index < arguments.len() {
        match arguments[index].as_str() {
            "--json" => bench.json = true,
            "--compare-native" => bench.compare_native = true,
            option @ ("--iterations" | "--warmup") => {
                index += 1;
                let count = count_argument(option, arguments.get(index))?;
                if option == "--warmup" {
                    bench.warmup = Some(count);
                } else {
                    bench.iterations = Some(count);
                }
            }
            option if option.starts_with('-') => {
                return Err(format!("unknown bench option {option}"))
            }
            name => bench.names.push(name.to_string()),
        }
        index += 1;
    }
    Ok(bench)
}

/// The number after `option`.
fn count_argument(option: &str, argument: Option<&String>) -> Result<usize, String> {
    let count = argument.ok_or_else(|| format!("{option} needs a number"))?;
    count
        .parse()
        .map_err(|_| format!("{option}: not a number: {count}"))
}

#[cfg(test)]
mod tests;
