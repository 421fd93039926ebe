//! Strings: a string-building workload. Writes numbers to a growing string stream,
//! scans the text, concatenates digits one string at a time, and builds short
//! formatted lines; answers a sum of the sizes and counts it saw.

use std::fmt::Write;
use std::hint::black_box;

/// What one run answers: the workload's checksum.
pub type Answer = i64;

/// How many rounds one run makes.
pub const DEFAULT_SIZE: i64 = 40;

/// The checksum for `DEFAULT_SIZE` rounds.
pub const EXPECTED: Answer = 301_871;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs `rounds` rounds.
pub fn run_with(rounds: i64) -> Answer {
    (1..=black_box(rounds)).map(one_round).sum()
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn one_round(round: i64) -> i64 {
    let text = numbers_text();
    let mut total = text.chars().count() as i64;
    total += text.chars().filter(|&c| c == '7').count() as i64;
    total += text.chars().filter(|&c| c == ' ').count() as i64;
    if text.starts_with("1 2 3 ") {
        total += 1;
    }
    let digits = concatenated_digits();
    total += digits.chars().count() as i64;
    total += digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(i64::from)
        .sum::<i64>();
    total += (0 - round).to_string().chars().count() as i64;
    total + formatted_lines()
}

/// "1 2 3 ... 1000 " written through a growing string.
fn numbers_text() -> String {
    let mut text = String::new();
    for i in 1..=1000 {
        text.push_str(&i.to_string());
        text.push(' ');
    }
    text
}

/// The last digits of 1..200, concatenated one new string at a time.
fn concatenated_digits() -> String {
    let mut digits = String::new();
    for i in 1..=200 {
        digits = digits + &(i % 10).to_string();
    }
    digits
}

/// Builds "item I: I*I" for 1..100; answers the sum of the line lengths.
fn formatted_lines() -> i64 {
    let mut total = 0;
    for i in 1..=100i64 {
        let mut line = String::new();
        let _ = write!(line, "item {}: {}", i, i * i);
        total += line.chars().count() as i64;
    }
    total
}

#[cfg(test)]
mod tests;
