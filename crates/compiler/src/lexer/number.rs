//! Number literal syntax: `123`, `16r1F`, `16r-1F`, `2r1010`, `1e10` (an Integer),
//! `1.5`, `1.5e-3`, `2r1.1`, `2.5s2`, `3s` (scale from the fraction digits).
//!
//! Digits above 9 are uppercase letters only (as in Pharo, so `16r1e5` reads the
//! lowercase `e` as an exponent). A lowercase `e`, `d` or `q` starts an exponent only
//! when a digit (or `-` and a digit) follows. Floats with radix 10 are rounded by Rust's
//! correctly rounded parser; other radices go through exact rational rounding.

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};

use super::Lexer;
use crate::error::CompileError;
use crate::token::Number;

/// Largest exponent accepted, so `1e999999999` is an error instead of a huge computation.
const MAX_EXPONENT: u32 = 10_000;

/// The parts of a number literal as written.
struct Parts {
    radix: u32,
    negative: bool,
    digits: BigUint,
    fraction_digits: u32,
    has_fraction: bool,
    exponent: i64,
    scale: Option<u32>,
}

impl Lexer<'_> {
    /// Reads a number starting at a decimal digit.
    pub(crate) fn number(&mut self) -> Result<Number, CompileError> {
        let start = self.pos;
        let parts = self.number_parts(start)?;
        number_value(parts).map_err(|message| self.error(start, message))
    }

    fn number_parts(&mut self, start: usize) -> Result<Parts, CompileError> {
        let (leading, _) = self.digits(10);
        let mut parts = Parts {
            radix: 10,
            negative: false,
            digits: leading.clone(),
            fraction_digits: 0,
            has_fraction: false,
            exponent: 0,
            scale: None,
        };
        if self.peek() == Some('r') && self.radix_digits_follow(&leading) {
            parts.radix = leading.to_u32().unwrap_or(0);
            self.bump();
            if self.peek() == Some('-') {
                parts.negative = true;
                self.bump();
            }
            parts.digits = self.digits(parts.radix).0;
        }
        self.check_no_stray_digit(parts.radix)?;
        if self.peek() == Some('.')
            && self
                .peek_second()
                .is_some_and(|c| digit_value(c, parts.radix).is_some())
        {
            self.bump();
            let (fraction, count) = self.digits(parts.radix);
            parts.digits = parts.digits * BigUint::from(parts.radix).pow(count) + fraction;
            parts.fraction_digits = count;
            parts.has_fraction = true;
            self.check_no_stray_digit(parts.radix)?;
        }
        parts.exponent = self.exponent(start)?;
        if self.peek() == Some('s') {
            self.bump();
            let (scale, count) = self.digits(10);
            parts.scale = Some(if count == 0 {
                parts.fraction_digits
            } else {
                small_scale(&scale, self, start)?
            });
        }
        Ok(parts)
    }

    /// `r` is a radix marker only when the leading digits form a radix 2..=36 and a
    /// digit (or `-` then a digit) of that radix follows.
    fn radix_digits_follow(&self, leading: &BigUint) -> bool {
        let Some(radix) = leading.to_u32().filter(|r| (2..=36).contains(r)) else {
            return false;
        };
        let mut chars = self.source[self.pos + 1..].chars();
        match chars.next() {
            Some('-') => chars
                .next()
                .is_some_and(|c| digit_value(c, radix).is_some()),
            Some(c) => digit_value(c, radix).is_some(),
            None => false,
        }
    }

    fn check_no_stray_digit(&self, radix: u32) -> Result<(), CompileError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() || c.is_ascii_uppercase() => {
                Err(self.error(self.pos, format!("Digit {c} is not valid in radix {radix}")))
            }
            _ => Ok(()),
        }
    }

    /// Reads digits of `radix`; answers the value and the digit count.
    fn digits(&mut self, radix: u32) -> (BigUint, u32) {
        let start = self.pos;
        while self.peek().is_some_and(|c| digit_value(c, radix).is_some()) {
            self.bump();
        }
        let text = &self.source[start..self.pos];
        let count = u32::try_from(text.len()).unwrap_or(u32::MAX);
        let value = BigUint::parse_bytes(text.as_bytes(), radix).unwrap_or_default();
        (value, count)
    }

    fn exponent(&mut self, start: usize) -> Result<i64, CompileError> {
        if !matches!(self.peek(), Some('e' | 'd' | 'q')) {
            return Ok(0);
        }
        let rest = &self.source[self.pos + 1..];
        let negative = rest.starts_with('-');
        let digits_at = usize::from(negative);
        if !rest[digits_at..].starts_with(|c: char| c.is_ascii_digit()) {
            return Ok(0);
        }
        self.bump();
        if negative {
            self.bump();
        }
        let (value, _) = self.digits(10);
        let magnitude = value
            .to_u32()
            .filter(|&e| e <= MAX_EXPONENT)
            .ok_or_else(|| self.error(start, "Exponent too large"))?;
        Ok(if negative {
            -i64::from(magnitude)
        } else {
            i64::from(magnitude)
        })
    }
}

fn small_scale(scale: &BigUint, lexer: &Lexer<'_>, start: usize) -> Result<u32, CompileError> {
    scale
        .to_u32()
        .filter(|&s| s <= MAX_EXPONENT)
        .ok_or_else(|| lexer.error(start, "Scale too large"))
}

/// Value of `c` as a digit of `radix` (uppercase letters only above 9).
fn digit_value(c: char, radix: u32) -> Option<u32> {
    let value = match c {
        '0'..='9' => u32::from(c) - u32::from('0'),
        'A'..='Z' => u32::from(c) - u32::from('A') + 10,
        _ => return None,
    };
    (value < radix).then_some(value)
}

fn number_value(parts: Parts) -> Result<Number, String> {
    let sign = if parts.negative {
        Sign::Minus
    } else {
        Sign::Plus
    };
    let power = parts.exponent - i64::from(parts.fraction_digits);
    let radix = BigUint::from(parts.radix);
    let (numerator, denominator) = if power >= 0 {
        (
            parts.digits.clone() * radix.pow(power as u32),
            BigUint::one(),
        )
    } else {
        let exponent = u32::try_from(-power).map_err(|_| "Exponent too large".to_string())?;
        (parts.digits.clone(), radix.pow(exponent))
    };
    if let Some(scale) = parts.scale {
        let divisor = numerator.gcd(&denominator);
        return Ok(Number::ScaledDecimal {
            numerator: BigInt::from_biguint(sign, &numerator / &divisor),
            denominator: BigInt::from(&denominator / &divisor),
            scale,
        });
    }
    if parts.has_fraction {
        let magnitude = if parts.radix == 10 {
            decimal_float(&parts.digits, power)
        } else {
            ratio_to_f64(&numerator, &denominator)
        };
        return Ok(Number::Float(if parts.negative {
            -magnitude
        } else {
            magnitude
        }));
    }
    if !denominator.is_one() {
        return Err(
            "Negative exponent on an integer (a Fraction literal) is not supported".to_string(),
        );
    }
    Ok(Number::Integer(BigInt::from_biguint(sign, numerator)))
}

/// `digits × 10^power`, correctly rounded.
fn decimal_float(digits: &BigUint, power: i64) -> f64 {
    format!("{digits}e{power}").parse().unwrap_or(f64::INFINITY)
}

/// `numerator / denominator` rounded to nearest, ties to even (normal range).
pub(crate) fn ratio_to_f64(numerator: &BigUint, denominator: &BigUint) -> f64 {
    if numerator.is_zero() {
        return 0.0;
    }
    let shift = 55 - (numerator.bits() as i64 - denominator.bits() as i64);
    let (scaled_numerator, scaled_denominator) = if shift >= 0 {
        (numerator << shift as usize, denominator.clone())
    } else {
        (numerator.clone(), denominator << (-shift) as usize)
    };
    let (quotient, remainder) = scaled_numerator.div_rem(&scaled_denominator);
    let extra = quotient.bits().saturating_sub(53);
    let mut mantissa = &quotient >> extra;
    let dropped = &quotient - (&mantissa << extra);
    let half = if extra == 0 {
        BigUint::zero()
    } else {
        BigUint::one() << (extra - 1)
    };
    let round_up = extra > 0
        && (dropped > half || (dropped == half && (!remainder.is_zero() || mantissa.bit(0))));
    if round_up {
        mantissa += 1u32;
    }
    let exponent = extra as i64 - shift;
    let mantissa = mantissa.to_f64().unwrap_or(f64::INFINITY);
    mantissa * 2f64.powi(exponent.clamp(-2000, 2000) as i32)
}
