//! A recursive-descent JSON parser over a string's characters, integers only.

use std::collections::HashMap;
use std::fmt;

/// A parsed JSON value.
#[derive(Debug, PartialEq)]
pub enum Json {
    /// `{...}`
    Object(HashMap<String, Json>),
    /// `[...]`
    Array(Vec<Json>),
    /// `"..."` with escapes resolved.
    String(String),
    /// An integer (fractions and exponents are rejected).
    Integer(i64),
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
}

/// Why a text is not a JSON document this parser accepts.
#[derive(Debug, PartialEq)]
pub struct ParseError {
    /// Character offset where parsing stopped.
    pub position: usize,
    /// What was expected there.
    pub expected: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "JSON: expected {} at character {}",
            self.expected, self.position
        )
    }
}

impl std::error::Error for ParseError {}

/// Parser state: the text's characters and the current position.
pub struct Parser {
    characters: Vec<char>,
    position: usize,
}

impl Parser {
    /// A parser at the start of `text`.
    pub fn new(text: &str) -> Parser {
        Parser {
            characters: text.chars().collect(),
            position: 0,
        }
    }

    /// Parses one value followed only by white space.
    pub fn parse_document(&mut self) -> Result<Json, ParseError> {
        let value = self.parse_value()?;
        self.skip_white_space();
        match self.peek() {
            None => Ok(value),
            Some(_) => Err(self.error("end of text")),
        }
    }

    fn parse_value(&mut self) -> Result<Json, ParseError> {
        self.skip_white_space();
        match self.peek() {
            Some('{') => self.parse_object(),
            Some('[') => self.parse_array(),
            Some('"') => self.parse_string().map(Json::String),
            Some('t') => self.parse_literal("true", Json::True),
            Some('f') => self.parse_literal("false", Json::False),
            Some('n') => self.parse_literal("null", Json::Null),
            Some(c) if c == '-' || c.is_ascii_digit() => self.parse_integer(),
            _ => Err(self.error("a value")),
        }
    }

    fn parse_object(&mut self) -> Result<Json, ParseError> {
        self.position += 1;
        let mut members = HashMap::new();
        self.skip_white_space();
        if self.accept('}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_white_space();
            if self.peek() != Some('"') {
                return Err(self.error("a key"));
            }
            let key = self.parse_string()?;
            self.skip_white_space();
            self.expect(':')?;
            members.insert(key, self.parse_value()?);
            self.skip_white_space();
            if self.accept('}') {
                return Ok(Json::Object(members));
            }
            self.expect(',')?;
        }
    }

    fn parse_array(&mut self) -> Result<Json, ParseError> {
        self.position += 1;
        let mut elements = Vec::new();
        self.skip_white_space();
        if self.accept(']') {
            return Ok(Json::Array(elements));
        }
        loop {
            elements.push(self.parse_value()?);
            self.skip_white_space();
            if self.accept(']') {
                return Ok(Json::Array(elements));
            }
            self.expect(',')?;
        }
    }

    fn parse_string(&mut self) -> Result<String, ParseError> {
        self.position += 1;
        let mut text = String::new();
        loop {
            match self.next() {
                None => return Err(self.error("a closing quote")),
                Some('"') => return Ok(text),
                Some('\\') => text.push(self.parse_escape()?),
                Some(c) => text.push(c),
            }
        }
    }

    fn parse_escape(&mut self) -> Result<char, ParseError> {
        match self.next() {
            Some('"') => Ok('"'),
            Some('\\') => Ok('\\'),
            Some('/') => Ok('/'),
            Some('b') => Ok('\u{8}'),
            Some('f') => Ok('\u{c}'),
            Some('n') => Ok('\n'),
            Some('r') => Ok('\r'),
            Some('t') => Ok('\t'),
            Some('u') => self.parse_unicode_escape(),
            _ => Err(self.error("an escape character")),
        }
    }

    fn parse_unicode_escape(&mut self) -> Result<char, ParseError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("a hex digit"))?;
            code = code * 16 + digit;
        }
        char::from_u32(code).ok_or_else(|| self.error("a character code"))
    }

    fn parse_integer(&mut self) -> Result<Json, ParseError> {
        let negative = self.accept('-');
        let mut value: i64 = 0;
        let mut digits = 0;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(digit.into()))
                .ok_or_else(|| self.error("a smaller number"))?;
            self.position += 1;
            digits += 1;
        }
        if digits == 0 {
            return Err(self.error("a digit"));
        }
        if matches!(self.peek(), Some('.' | 'e' | 'E')) {
            return Err(self.error("an integer"));
        }
        Ok(Json::Integer(if negative { -value } else { value }))
    }

    fn parse_literal(&mut self, word: &'static str, value: Json) -> Result<Json, ParseError> {
        for expected in word.chars() {
            if self.next() != Some(expected) {
                return Err(self.error(word));
            }
        }
        Ok(value)
    }

    fn skip_white_space(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.position += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.characters.get(self.position).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.position += 1;
        Some(c)
    }

    fn accept(&mut self, expected: char) -> bool {
        let found = self.peek() == Some(expected);
        if found {
            self.position += 1;
        }
        found
    }

    fn expect(&mut self, expected: char) -> Result<(), ParseError> {
        if self.accept(expected) {
            Ok(())
        } else {
            Err(self.error("a separator"))
        }
    }

    fn error(&self, expected: &'static str) -> ParseError {
        ParseError {
            position: self.position,
            expected,
        }
    }
}
