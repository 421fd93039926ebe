use super::*;

#[test]
fn index_zero_is_plus_with_one_argument() {
    assert_eq!((selector(0), num_args(0)), (Some("+"), Some(1)));
}

#[test]
fn at_put_takes_two_arguments() {
    assert_eq!(num_args(index_of("at:put:").unwrap_or(99)), Some(2));
}

#[test]
fn index_of_class_is_23() {
    assert_eq!(index_of("class"), Some(23));
}

#[test]
fn index_of_modulo_is_10() {
    assert_eq!(index_of("\\\\"), Some(10));
}

#[test]
fn index_24_is_not_identical() {
    assert_eq!(selector(24), Some("~~"));
}

#[test]
fn index_32_is_out_of_table() {
    assert_eq!((selector(32), num_args(32)), (None, None));
}

#[test]
fn unknown_selector_has_no_index() {
    assert_eq!(index_of("printString"), None);
}

#[test]
fn argument_counts_match_selector_colons_or_binary_shape() {
    for (name, args) in SPECIAL_SELECTORS {
        let keyword_args = name.matches(':').count();
        let binary = !name.chars().next().is_some_and(char::is_alphabetic);
        let expected = if binary { 1 } else { keyword_args };
        assert_eq!(usize::from(args), expected, "{name}");
    }
}
