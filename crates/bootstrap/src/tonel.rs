//! Reading a kernel Tonel file: the class definition (see `definition`) and
//! its methods (`{ #category : #accessing } Point >> x [ ^ x ]`). Each method's
//! source is its selector pattern followed by the text inside the brackets, as
//! Pharo stores it; its position lets compile errors name the file's line and
//! column.
use crate::definition::{parse_definition, ClassDefinition};

/// One method read from a Tonel file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TonelMethod {
    /// Defined on the class side (`Foo class >> bar`).
    pub class_side: bool,
    /// The class the method is for (the file's class, or another for extensions).
    pub class_name: String,
    /// Protocol from the `#category` metadata (`as yet unclassified` if none).
    pub category: String,
    /// Method source: selector pattern, then the body.
    pub source: String,
    /// 1-based file line of the source's first line.
    pub line: usize,
    /// 1-based file column where the source's first line starts.
    pub column: usize,
}

/// A whole Tonel file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TonelFile {
    /// The class definition or extension header.
    pub definition: ClassDefinition,
    /// Methods in file order.
    pub methods: Vec<TonelMethod>,
}

/// Reads `text`; errors carry the 1-based line they were found on.
pub fn read_tonel(text: &str) -> Result<TonelFile, (usize, String)> {
    let (definition, end) = parse_definition(text).map_err(|m| (1, m))?;
    let mut scanner = Scanner { text, pos: end };
    let mut methods = Vec::new();
    loop {
        scanner.skip_space_and_comments();
        if scanner.pos >= text.len() {
            break;
        }
        let method = scanner
            .method()
            .map_err(|m| (scanner.line_of(scanner.pos), m))?;
        methods.push(method);
    }
    Ok(TonelFile {
        definition,
        methods,
    })
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn line_of(&self, offset: usize) -> usize {
        1 + self.text[..offset.min(self.text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
    }

    fn column_of(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        1 + self.text[line_start..offset].chars().count()
    }

    fn skip_space_and_comments(&mut self) {
        loop {
            let trimmed = self.rest().trim_start();
            self.pos = self.text.len() - trimmed.len();
            if !trimmed.starts_with('"') {
                return;
            }
            match trimmed[1..].find('"') {
                Some(close) => self.pos += close + 2,
                None => self.pos = self.text.len(),
            }
        }
    }

    fn method(&mut self) -> Result<TonelMethod, String> {
        let category = self.metadata()?;
        self.skip_space_and_comments();
        let header_end = self
            .rest()
            .find('[')
            .ok_or("expected a method: Class >> selector [ body ]")?;
        let header = &self.text[self.pos..self.pos + header_end];
        let (receiver, pattern) = header
            .split_once(">>")
            .ok_or_else(|| format!("expected `>>` in method header {:?}", header.trim()))?;
        let mut receiver_words = receiver.split_whitespace();
        let class_name = receiver_words
            .next()
            .ok_or("method header names no class")?;
        let class_side = receiver_words.next() == Some("class");
        let pattern_offset = self.pos + receiver.len() + 2;
        let pattern_start = pattern_offset + (pattern.len() - pattern.trim_start().len());
        let body_start = self.pos + header_end + 1;
        let body_end = matching_bracket(self.text, body_start)
            .ok_or_else(|| format!("unterminated method body of {}", pattern.trim()))?;
        let source = format!("{} {}", pattern.trim(), &self.text[body_start..body_end]);
        self.pos = body_end + 1;
        Ok(TonelMethod {
            class_side,
            class_name: class_name.to_string(),
            category,
            source: source.trim_end().to_string(),
            line: self.line_of(pattern_start),
            column: self.column_of(pattern_start),
        })
    }

    /// Reads an optional `{ #category : #foo }` map; answers the category.
    fn metadata(&mut self) -> Result<String, String> {
        if !self.rest().starts_with('{') {
            return Ok("as yet unclassified".into());
        }
        let close = self
            .rest()
            .find('}')
            .ok_or("unterminated method metadata")?;
        let map = &self.rest()[1..close];
        self.pos += close + 1;
        let category = map
            .split(',')
            .filter_map(|entry| entry.split_once(':'))
            .find(|(key, _)| key.trim() == "#category")
            .map(|(_, value)| {
                value
                    .trim()
                    .trim_start_matches('#')
                    .trim_matches('\'')
                    .to_string()
            });
        Ok(category.unwrap_or_else(|| "as yet unclassified".into()))
    }
}

/// Offset of the `]` closing the body that starts at `start` (just after `[`),
/// skipping strings, comments and character literals.
fn matching_bracket(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => i = skip_delimited(bytes, i, b'\'')?,
            b'"' => i = skip_delimited(bytes, i, b'"')?,
            b'$' => i += 1 + text[i + 1..].chars().next().map_or(0, char::len_utf8),
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(i),
            b']' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the closing delimiter of a string or comment opening at `open`
/// (a doubled delimiter is an escaped one).
fn skip_delimited(bytes: &[u8], open: usize, delimiter: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == delimiter {
            if bytes.get(i + 1) == Some(&delimiter) {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests;
