use super::{character, int, TestWorld};
use stvm_object_model::{class_index, Oop};

#[test]
fn character_value_answers_character() {
    let mut w = TestWorld::new();
    let class = w.class(class_index::CHARACTER);
    assert_eq!(w.call(170, class, &[int(97)]), Ok(character(97)));
}

#[test]
fn as_character_of_small_integer_answers_character() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(170, int(0x263A), &[]), Ok(character(0x263A)));
}

#[test]
fn immediate_as_integer_of_character_answers_code() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(171, character(66), &[]), Ok(int(66)));
}

#[test]
fn immediate_as_integer_of_small_float_answers_rotated_bits() {
    let mut w = TestWorld::new();
    let zero = Oop::small_float(0.0).unwrap();
    assert_eq!(w.call(171, zero, &[]), Ok(int(0)));
}

fails!(
    character_value_of_negative_code_fails,
    170,
    |w| w.class(class_index::CHARACTER),
    [int(-1)],
    BadArgument
);
fails!(
    character_value_of_too_large_code_fails,
    170,
    |w| w.class(class_index::CHARACTER),
    [int(1 << 30)],
    BadArgument
);
fails!(
    immediate_as_integer_of_object_fails,
    171,
    |w| w.string("a"),
    [],
    BadReceiver
);

#[test]
fn millisecond_clock_is_masked_to_29_bits() {
    let mut w = TestWorld::new();
    w.platform.monotonic_milliseconds = 0x2000_0005;
    assert_eq!(w.call(135, w.nil(), &[]), Ok(int(5)));
}

#[test]
fn seconds_clock_answers_local_seconds() {
    let mut w = TestWorld::new();
    w.platform.utc_microseconds = 10_000_000;
    w.platform.local_offset_seconds = 3600;
    assert_eq!(w.call(137, w.nil(), &[]), Ok(int(3610)));
}

#[test]
fn utc_microsecond_clock_answers_platform_clock() {
    let mut w = TestWorld::new();
    w.platform.utc_microseconds = 3_900_000_000_000_000;
    assert_eq!(w.call(240, w.nil(), &[]), Ok(int(3_900_000_000_000_000)));
}

#[test]
fn local_microsecond_clock_adds_offset() {
    let mut w = TestWorld::new();
    w.platform.utc_microseconds = 1_000_000;
    w.platform.local_offset_seconds = -1;
    assert_eq!(w.call(241, w.nil(), &[]), Ok(int(0)));
}

#[test]
fn utc_with_offset_answers_pair() {
    let mut w = TestWorld::new();
    w.platform.utc_microseconds = 42;
    w.platform.local_offset_seconds = 7200;
    let pair = w.call(244, w.nil(), &[]).unwrap();
    assert_eq!(w.elements(pair), vec![int(42), int(7200)]);
}

#[test]
fn utc_with_offset_fills_given_array() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(0), int(0)]);
    w.platform.utc_microseconds = 9;
    assert_eq!(w.call(244, w.nil(), &[array]), Ok(array));
    assert_eq!(w.elements(array)[0], int(9));
}

fails!(
    millisecond_clock_with_argument_fails,
    135,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    seconds_clock_with_argument_fails,
    137,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    utc_microsecond_clock_with_argument_fails,
    240,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    local_microsecond_clock_with_argument_fails,
    241,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    utc_with_offset_into_short_array_fails,
    244,
    |w| w.nil(),
    [w.array(&[int(0)])],
    BadArgument
);
