//! The small STON subset Tonel uses for class definitions and method metadata:
//! `{ #key : value, ... }` where values are symbols (`#foo`, `#'a b'`), strings, lists
//! `[ 'a', 'b' ]`, nested maps, numbers and `nil true false`.

use crate::lexer::tokenize;
use crate::token::{Number, Token, TokenKind};

/// A STON value.
#[derive(Debug, Clone, PartialEq)]
pub enum StonValue {
    /// `#foo` or `'foo'`.
    Text(String),
    /// `[ ... ]`.
    List(Vec<StonValue>),
    /// `{ ... }`.
    Map(Vec<(String, StonValue)>),
    /// A number or `nil true false` (as written).
    Other(String),
}

/// Offset of the `}` matching the `{` at `open` (strings and symbols skipped).
pub fn matching_brace(source: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    for (index, c) in source[open..].char_indices() {
        match (c, in_string) {
            ('\'', _) => in_string = !in_string,
            ('{', false) => depth += 1,
            ('}', false) => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + index);
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses `{ ... }`; errors carry an offset into `text`.
pub fn parse_map(text: &str) -> Result<Vec<(String, StonValue)>, (usize, String)> {
    let tokens = tokenize(text).map_err(|e| (e.offset, e.message))?;
    let mut parser = StonParser {
        tokens,
        position: 0,
    };
    match parser.value()? {
        StonValue::Map(entries) => Ok(entries),
        _ => Err((0, "{ expected".to_string())),
    }
}

/// The text value of `key`.
pub fn string_of(map: &[(String, StonValue)], key: &str) -> Option<String> {
    map.iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, value)| match value {
            StonValue::Text(text) | StonValue::Other(text) => Some(text.clone()),
            _ => None,
        })
}

/// The list of texts of `key` (empty when absent).
pub fn strings_of(map: &[(String, StonValue)], key: &str) -> Vec<String> {
    match map.iter().find(|(k, _)| k == key) {
        Some((_, StonValue::List(items))) => items
            .iter()
            .filter_map(|item| match item {
                StonValue::Text(text) => Some(text.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

struct StonParser {
    tokens: Vec<Token>,
    position: usize,
}

impl StonParser {
    fn current(&self) -> &Token {
        &self.tokens[self.position.min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.current().clone();
        self.position += 1;
        token
    }

    fn error<T>(&self, message: &str) -> Result<T, (usize, String)> {
        Err((self.current().start, message.to_string()))
    }

    fn is_comma(&self) -> bool {
        matches!(&self.current().kind, TokenKind::Binary(b) if b == ",")
    }

    fn value(&mut self) -> Result<StonValue, (usize, String)> {
        let token = self.advance();
        Ok(match token.kind {
            TokenKind::Symbol(text) | TokenKind::String(text) => StonValue::Text(text),
            TokenKind::Identifier(word) => StonValue::Other(word),
            TokenKind::Number(Number::Integer(n)) => StonValue::Other(n.to_string()),
            TokenKind::LeftBracket => StonValue::List(self.list()?),
            TokenKind::LeftBrace => StonValue::Map(self.map()?),
            _ => return Err((token.start, "STON value expected".to_string())),
        })
    }

    fn list(&mut self) -> Result<Vec<StonValue>, (usize, String)> {
        let mut items = Vec::new();
        while self.current().kind != TokenKind::RightBracket {
            items.push(self.value()?);
            if self.is_comma() {
                self.advance();
            } else if self.current().kind != TokenKind::RightBracket {
                return self.error(", or ] expected");
            }
        }
        self.advance();
        Ok(items)
    }

    fn map(&mut self) -> Result<Vec<(String, StonValue)>, (usize, String)> {
        let mut entries = Vec::new();
        while self.current().kind != TokenKind::RightBrace {
            let key = match self.advance().kind {
                TokenKind::Symbol(key) | TokenKind::String(key) => key,
                _ => return self.error("STON key expected"),
            };
            let key = match key.strip_suffix(':') {
                Some(stripped) => stripped.to_string(),
                None => {
                    if self.current().kind != TokenKind::Colon {
                        return self.error(": expected");
                    }
                    self.advance();
                    key
                }
            };
            entries.push((key, self.value()?));
            if self.is_comma() {
                self.advance();
            } else if self.current().kind != TokenKind::RightBrace {
                return self.error(", or } expected");
            }
        }
        self.advance();
        Ok(entries)
    }
}
