//! Tokens of Pharo Smalltalk source as produced by the lexer.
//!
//! Every token carries the byte range `start..end` it was read from. Numbers are
//! unsigned: a leading `-` is a binary-selector token the parser folds into a negative
//! literal when it directly precedes the number.

use num_bigint::BigInt;

/// A number literal's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// Integer of any size (radix and exponent applied).
    Integer(BigInt),
    /// Float (`1.5`, `1.5e-3`, `2r1.1`, `1.0e10`).
    Float(f64),
    /// Scaled decimal `2.5s2`: the reduced fraction and the scale.
    ScaledDecimal {
        /// Numerator of the reduced value.
        numerator: BigInt,
        /// Denominator of the reduced value (positive).
        denominator: BigInt,
        /// Number of decimal places.
        scale: u32,
    },
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// `foo`, `Foo`, `_foo1`.
    Identifier(String),
    /// `foo:` (identifier immediately followed by a colon that is not `:=`).
    Keyword(String),
    /// A binary selector such as `+`, `->`, `<=`, `|`, `<`, `>`.
    Binary(String),
    /// An unsigned number.
    Number(Number),
    /// `$a` (the code point).
    Character(u32),
    /// `'it''s'` (quotes undoubled).
    String(String),
    /// `#foo`, `#foo:bar:`, `#+`, `#'hello world'`.
    Symbol(String),
    /// `#(` opening a literal array.
    LiteralArrayStart,
    /// `#[` opening a byte array.
    ByteArrayStart,
    /// `:=`.
    Assign,
    /// `^`.
    Caret,
    /// `:` (before a block argument).
    Colon,
    /// `.`.
    Period,
    /// `;`.
    Semicolon,
    /// `(`.
    LeftParen,
    /// `)`.
    RightParen,
    /// `[`.
    LeftBracket,
    /// `]`.
    RightBracket,
    /// `{`.
    LeftBrace,
    /// `}`.
    RightBrace,
    /// End of input.
    End,
}

/// A token with its source range.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What was read.
    pub kind: TokenKind,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

impl TokenKind {
    /// A short description for error messages.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Identifier(name) => format!("identifier {name}"),
            TokenKind::Keyword(name) => format!("keyword {name}"),
            TokenKind::Binary(name) => format!("binary selector {name}"),
            TokenKind::Number(_) => "number".to_string(),
            TokenKind::Character(_) => "character".to_string(),
            TokenKind::String(_) => "string".to_string(),
            TokenKind::Symbol(_) => "symbol".to_string(),
            TokenKind::LiteralArrayStart => "#(".to_string(),
            TokenKind::ByteArrayStart => "#[".to_string(),
            TokenKind::Assign => ":=".to_string(),
            TokenKind::Caret => "^".to_string(),
            TokenKind::Colon => ":".to_string(),
            TokenKind::Period => ".".to_string(),
            TokenKind::Semicolon => ";".to_string(),
            TokenKind::LeftParen => "(".to_string(),
            TokenKind::RightParen => ")".to_string(),
            TokenKind::LeftBracket => "[".to_string(),
            TokenKind::RightBracket => "]".to_string(),
            TokenKind::LeftBrace => "{".to_string(),
            TokenKind::RightBrace => "}".to_string(),
            TokenKind::End => "end of input".to_string(),
        }
    }
}
