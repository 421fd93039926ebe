//! `stvm repl`: read a Smalltalk doIt (several lines while brackets, strings or
//! comments are open; an empty line ends it anyway), evaluate it, print the
//! printString of its value; errors are reported and the loop goes on.
//!
//! Errors: a compile error prints its position and excerpt; an unhandled
//! Smalltalk error is caught in the image (`Smalltalk printStringOfDoIt:` runs
//! the doIt inside `on: Error, UnhandledError do:`), which prints the error and
//! its stack trace on stderr. `Smalltalk exit: N` / `Smalltalk quit` end the
//! REPL with that status; so does end of input (status 0). History is kept in
//! `~/.stvm_history` when `$HOME` is set.
//!
//! Temporaries (`| x |`) live for one input; a capitalized name assigned
//! without declaration (`Total := 3`) is bound in `Undeclared` and outlives it.
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;
use stvm_vm::{Vm, VmError};

const PROMPT: &str = "st> ";
const CONTINUATION_PROMPT: &str = "..> ";

/// Runs the loop on `vm` until end of input or `Smalltalk exit:`; answers the status.
pub fn run(mut vm: Vm) -> Result<i64, String> {
    let mut editor = DefaultEditor::new().map_err(|error| format!("repl: {error}"))?;
    let history =
        std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".stvm_history"));
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        println!(
            "stvm {} — Smalltalk REPL; an empty line ends a multi-line input, Ctrl-D quits",
            env!("CARGO_PKG_VERSION")
        );
    }
    let status = loop {
        let Some(input) = read_doit(&mut editor)? else {
            break 0;
        };
        let _ = editor.add_history_entry(input.trim_end());
        if let Some(status) = evaluate(&mut vm, &input) {
            break status;
        }
    };
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(status)
}

/// Reads lines until they form a complete doIt; `None` at end of input.
fn read_doit(editor: &mut DefaultEditor) -> Result<Option<String>, String> {
    let mut input = String::new();
    loop {
        let prompt = if input.is_empty() {
            PROMPT
        } else {
            CONTINUATION_PROMPT
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if line.trim().is_empty() && !input.trim().is_empty() {
                    return Ok(Some(input));
                }
                input.push_str(&line);
                input.push('\n');
                if !input.trim().is_empty() && is_complete(&input) {
                    return Ok(Some(input));
                }
            }
            Err(ReadlineError::Interrupted) => input.clear(),
            Err(ReadlineError::Eof) if input.trim().is_empty() => return Ok(None),
            Err(ReadlineError::Eof) => return Ok(Some(input)),
            Err(error) => return Err(format!("repl: {error}")),
        }
    }
}

/// Evaluates one doIt and prints the outcome; `Some(status)` ends the REPL.
fn evaluate(vm: &mut Vm, input: &str) -> Option<i64> {
    match vm.eval_reporting_errors(input.trim_end()) {
        Ok(Some(text)) => println!("{text}"),
        Ok(None) => {}
        Err(VmError::Exit(code)) => return Some(code),
        Err(error @ VmError::Syntax { .. }) => eprintln!("{error}"),
        Err(error) => eprintln!("stvm: {error}"),
    }
    None
}

/// True when `text` has no open bracket, parenthesis, brace, string or comment.
pub fn is_complete(text: &str) -> bool {
    let mut depth: i64 = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' if !skip_quoted(&mut chars, c) => return false,
            '$' => {
                chars.next();
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    depth <= 0
}

/// Skips to the closing `quote` (a doubled quote inside stands for one);
/// false if the text ends first.
fn skip_quoted(chars: &mut std::iter::Peekable<std::str::Chars>, quote: char) -> bool {
    while let Some(c) = chars.next() {
        if c == quote {
            if chars.peek() == Some(&quote) {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests;
