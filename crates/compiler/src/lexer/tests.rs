use super::*;
use crate::token::Number;
use num_bigint::BigInt;

fn kinds(source: &str) -> Vec<TokenKind> {
    tokenize(source)
        .expect("lexes")
        .into_iter()
        .map(|t| t.kind)
        .collect()
}

fn number(source: &str) -> Number {
    match kinds(source).first() {
        Some(TokenKind::Number(n)) => n.clone(),
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn radix_sixteen_integer_reads_uppercase_digits() {
    assert_eq!(number("16r1F"), Number::Integer(BigInt::from(31)));
}

#[test]
fn radix_two_integer_reads_binary_digits() {
    assert_eq!(number("2r1010"), Number::Integer(BigInt::from(10)));
}

#[test]
fn radix_integer_may_be_negative_after_the_r() {
    assert_eq!(number("16r-1F"), Number::Integer(BigInt::from(-31)));
}

#[test]
fn integer_with_exponent_stays_an_integer() {
    assert_eq!(
        number("1e10"),
        Number::Integer(BigInt::from(10_000_000_000u64))
    );
}

#[test]
fn float_with_negative_exponent_is_correctly_rounded() {
    assert_eq!(number("1.5e-3"), Number::Float(0.0015));
}

#[test]
fn radix_two_float_is_exact() {
    assert_eq!(number("2r1.1"), Number::Float(1.5));
}

#[test]
fn scaled_decimal_keeps_reduced_fraction_and_scale() {
    let expected = Number::ScaledDecimal {
        numerator: 5.into(),
        denominator: 2.into(),
        scale: 2,
    };
    assert_eq!(number("2.5s2"), expected);
}

#[test]
fn scaled_decimal_without_digits_takes_the_fraction_length() {
    let expected = Number::ScaledDecimal {
        numerator: 5.into(),
        denominator: 4.into(),
        scale: 2,
    };
    assert_eq!(number("1.25s"), expected);
}

#[test]
fn large_integer_keeps_every_digit() {
    let expected: BigInt = "123456789012345678901234567890".parse().expect("valid");
    assert_eq!(
        number("123456789012345678901234567890"),
        Number::Integer(expected)
    );
}

#[test]
fn period_not_followed_by_digit_ends_the_integer() {
    assert_eq!(
        kinds("1."),
        vec![
            TokenKind::Number(Number::Integer(1.into())),
            TokenKind::Period,
            TokenKind::End
        ]
    );
}

#[test]
fn huge_exponent_is_an_error_not_a_hang() {
    assert!(tokenize("1e999999999").is_err());
}

#[test]
fn digit_out_of_radix_is_an_error() {
    assert!(tokenize("2r102").is_err());
}

#[test]
fn keyword_is_identifier_with_colon() {
    assert_eq!(kinds("at:")[0], TokenKind::Keyword("at:".into()));
}

#[test]
fn colon_equals_after_identifier_is_assignment() {
    assert_eq!(kinds("a:=b")[1], TokenKind::Assign);
}

#[test]
fn minus_is_never_inside_a_binary_selector() {
    assert_eq!(
        kinds("3--2")[1..3],
        [TokenKind::Binary("-".into()), TokenKind::Binary("-".into())]
    );
}

#[test]
fn space_character_literal_is_a_character() {
    assert_eq!(kinds("$ ")[0], TokenKind::Character(32));
}

#[test]
fn doubled_quote_in_string_is_one_quote() {
    assert_eq!(kinds("'it''s'")[0], TokenKind::String("it's".into()));
}

#[test]
fn keyword_symbol_reads_all_keywords() {
    assert_eq!(kinds("#foo:bar:")[0], TokenKind::Symbol("foo:bar:".into()));
}

#[test]
fn binary_symbol_reads_operator_characters() {
    assert_eq!(kinds("#+")[0], TokenKind::Symbol("+".into()));
}

#[test]
fn quoted_symbol_reads_any_text() {
    assert_eq!(
        kinds("#'hello world'")[0],
        TokenKind::Symbol("hello world".into())
    );
}

#[test]
fn comments_are_skipped() {
    assert_eq!(
        kinds("\"note\" a \"more\""),
        vec![TokenKind::Identifier("a".into()), TokenKind::End]
    );
}

#[test]
fn unterminated_comment_is_an_error() {
    assert!(tokenize("a \"oops").is_err());
}
