//! Literal forms of the parser: numbers (with a directly preceding `-`), characters,
//! strings, symbols, literal arrays `#(...)` (bare identifiers are symbols, `true`
//! `false` `nil` are themselves, nested `(...)` are arrays), byte arrays `#[...]`, and
//! pragmas `<keyword: literal ...>`.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::Parser;
use crate::ast::{LiteralValue, Pragma};
use crate::error::CompileError;
use crate::token::{Number, TokenKind};

impl Parser<'_> {
    /// A literal at the current token, or `None` if the token does not start one.
    pub(super) fn literal(&mut self) -> Result<Option<LiteralValue>, CompileError> {
        let token = self.current().clone();
        let value = match token.kind {
            TokenKind::Number(number) => {
                self.advance();
                number_literal(number, false)
            }
            TokenKind::Binary(ref minus) if minus == "-" => match self.negative_number() {
                Some(value) => value,
                None => return Ok(None),
            },
            TokenKind::Character(code) => {
                self.advance();
                LiteralValue::Character(code)
            }
            TokenKind::String(text) => {
                self.advance();
                LiteralValue::String(text)
            }
            TokenKind::Symbol(name) => {
                self.advance();
                LiteralValue::Symbol(name)
            }
            TokenKind::LiteralArrayStart => {
                self.advance();
                self.literal_array_body()?
            }
            TokenKind::ByteArrayStart => {
                self.advance();
                self.byte_array_body()?
            }
            _ => return Ok(None),
        };
        Ok(Some(value))
    }

    /// `-` immediately followed by a number token: the negated number.
    fn negative_number(&mut self) -> Option<LiteralValue> {
        let minus_end = self.current().end;
        let next = self.tokens.get(self.position + 1)?;
        let TokenKind::Number(number) = next.kind.clone() else {
            return None;
        };
        if next.start != minus_end {
            return None;
        }
        self.advance();
        self.advance();
        Some(number_literal(number, true))
    }

    /// Elements up to the closing `)`; the opening `#(` or `(` is consumed.
    fn literal_array_body(&mut self) -> Result<LiteralValue, CompileError> {
        self.enter()?;
        let mut elements = Vec::new();
        loop {
            let token = self.current().clone();
            match token.kind {
                TokenKind::RightParen => break,
                TokenKind::End => return Err(self.expected(")")),
                TokenKind::LeftParen => {
                    self.advance();
                    elements.push(self.literal_array_body()?);
                }
                TokenKind::Identifier(name) => {
                    self.advance();
                    elements.push(match name.as_str() {
                        "true" => LiteralValue::True,
                        "false" => LiteralValue::False,
                        "nil" => LiteralValue::Nil,
                        _ => LiteralValue::Symbol(name),
                    });
                }
                TokenKind::Keyword(_) => {
                    elements.push(LiteralValue::Symbol(self.adjacent_keywords()))
                }
                TokenKind::Binary(selector) => match self.literal()? {
                    Some(value) => elements.push(value),
                    None => {
                        self.advance();
                        elements.push(LiteralValue::Symbol(selector));
                    }
                },
                _ => match self.literal()? {
                    Some(value) => elements.push(value),
                    None => return Err(self.expected("Literal array element")),
                },
            }
        }
        self.advance();
        self.leave(1);
        Ok(LiteralValue::Array(elements))
    }

    /// `foo:bar:` written without spaces reads as one keyword symbol.
    fn adjacent_keywords(&mut self) -> String {
        let mut selector = String::new();
        let mut end = None;
        while let TokenKind::Keyword(keyword) = self.current().kind.clone() {
            if end.is_some_and(|end| end != self.current().start) {
                break;
            }
            selector.push_str(&keyword);
            end = Some(self.advance().end);
        }
        selector
    }

    /// Integers 0–255 up to the closing `]`; the opening `#[` is consumed.
    fn byte_array_body(&mut self) -> Result<LiteralValue, CompileError> {
        let mut bytes = Vec::new();
        loop {
            match self.current().kind.clone() {
                TokenKind::RightBracket => break,
                TokenKind::Number(Number::Integer(value)) => match value.to_u8() {
                    Some(byte) => {
                        self.advance();
                        bytes.push(byte);
                    }
                    None => return Err(self.error_here("Byte array element must be 0-255")),
                },
                _ => return Err(self.expected("Byte (0-255) or ]")),
            }
        }
        self.advance();
        Ok(LiteralValue::ByteArray(bytes))
    }

    /// `<primitive: 60>`, `<primitive: 'name' module: 'mod'>`, `<foo>`; at `<`.
    pub(super) fn pragma(&mut self) -> Result<Pragma, CompileError> {
        let open = self.advance();
        let mut keyword = String::new();
        let mut arguments = Vec::new();
        match self.current().kind.clone() {
            TokenKind::Identifier(name) => {
                self.advance();
                keyword = name;
            }
            TokenKind::Keyword(_) => {
                while let TokenKind::Keyword(part) = self.current().kind.clone() {
                    self.advance();
                    keyword.push_str(&part);
                    arguments.push(self.pragma_argument()?);
                }
            }
            _ => return Err(self.expected("Pragma selector")),
        }
        if !self.at_binary(">") {
            return Err(self.expected(">"));
        }
        self.advance();
        Ok(Pragma {
            keyword,
            arguments,
            position: open.start,
        })
    }

    fn pragma_argument(&mut self) -> Result<LiteralValue, CompileError> {
        if let TokenKind::Identifier(name) = self.current().kind.clone() {
            self.advance();
            return Ok(match name.as_str() {
                "true" => LiteralValue::True,
                "false" => LiteralValue::False,
                "nil" => LiteralValue::Nil,
                _ => LiteralValue::Symbol(name),
            });
        }
        match self.literal()? {
            Some(value) => Ok(value),
            None => Err(self.expected("Literal pragma argument")),
        }
    }
}

fn number_literal(number: Number, negate: bool) -> LiteralValue {
    let sign = |value: BigInt| if negate { -value } else { value };
    match number {
        Number::Integer(value) => LiteralValue::Integer(sign(value)),
        Number::Float(value) => LiteralValue::Float(if negate { -value } else { value }),
        Number::ScaledDecimal {
            numerator,
            denominator,
            scale,
        } => LiteralValue::ScaledDecimal {
            numerator: sign(numerator),
            denominator,
            scale,
        },
    }
}
