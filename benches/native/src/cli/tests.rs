use super::*;

fn parse_words(words: &[&str]) -> Result<Options, UsageError> {
    let arguments: Vec<String> = words.iter().map(|word| word.to_string()).collect();
    parse(&arguments)
}

#[test]
fn no_arguments_run_everything_ten_times_after_three_warmups() {
    let options = parse_words(&[]).expect("parses");
    assert_eq!(
        (options.names.len(), options.plan, options.json),
        (
            0,
            Plan {
                warmup: 3,
                iterations: 10
            },
            false
        )
    );
}

#[test]
fn iterations_take_the_next_argument() {
    assert_eq!(
        parse_words(&["--iterations", "4"]).map(|o| o.plan.iterations),
        Ok(4)
    );
}

#[test]
fn iterations_take_an_inline_value() {
    assert_eq!(
        parse_words(&["--iterations=5"]).map(|o| o.plan.iterations),
        Ok(5)
    );
}

#[test]
fn warmup_can_be_zero() {
    assert_eq!(
        parse_words(&["--warmup", "0"]).map(|o| o.plan.warmup),
        Ok(0)
    );
}

#[test]
fn names_and_json_flag_mix_in_any_order() {
    let options = parse_words(&["Richards", "--json", "Queens"]).expect("parses");
    assert_eq!(
        (options.names, options.json),
        (vec!["Richards".to_string(), "Queens".to_string()], true)
    );
}

#[test]
fn a_missing_iteration_count_is_an_error() {
    assert_eq!(
        parse_words(&["--iterations"]),
        Err(UsageError::MissingValue("--iterations".to_string()))
    );
}

#[test]
fn a_negative_iteration_count_is_an_error() {
    assert!(matches!(
        parse_words(&["--iterations", "-1"]),
        Err(UsageError::NotACount { .. })
    ));
}

#[test]
fn an_unknown_option_is_an_error() {
    assert_eq!(
        parse_words(&["--fast"]),
        Err(UsageError::UnknownOption("--fast".to_string()))
    );
}
