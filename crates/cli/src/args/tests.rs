use super::*;

fn parse_words(words: &str) -> Result<Invocation, String> {
    let arguments: Vec<String> = words.split_whitespace().map(String::from).collect();
    parse(&arguments)
}

#[test]
fn eval_takes_one_expression() {
    let invocation = parse(&["eval".into(), "3 + 4".into()]).unwrap();
    assert_eq!(invocation.command, Command::Eval("3 + 4".into()));
}

#[test]
fn eval_without_expression_is_an_error() {
    assert!(parse_words("eval").is_err());
}

#[test]
fn run_takes_a_file() {
    assert_eq!(
        parse_words("run a.st").unwrap().command,
        Command::Run("a.st".into())
    );
}

#[test]
fn global_image_option_comes_before_the_command() {
    let invocation = parse_words("--image x.image --verify-heap eval 1").unwrap();
    assert_eq!(invocation.options.image, Some("x.image".into()));
    assert!(invocation.options.verify_heap);
    assert_eq!(invocation.command, Command::Eval("1".into()));
}

#[test]
fn an_image_file_as_command_resumes_it_with_its_arguments() {
    let invocation = parse_words("my.image --flag value").unwrap();
    assert_eq!(invocation.options.image, Some("my.image".into()));
    assert_eq!(
        invocation.command,
        Command::Resume(vec!["--flag".into(), "value".into()])
    );
}

#[test]
fn image_option_without_command_resumes_the_image() {
    assert_eq!(
        parse_words("--image a.image").unwrap().command,
        Command::Resume(vec![])
    );
}

#[test]
fn no_arguments_prints_help() {
    assert_eq!(parse_words("").unwrap().command, Command::Help);
}

#[test]
fn bench_collects_names_and_options() {
    let command = parse_words("bench Richards --iterations 5 --json Queens")
        .unwrap()
        .command;
    let expected = BenchOptions {
        names: vec!["Richards".into(), "Queens".into()],
        iterations: Some(5),
        warmup: None,
        json: true,
        compare_native: false,
    };
    assert_eq!(command, Command::Bench(expected));
}

#[test]
fn bench_takes_a_warmup_count() {
    let command = parse_words("bench --warmup 0 Sieve").unwrap().command;
    let expected = BenchOptions {
        names: vec!["Sieve".into()],
        warmup: Some(0),
        ..BenchOptions::default()
    };
    assert_eq!(command, Command::Bench(expected));
}

#[test]
fn bench_warmup_must_be_a_number() {
    assert!(parse_words("bench --warmup").is_err());
    assert!(parse_words("bench --warmup -1").is_err());
}

#[test]
fn bench_iterations_must_be_a_number() {
    assert!(parse_words("bench --iterations many").is_err());
}

#[test]
fn image_info_and_bootstrap_take_files() {
    assert_eq!(
        parse_words("image info a.image").unwrap().command,
        Command::ImageInfo("a.image".into())
    );
    assert_eq!(
        parse_words("bootstrap -o b.image").unwrap().command,
        Command::Bootstrap("b.image".into())
    );
}

#[test]
fn unknown_command_and_option_are_errors() {
    assert!(parse_words("frobnicate").is_err());
    assert!(parse_words("--frobnicate").is_err());
}

#[test]
fn test_takes_an_optional_pattern() {
    assert_eq!(parse_words("test").unwrap().command, Command::Test(None));
    assert_eq!(
        parse_words("test Integer").unwrap().command,
        Command::Test(Some("Integer".into()))
    );
}
