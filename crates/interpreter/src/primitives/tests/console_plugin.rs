use super::{int, TestWorld};

const CONSOLE: &str = "ConsolePlugin";
const LOG: &str = "primitiveLog:level:";

#[test]
fn log_level_log_writes_the_message_and_a_newline_to_stdout() {
    let mut w = TestWorld::new();
    let (message, level) = (w.string("3 + 4 = 7"), w.string("log"));
    let receiver = int(5);
    let answer = w.call_named(CONSOLE, LOG, receiver, &[message, level]);
    assert_eq!(answer, Ok(receiver));
    assert_eq!(w.platform.stdout, b"3 + 4 = 7\n");
}

#[test]
fn log_level_error_writes_to_stderr() {
    let mut w = TestWorld::new();
    let (message, level) = (w.string("boom"), w.string("error"));
    w.call_named(CONSOLE, LOG, w.nil(), &[message, level])
        .unwrap();
    assert_eq!(w.platform.stderr, b"boom\n");
    assert!(w.platform.stdout.is_empty());
}

fails_named!(
    log_of_a_non_string_message_fails_with_bad_argument,
    CONSOLE,
    LOG,
    |w| w.nil(),
    [int(3), w.string("log")],
    BadArgument
);

fails_named!(
    log_with_one_argument_fails_with_bad_number_of_arguments,
    CONSOLE,
    LOG,
    |w| w.nil(),
    [w.string("hello")],
    BadNumberOfArguments
);
