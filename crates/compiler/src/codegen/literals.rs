//! Literal frame construction and Pharo's special-selector table.
//!
//! Literals enter the frame in order of first use in the emitted bytecode, merged when
//! Pharo's `literalEqual:` holds (see [`literal_equal`]); blocks and copied class
//! bindings are never merged.

use crate::ast::LiteralValue;
use crate::compiled_code::{literal_equal, Literal};

/// Pharo's `BytecodeEncoder class>>specialSelectors`, index = Sista special-send index.
/// `class` (index 23) is `None`: Pharo sends it as an ordinary message.
const SPECIAL_SELECTORS: [Option<&str>; 32] = [
    Some("+"),
    Some("-"),
    Some("<"),
    Some(">"),
    Some("<="),
    Some(">="),
    Some("="),
    Some("~="),
    Some("*"),
    Some("/"),
    Some("\\\\"),
    Some("@"),
    Some("bitShift:"),
    Some("//"),
    Some("bitAnd:"),
    Some("bitOr:"),
    Some("at:"),
    Some("at:put:"),
    Some("size"),
    Some("next"),
    Some("nextPut:"),
    Some("atEnd"),
    Some("=="),
    None,
    Some("~~"),
    Some("value"),
    Some("value:"),
    Some("do:"),
    Some("new"),
    Some("new:"),
    Some("x"),
    Some("y"),
];

/// The special-send index of `selector`, if it has one.
pub fn special_selector_index(selector: &str) -> Option<u8> {
    SPECIAL_SELECTORS
        .iter()
        .position(|s| *s == Some(selector))
        .and_then(|i| u8::try_from(i).ok())
}

/// Converts a parsed literal to its literal-frame form.
pub fn literal_from_value(value: &LiteralValue) -> Literal {
    match value {
        LiteralValue::Integer(n) => Literal::Integer(n.clone()),
        LiteralValue::Float(f) => Literal::Float(*f),
        LiteralValue::ScaledDecimal {
            numerator,
            denominator,
            scale,
        } => Literal::ScaledDecimal {
            numerator: numerator.clone(),
            denominator: denominator.clone(),
            scale: *scale,
        },
        LiteralValue::Character(c) => Literal::Character(*c),
        LiteralValue::String(s) => Literal::String(s.clone()),
        LiteralValue::Symbol(s) => Literal::Symbol(s.clone()),
        LiteralValue::ByteArray(bytes) => Literal::ByteArray(bytes.clone()),
        LiteralValue::Array(elements) => {
            Literal::Array(elements.iter().map(literal_from_value).collect())
        }
        LiteralValue::True => Literal::True,
        LiteralValue::False => Literal::False,
        LiteralValue::Nil => Literal::Nil,
    }
}

/// The growing literal frame of one method or block.
#[derive(Debug, Default)]
pub struct LiteralFrame {
    /// Literals in frame order.
    pub literals: Vec<Literal>,
}

impl LiteralFrame {
    /// Index of `literal`, adding it if no equal literal is present.
    pub fn index_of(&mut self, literal: Literal) -> usize {
        if let Some(index) = self
            .literals
            .iter()
            .position(|l| literal_equal(l, &literal))
        {
            return index;
        }
        self.literals.push(literal);
        self.literals.len() - 1
    }

    /// Index of the binding of the literal variable `name`.
    pub fn variable_index(&mut self, name: &str) -> usize {
        let found = self
            .literals
            .iter()
            .position(|l| matches!(l, Literal::Variable(n) if n == name));
        found.unwrap_or_else(|| {
            self.literals.push(Literal::Variable(name.to_string()));
            self.literals.len() - 1
        })
    }
}
