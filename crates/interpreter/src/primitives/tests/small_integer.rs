use super::{int, TestWorld};
use crate::primitives::PrimitiveFailure;
use stvm_object_model::oop::{MAX_SMALL_INTEGER, MIN_SMALL_INTEGER};

#[test]
fn small_integer_add_answers_sum() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(1, int(3), &[int(4)]), Ok(int(7)));
}

#[test]
fn small_integer_add_overflow_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(1, int(MAX_SMALL_INTEGER), &[int(1)]).is_err());
}

#[test]
fn small_integer_subtract_underflow_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(2, int(MIN_SMALL_INTEGER), &[int(1)]).is_err());
}

#[test]
fn small_integer_multiply_overflow_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(9, int(1 << 40), &[int(1 << 40)]).is_err());
}

#[test]
fn small_integer_less_than_answers_true() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(3, int(-2), &[int(5)]), Ok(w.boolean(true)));
}

#[test]
fn small_integer_not_equal_answers_false_for_equal_values() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(8, int(5), &[int(5)]), Ok(w.boolean(false)));
}

#[test]
fn small_integer_exact_divide_answers_quotient() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(10, int(12), &[int(-4)]), Ok(int(-3)));
}

#[test]
fn small_integer_inexact_divide_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(10, int(7), &[int(2)]).is_err());
}

#[test]
fn small_integer_modulo_is_floored() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(11, int(-7), &[int(2)]), Ok(int(1)));
}

#[test]
fn small_integer_floored_division_rounds_down() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(12, int(-7), &[int(2)]), Ok(int(-4)));
}

#[test]
fn small_integer_quo_truncates_toward_zero() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(13, int(-7), &[int(2)]), Ok(int(-3)));
}

#[test]
fn small_integer_bit_xor_of_negative_values() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(16, int(-1), &[int(5)]), Ok(int(-6)));
}

#[test]
fn small_integer_bit_shift_left_answers_shifted_value() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(17, int(3), &[int(4)]), Ok(int(48)));
}

#[test]
fn small_integer_bit_shift_right_of_negative_rounds_down() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(17, int(-5), &[int(-1)]), Ok(int(-3)));
}

#[test]
fn small_integer_bit_shift_losing_bits_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(17, int(1), &[int(60)]).is_err());
}

#[test]
fn make_point_answers_point_with_x_and_y() {
    let mut w = TestWorld::new();
    let point = w.call(18, int(3), &[int(4)]).unwrap();
    assert_eq!(w.heap.class_index_of(point), super::POINT);
    assert_eq!(w.elements(point), vec![int(3), int(4)]);
}

fails!(
    small_integer_add_with_nil_argument_fails_with_bad_argument,
    1,
    |w| int(1),
    [w.nil()],
    BadArgument
);
fails!(
    small_integer_subtract_with_float_argument_fails,
    2,
    |w| int(1),
    [w.float(1.5)],
    BadArgument
);
fails!(
    small_integer_less_than_with_string_argument_fails,
    3,
    |w| int(1),
    [w.string("a")],
    BadArgument
);
fails!(
    small_integer_greater_than_with_nil_receiver_fails,
    4,
    |w| w.nil(),
    [int(1)],
    BadReceiver
);
fails!(
    small_integer_less_or_equal_without_argument_fails,
    5,
    |w| int(1),
    [],
    BadNumberOfArguments
);
fails!(
    small_integer_greater_or_equal_with_large_argument_fails,
    6,
    |w| int(1),
    [w.integer(1 << 70)],
    BadArgument
);
fails!(
    small_integer_equal_with_nil_argument_fails,
    7,
    |w| int(1),
    [w.nil()],
    BadArgument
);
fails!(
    small_integer_not_equal_with_character_argument_fails,
    8,
    |w| int(1),
    [super::character(65)],
    BadArgument
);
fails!(
    small_integer_multiply_with_array_argument_fails,
    9,
    |w| int(2),
    [w.array(&[])],
    BadArgument
);
fails!(
    small_integer_divide_by_zero_fails,
    10,
    |w| int(2),
    [int(0)],
    Generic
);
fails!(
    small_integer_modulo_by_zero_fails,
    11,
    |w| int(2),
    [int(0)],
    Generic
);
fails!(
    small_integer_floored_division_by_zero_fails,
    12,
    |w| int(2),
    [int(0)],
    Generic
);
fails!(
    small_integer_quo_by_nil_fails,
    13,
    |w| int(2),
    [w.nil()],
    BadArgument
);
fails!(
    small_integer_bit_and_with_float_fails,
    14,
    |w| int(2),
    [w.float(2.0)],
    BadArgument
);
fails!(
    small_integer_bit_or_with_string_receiver_fails,
    15,
    |w| w.string("x"),
    [int(1)],
    BadReceiver
);
fails!(
    small_integer_bit_xor_with_nil_fails,
    16,
    |w| int(1),
    [w.nil()],
    BadArgument
);
fails!(
    small_integer_bit_shift_with_nil_fails,
    17,
    |w| int(1),
    [w.nil()],
    BadArgument
);
fails!(
    make_point_with_nil_argument_fails,
    18,
    |w| int(1),
    [w.nil()],
    BadArgument
);

#[test]
fn failure_codes_follow_the_primitive_error_table() {
    assert_eq!(PrimitiveFailure::BadArgument.code(), 3);
    assert_eq!(PrimitiveFailure::OperationFailed.code(), 24);
}
