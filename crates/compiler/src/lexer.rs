//! Lexer: turns Pharo Smalltalk source into [`Token`]s, skipping whitespace and
//! `"comments"`.
//!
//! Binary selectors are read greedily, except that a `-` is never the second or later
//! character of one (so `3--2` is `3 - -2`, as in Pharo's scanner). Number syntax lives
//! in [`number`].

mod number;

use crate::error::CompileError;
use crate::token::{Token, TokenKind};

/// Characters that make up binary selectors.
pub fn is_binary_char(c: char) -> bool {
    matches!(
        c,
        '!' | '%'
            | '&'
            | '*'
            | '+'
            | ','
            | '-'
            | '/'
            | '<'
            | '='
            | '>'
            | '?'
            | '@'
            | '\\'
            | '~'
            | '|'
    )
}

/// Characters that may start an identifier.
pub fn is_identifier_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Characters that may continue an identifier.
pub fn is_identifier_part(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Reads all tokens of `source`; the last one is [`TokenKind::End`].
pub fn tokenize(source: &str) -> Result<Vec<Token>, CompileError> {
    let mut lexer = Lexer { source, pos: 0 };
    let mut tokens = Vec::with_capacity(source.len() / 3 + 1);
    loop {
        let token = lexer.next_token()?;
        let is_end = token.kind == TokenKind::End;
        tokens.push(token);
        if is_end {
            return Ok(tokens);
        }
    }
}

/// Cursor over the source text.
pub(crate) struct Lexer<'a> {
    pub(crate) source: &'a str,
    pub(crate) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn peek(&self) -> Option<char> {
        self.source[self.pos..].chars().next()
    }

    pub(crate) fn peek_second(&self) -> Option<char> {
        let mut chars = self.source[self.pos..].chars();
        chars.next();
        chars.next()
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> CompileError {
        CompileError::at(self.source, offset, message)
    }

    fn skip_whitespace_and_comments(&mut self) -> Result<(), CompileError> {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.bump();
            } else if c == '"' {
                let start = self.pos;
                self.bump();
                match self.source[self.pos..].find('"') {
                    Some(end) => self.pos += end + 1,
                    None => return Err(self.error(start, "Unmatched \" in comment")),
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    fn next_token(&mut self) -> Result<Token, CompileError> {
        self.skip_whitespace_and_comments()?;
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Token {
                kind: TokenKind::End,
                start,
                end: start,
            });
        };
        let kind = if is_identifier_start(c) {
            self.identifier_or_keyword()
        } else if c.is_ascii_digit() {
            TokenKind::Number(self.number()?)
        } else {
            self.punctuation(c)?
        };
        Ok(Token {
            kind,
            start,
            end: self.pos,
        })
    }

    fn identifier_or_keyword(&mut self) -> TokenKind {
        let name = self.read_identifier();
        if self.peek() == Some(':') && self.peek_second() != Some('=') {
            self.bump();
            TokenKind::Keyword(format!("{name}:"))
        } else {
            TokenKind::Identifier(name.to_string())
        }
    }

    fn read_identifier(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(is_identifier_part) {
            self.bump();
        }
        &self.source[start..self.pos]
    }

    fn punctuation(&mut self, c: char) -> Result<TokenKind, CompileError> {
        let start = self.pos;
        self.bump();
        let kind = match c {
            '\'' => TokenKind::String(self.string_body(start)?),
            '$' => match self.bump() {
                Some(ch) => TokenKind::Character(u32::from(ch)),
                None => return Err(self.error(start, "Character expected after $")),
            },
            '#' => self.hash_literal(start)?,
            ':' if self.peek() == Some('=') => {
                self.bump();
                TokenKind::Assign
            }
            ':' => TokenKind::Colon,
            '^' => TokenKind::Caret,
            '.' => TokenKind::Period,
            ';' => TokenKind::Semicolon,
            '(' => TokenKind::LeftParen,
            ')' => TokenKind::RightParen,
            '[' => TokenKind::LeftBracket,
            ']' => TokenKind::RightBracket,
            '{' => TokenKind::LeftBrace,
            '}' => TokenKind::RightBrace,
            c if is_binary_char(c) => TokenKind::Binary(self.binary_rest(c)),
            other => return Err(self.error(start, format!("Unknown character {other:?}"))),
        };
        Ok(kind)
    }

    fn binary_rest(&mut self, first: char) -> String {
        let mut selector = first.to_string();
        while let Some(c) = self.peek().filter(|&c| is_binary_char(c) && c != '-') {
            selector.push(c);
            self.bump();
        }
        selector
    }

    /// Reads a string body after its opening quote; `''` stands for one quote.
    fn string_body(&mut self, start: usize) -> Result<String, CompileError> {
        let mut text = String::new();
        loop {
            match self.source[self.pos..].find('\'') {
                None => return Err(self.error(start, "Unmatched ' in string literal")),
                Some(quote) => {
                    text.push_str(&self.source[self.pos..self.pos + quote]);
                    self.pos += quote + 1;
                    if self.peek() == Some('\'') {
                        text.push('\'');
                        self.bump();
                    } else {
                        return Ok(text);
                    }
                }
            }
        }
    }

    fn hash_literal(&mut self, start: usize) -> Result<TokenKind, CompileError> {
        while self.peek() == Some('#') {
            self.bump();
        }
        match self.peek() {
            Some('(') => {
                self.bump();
                Ok(TokenKind::LiteralArrayStart)
            }
            Some('[') => {
                self.bump();
                Ok(TokenKind::ByteArrayStart)
            }
            Some('\'') => {
                self.bump();
                Ok(TokenKind::Symbol(self.string_body(start)?))
            }
            Some(c) if is_identifier_start(c) => Ok(TokenKind::Symbol(self.keyword_symbol_body())),
            Some(c) if is_binary_char(c) => {
                self.bump();
                let mut selector = c.to_string();
                while let Some(next) = self.peek().filter(|&c| is_binary_char(c)) {
                    selector.push(next);
                    self.bump();
                }
                Ok(TokenKind::Symbol(selector))
            }
            _ => Err(self.error(start, "Literal expected after #")),
        }
    }

    /// `foo`, `foo:`, `foo:bar:`, `Foo.Bar` is not accepted; colons and identifier
    /// characters are read greedily as Pharo's scanner does.
    fn keyword_symbol_body(&mut self) -> String {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_identifier_part(c) || (c == ':' && self.peek_second() != Some('=')) {
                self.bump();
            } else {
                break;
            }
        }
        self.source[start..self.pos].to_string()
    }
}

#[cfg(test)]
mod tests;
