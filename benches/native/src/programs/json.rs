//! JsonParser: parses a fixed JSON document (objects become maps, arrays vectors;
//! numbers are integers only) with a recursive-descent parser over its characters,
//! then walks the result into a checksum. One run parses the document `n` times.
//!
//! The document is `json/document.json`; the Smalltalk version holds the same text as
//! a string literal (a test checks that the two agree).

use std::collections::HashMap;
use std::hint::black_box;

mod parser;

use parser::{Json, Parser};

/// What one run answers: the sum of the checksums of every parse, or -1 on a parse error.
pub type Answer = i64;

/// How many times one run parses the document.
pub const DEFAULT_SIZE: usize = 100;

/// The answer for `DEFAULT_SIZE` parses.
pub const EXPECTED: Answer = 71_757_200;

/// The JSON text every run parses.
pub const DOCUMENT: &str = include_str!("json/document.json");

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Parses the document `parses` times.
pub fn run_with(parses: usize) -> Answer {
    let mut total = 0;
    for _ in 0..black_box(parses) {
        match Parser::new(black_box(DOCUMENT)).parse_document() {
            Ok(document) => total += checksum(&document),
            Err(_) => return -1,
        }
    }
    total
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

/// Objects count 1 plus their keys' lengths and values; arrays 2 plus each element
/// weighted by its 1-based position; strings 1 plus their character codes; integers
/// themselves; true 3, false 5, null 7.
fn checksum(value: &Json) -> i64 {
    match value {
        Json::Object(members) => object_checksum(members),
        Json::Array(elements) => {
            let weighted = elements
                .iter()
                .zip(1..)
                .map(|(element, index)| index * checksum(element));
            2 + weighted.sum::<i64>()
        }
        Json::String(text) => 1 + text.chars().map(|c| c as i64).sum::<i64>(),
        Json::Integer(number) => *number,
        Json::True => 3,
        Json::False => 5,
        Json::Null => 7,
    }
}

fn object_checksum(members: &HashMap<String, Json>) -> i64 {
    1 + members
        .iter()
        .map(|(key, value)| key.chars().count() as i64 + checksum(value))
        .sum::<i64>()
}

#[cfg(test)]
mod tests;
