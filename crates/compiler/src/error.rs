//! Compile errors: a message anchored at a byte offset of the source, rendered as
//! `line L, column C: message` followed by the source line and a caret under column C.
//!
//! Lines and columns are 1-based; columns count characters, not bytes.

use std::fmt;

/// A syntax or semantic error in Smalltalk source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// What is wrong, e.g. `Expected ]`.
    pub message: String,
    /// 1-based line of the offending position.
    pub line: usize,
    /// 1-based column (in characters) of the offending position.
    pub column: usize,
    /// 0-based byte offset of the offending position in the source.
    pub offset: usize,
    /// The text of the offending line (without its line terminator), for the excerpt.
    pub source_line: String,
}

impl CompileError {
    /// An error at byte `offset` of `source` (clamped to the source and to a char boundary).
    pub fn at(source: &str, offset: usize, message: impl Into<String>) -> CompileError {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = source[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find(['\n', '\r'])
            .map_or(source.len(), |i| offset + i);
        let line = 1 + count_line_breaks(&source[..line_start]);
        let column = 1 + source[line_start..offset].chars().count();
        CompileError {
            message: message.into(),
            line,
            column,
            offset,
            source_line: source[line_start..line_end].to_string(),
        }
    }

    /// The same error moved by `line_delta` lines and `offset_delta` bytes, for sources
    /// extracted from a bigger file (Tonel, chunk files). Columns on the first line of the
    /// extract get `first_line_column_delta` added.
    pub fn shifted(
        mut self,
        offset_delta: usize,
        line_delta: usize,
        first_line_column_delta: usize,
    ) -> CompileError {
        if self.line == 1 {
            self.column += first_line_column_delta;
        }
        self.line += line_delta;
        self.offset += offset_delta;
        self
    }
}

/// Counts line breaks, treating `\r\n` as one.
fn count_line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
        }
    }
    count
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )?;
        writeln!(f, "  {}", self.source_line)?;
        let padding: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "  {padding}^")
    }
}

impl std::error::Error for CompileError {}
