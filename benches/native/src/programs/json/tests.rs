use super::*;

fn parse(text: &str) -> Result<Json, parser::ParseError> {
    Parser::new(text).parse_document()
}

#[test]
fn integers_parse_with_their_sign() {
    assert_eq!(parse(" -42 "), Ok(Json::Integer(-42)));
}

#[test]
fn escapes_in_strings_are_resolved() {
    assert_eq!(
        parse(r#""a\"b\\c\/d\n\u0041""#),
        Ok(Json::String("a\"b\\c/d\nA".to_string()))
    );
}

#[test]
fn arrays_keep_their_order() {
    let expected = Json::Array(vec![Json::Integer(1), Json::True, Json::Null]);
    assert_eq!(parse("[1, true, null]"), Ok(expected));
}

#[test]
fn objects_map_keys_to_values() {
    let Ok(Json::Object(members)) = parse(r#"{"a": false, "b": {}}"#) else {
        panic!("not an object");
    };
    assert_eq!(members.get("a"), Some(&Json::False));
}

#[test]
fn fractions_are_rejected() {
    assert!(parse("1.5").is_err());
}

#[test]
fn an_unterminated_string_is_an_error_not_a_panic() {
    assert!(parse("[\"abc").is_err());
}

#[test]
fn trailing_text_is_an_error() {
    assert!(parse("{} x").is_err());
}

#[test]
fn checksum_weights_array_elements_by_position() {
    let Ok(value) = parse("[10, 20]") else {
        panic!("does not parse");
    };
    assert_eq!(checksum(&value), 2 + 10 + 2 * 20);
}

#[test]
fn checksum_of_an_object_counts_key_lengths() {
    let Ok(value) = parse(r#"{"ab": null, "c": "A"}"#) else {
        panic!("does not parse");
    };
    assert_eq!(checksum(&value), 1 + 2 + 7 + 1 + (1 + 65));
}

#[test]
fn the_document_parses() {
    assert!(parse(DOCUMENT).is_ok());
}

#[test]
fn smalltalk_version_holds_the_same_document_text() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../smalltalk/JsonParser.st");
    let source =
        std::fs::read_to_string(path).expect("benches/smalltalk/JsonParser.st is readable");
    let literal = format!("'{}'", DOCUMENT.trim_end().replace('\'', "''"));
    assert!(
        source.contains(&literal),
        "JsonParser.st must contain the document as a string literal"
    );
}

#[test]
fn default_run_passes_verification() {
    assert!(verify(&run()));
}

#[test]
fn verify_rejects_the_parse_error_answer() {
    assert!(!verify(&-1));
}
