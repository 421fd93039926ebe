use super::*;
use num_bigint::BigInt;

fn literal(source: &str) -> LiteralValue {
    match parse_expression(source).expect("parses") {
        Expression::Literal(value, _) => value,
        other => panic!("not a literal: {other:?}"),
    }
}

fn send(source: &str) -> SendNode {
    match parse_expression(source).expect("parses") {
        Expression::Send(node) => *node,
        other => panic!("not a send: {other:?}"),
    }
}

fn error(source: &str) -> CompileError {
    parse_method(source).expect_err("should not parse")
}

fn int(n: i64) -> LiteralValue {
    LiteralValue::Integer(BigInt::from(n))
}

fn symbol(s: &str) -> LiteralValue {
    LiteralValue::Symbol(s.to_string())
}

#[test]
fn radix_literal_parses_to_integer() {
    assert_eq!(literal("16r1F"), int(31));
}

#[test]
fn binary_radix_literal_parses_to_integer() {
    assert_eq!(literal("2r1010"), int(10));
}

#[test]
fn exponent_literal_parses_to_integer() {
    assert_eq!(literal("1e10"), int(10_000_000_000));
}

#[test]
fn float_literal_with_exponent_parses_to_float() {
    assert_eq!(literal("1.5e-3"), LiteralValue::Float(0.0015));
}

#[test]
fn scaled_decimal_literal_parses() {
    let expected = LiteralValue::ScaledDecimal {
        numerator: 5.into(),
        denominator: 2.into(),
        scale: 2,
    };
    assert_eq!(literal("2.5s2"), expected);
}

#[test]
fn slash_between_integers_is_a_send() {
    let node = send("1/2");
    assert_eq!(
        (node.message.selector.as_str(), node.message.arguments.len()),
        ("/", 1)
    );
}

#[test]
fn character_literal_parses() {
    assert_eq!(literal("$a"), LiteralValue::Character('a' as u32));
}

#[test]
fn space_character_literal_parses() {
    assert_eq!(literal("$ "), LiteralValue::Character(32));
}

#[test]
fn string_with_doubled_quote_parses() {
    assert_eq!(literal("'it''s'"), LiteralValue::String("it's".into()));
}

#[test]
fn keyword_symbol_parses() {
    assert_eq!(literal("#foo:bar:"), symbol("foo:bar:"));
}

#[test]
fn binary_symbol_parses() {
    assert_eq!(literal("#+"), symbol("+"));
}

#[test]
fn literal_array_holds_every_element_kind() {
    let expected = LiteralValue::Array(vec![
        int(1),
        LiteralValue::Character('a' as u32),
        LiteralValue::String("b".into()),
        symbol("c"),
        symbol("foo"),
        LiteralValue::Nil,
        LiteralValue::True,
        LiteralValue::Array(vec![symbol("nested")]),
        LiteralValue::ByteArray(vec![1, 2]),
    ]);
    assert_eq!(
        literal("#(1 $a 'b' #c foo nil true #(nested) #[1 2])"),
        expected
    );
}

#[test]
fn literal_array_reads_bare_parentheses_as_nested_array() {
    assert_eq!(
        literal("#((1) -2)"),
        LiteralValue::Array(vec![LiteralValue::Array(vec![int(1)]), int(-2)])
    );
}

#[test]
fn literal_array_joins_adjacent_keywords_into_one_symbol() {
    assert_eq!(
        literal("#(at:put: +)"),
        LiteralValue::Array(vec![symbol("at:put:"), symbol("+")])
    );
}

#[test]
fn byte_array_parses() {
    assert_eq!(
        literal("#[1 2 255]"),
        LiteralValue::ByteArray(vec![1, 2, 255])
    );
}

#[test]
fn byte_array_rejects_values_above_255() {
    assert!(parse_expression("#[256]").is_err());
}

#[test]
fn dynamic_array_holds_expressions() {
    match parse_expression("{1. 2}").expect("parses") {
        Expression::Array(elements, _) => assert_eq!(elements.len(), 2),
        other => panic!("not an array: {other:?}"),
    }
}

#[test]
fn negative_integer_literal_parses() {
    assert_eq!(literal("-3"), int(-3));
}

#[test]
fn negative_float_literal_parses() {
    assert_eq!(literal("-3.5"), LiteralValue::Float(-3.5));
}

#[test]
fn minus_before_spaced_number_is_a_binary_send() {
    assert_eq!(send("x - 3").message.selector, "-");
}

#[test]
fn minus_minus_number_is_subtraction_of_a_negative() {
    assert_eq!(
        send("3 - -2").message.arguments[0],
        Expression::Literal(int(-2), 4)
    );
}

#[test]
fn unary_binds_tighter_than_binary() {
    let node = send("a + b c");
    match &node.message.arguments[0] {
        Expression::Send(argument) => assert_eq!(argument.message.selector, "c"),
        other => panic!("argument should be b c: {other:?}"),
    }
}

#[test]
fn binary_binds_tighter_than_keyword() {
    let node = send("a at: b + c put: d");
    assert_eq!(
        (node.message.selector.as_str(), node.message.arguments.len()),
        ("at:put:", 2)
    );
}

#[test]
fn binary_sends_associate_left() {
    let node = send("a - b - c");
    match &node.receiver {
        Expression::Send(inner) => assert_eq!(inner.message.selector, "-"),
        other => panic!("receiver should be a - b: {other:?}"),
    }
}

#[test]
fn cascade_sends_to_receiver_of_last_message() {
    match parse_expression("a b c; d; e: 1").expect("parses") {
        Expression::Cascade(node) => {
            let selectors: Vec<&str> = node.messages.iter().map(|m| m.selector.as_str()).collect();
            assert_eq!(
                (selectors, matches!(node.receiver, Expression::Send(_))),
                (vec!["c", "d", "e:"], true)
            );
        }
        other => panic!("not a cascade: {other:?}"),
    }
}

#[test]
fn method_pattern_with_keywords_collects_arguments() {
    let method = parse_method("at: i put: v ^ v").expect("parses");
    assert_eq!(
        (method.selector.as_str(), method.arguments.len()),
        ("at:put:", 2)
    );
}

#[test]
fn pragmas_and_temporaries_may_interleave() {
    let method = parse_method("foo <primitive: 60> | a | <bar> ^ a").expect("parses");
    assert_eq!((method.pragmas.len(), method.temporaries.len()), (2, 1));
}

#[test]
fn primitive_error_pragma_keeps_the_error_name_as_symbol() {
    let method = parse_method("foo <primitive: 60 error: ec> ^ ec").expect("parses");
    assert_eq!(method.pragmas[0].arguments, vec![int(60), symbol("ec")]);
}

#[test]
fn block_with_arguments_and_temporaries_parses() {
    match parse_expression("[:a :b | | t | t := a. t + b]").expect("parses") {
        Expression::Block(block) => {
            assert_eq!(
                (
                    block.arguments.len(),
                    block.temporaries.len(),
                    block.body.len()
                ),
                (2, 1, 2)
            )
        }
        other => panic!("not a block: {other:?}"),
    }
}

#[test]
fn block_argument_bar_and_temporary_bar_may_touch() {
    match parse_expression("[:a || t | t]").expect("parses") {
        Expression::Block(block) => assert_eq!(block.temporaries.len(), 1),
        other => panic!("not a block: {other:?}"),
    }
}

#[test]
fn blocks_are_numbered_in_source_order() {
    let method = parse_method("foo [[1]. [2]]").expect("parses");
    assert_eq!(method.block_count, 3);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let source = format!("foo ^ {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(error(&source).message, "Expression nested too deeply");
}

#[test]
fn long_binary_chain_is_an_error_not_a_stack_overflow() {
    let source = format!("foo ^ 1{}", " + 1".repeat(100_000));
    assert_eq!(error(&source).message, "Expression nested too deeply");
}

#[test]
fn missing_close_bracket_reports_position_of_end() {
    let e = error("foo\n  ^ [:x | x");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 12, ". or ] expected, found end of input")
    );
}

#[test]
fn missing_close_paren_reports_line_and_column() {
    let e = error("foo\n  ^ (1 + 2");
    assert_eq!((e.line, e.column), (2, 11));
}

#[test]
fn unterminated_string_points_at_its_quote() {
    let e = error("foo\n\t^ 'abc");
    assert_eq!(
        (e.line, e.column, e.message.as_str()),
        (2, 4, "Unmatched ' in string literal")
    );
}

#[test]
fn assignment_without_value_is_an_error() {
    let e = error("foo | a | a := .");
    assert_eq!(e.column, 16);
}

#[test]
fn keyword_without_argument_is_an_error() {
    let e = error("foo ^ self at: ");
    assert_eq!(
        (e.column, e.message.as_str()),
        (16, "Variable or expression expected, found end of input")
    );
}

#[test]
fn unclosed_temporaries_is_an_error() {
    assert_eq!(error("foo | a b ^ a").column, 11);
}

#[test]
fn missing_pragma_close_is_an_error() {
    assert_eq!(error("foo <primitive: 1 ^ self").column, 19);
}

#[test]
fn two_expressions_without_period_is_an_error() {
    let e = error("foo ^ 1 2");
    assert_eq!(
        (e.column, e.message.as_str()),
        (9, "Statement end (.) expected, found number")
    );
}

#[test]
fn cascade_without_message_is_an_error() {
    assert_eq!(error("foo ^ (a); b").column, 10);
}

#[test]
fn reserved_name_cannot_be_a_temporary() {
    assert_eq!(
        error("foo | self | ^ 1").message,
        "Cannot use reserved name self as a variable"
    );
}

#[test]
fn hash_without_literal_is_an_error() {
    assert_eq!(error("foo ^ # ").column, 7);
}

#[test]
fn unknown_character_is_an_error() {
    assert_eq!(error("foo ^ 1 ` 2").message, "Unknown character '`'");
}

#[test]
fn stray_close_bracket_is_an_error() {
    assert_eq!(error("foo ^ 1]").column, 8);
}

#[test]
fn error_display_shows_line_column_and_caret() {
    let text = error("foo\n  ^ (1 + 2").to_string();
    assert_eq!(
        text,
        "line 2, column 11: ) expected, found end of input\n    ^ (1 + 2\n            ^"
    );
}

#[test]
fn deepest_accepted_nesting_compiles_without_overflow() {
    let depth = MAX_DEPTH - 10;
    let source = format!("foo ^ {}1{}", "(".repeat(depth), ")".repeat(depth));
    assert!(crate::compile_method(&source, &crate::ClassScope::default()).is_ok());
}

#[test]
fn deeply_nested_blocks_are_an_error_not_a_stack_overflow() {
    let source = format!("foo ^ {}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(error(&source).message, "Expression nested too deeply");
}
