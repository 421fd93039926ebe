use super::is_complete;

#[test]
fn a_one_line_expression_is_complete() {
    assert!(is_complete("3 + 4\n"));
}

#[test]
fn an_open_block_is_incomplete() {
    assert!(!is_complete("#(1 2 3) do: [ :each |\n"));
}

#[test]
fn a_closed_block_over_several_lines_is_complete() {
    assert!(is_complete("#(1 2 3) do: [ :each |\n  each printNl ]\n"));
}

#[test]
fn an_open_string_is_incomplete() {
    assert!(!is_complete("'hello\n"));
}

#[test]
fn a_bracket_inside_a_string_does_not_count() {
    assert!(is_complete("'[' size\n"));
}

#[test]
fn a_doubled_quote_does_not_close_a_string() {
    assert!(!is_complete("'it''s\n"));
}

#[test]
fn an_open_comment_is_incomplete() {
    assert!(!is_complete("3 \"a comment\n"));
}

#[test]
fn a_character_literal_bracket_does_not_count() {
    assert!(is_complete("$( isCharacter\n"));
}

#[test]
fn an_open_parenthesis_and_brace_are_incomplete() {
    assert!(!is_complete("(3 + {4\n"));
}
