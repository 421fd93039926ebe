use super::{int, TestWorld};
use crate::primitives::float::{binary_exponent, times_two_power};
use stvm_object_model::class_index;

#[test]
fn float_add_of_small_floats_answers_small_float() {
    let mut w = TestWorld::new();
    let a = w.float(1.5);
    let b = w.float(2.25);
    let sum = w.call(541, a, &[b]).unwrap();
    assert!(sum.is_small_float());
    assert_eq!(w.float_of(sum), 3.75);
}

#[test]
fn float_add_accepts_small_integer_argument() {
    let mut w = TestWorld::new();
    let a = w.float(0.5);
    let sum = w.call(41, a, &[int(2)]).unwrap();
    assert_eq!(w.float_of(sum), 2.5);
}

#[test]
fn float_result_outside_small_float_range_is_boxed_float64() {
    let mut w = TestWorld::new();
    let a = w.float(1e300);
    let product = w.call(49, a, &[a]).unwrap();
    assert_eq!(w.heap.class_index_of(product), class_index::BOXED_FLOAT);
    assert_eq!(w.float_of(product), f64::INFINITY);
}

#[test]
fn boxed_float_receiver_works_with_small_float_primitive_numbers() {
    let mut w = TestWorld::new();
    let a = w.boxed_float(2.0);
    let b = w.float(3.0);
    let product = w.call(549, a, &[b]).unwrap();
    assert_eq!(product, w.float(6.0));
}

#[test]
fn float_divide_by_zero_fails() {
    let mut w = TestWorld::new();
    let a = w.float(1.0);
    let zero = w.float(0.0);
    assert!(w.call(50, a, &[zero]).is_err());
}

#[test]
fn float_comparison_with_nan_is_false() {
    let mut w = TestWorld::new();
    let nan = w.float(f64::NAN);
    let one = w.float(1.0);
    assert_eq!(w.call(43, nan, &[one]), Ok(w.boolean(false)));
}

#[test]
fn float_not_equal_with_nan_is_true() {
    let mut w = TestWorld::new();
    let nan = w.float(f64::NAN);
    assert_eq!(w.call(48, nan, &[nan]), Ok(w.boolean(true)));
}

#[test]
fn float_comparison_with_large_small_integer_is_exact() {
    let mut w = TestWorld::new();
    let big = (1i64 << 54) + 1;
    let f = w.float((1i64 << 54) as f64);
    assert_eq!(w.call(43, f, &[int(big)]), Ok(w.boolean(true)));
}

#[test]
fn small_integer_as_float_answers_float() {
    let mut w = TestWorld::new();
    let result = w.call(40, int(-3), &[]).unwrap();
    assert_eq!(w.float_of(result), -3.0);
}

#[test]
fn float_truncated_answers_small_integer() {
    let mut w = TestWorld::new();
    let f = w.float(-3.75);
    assert_eq!(w.call(51, f, &[]), Ok(int(-3)));
}

#[test]
fn float_truncated_outside_small_integer_range_fails() {
    let mut w = TestWorld::new();
    let f = w.float(1e20);
    assert!(w.call(551, f, &[]).is_err());
}

#[test]
fn float_fraction_part_keeps_sign() {
    let mut w = TestWorld::new();
    let f = w.float(-3.25);
    let result = w.call(52, f, &[]).unwrap();
    assert_eq!(w.float_of(result), -0.25);
}

#[test]
fn float_exponent_answers_power_of_leading_bit() {
    let mut w = TestWorld::new();
    let f = w.float(10.0);
    assert_eq!(w.call(53, f, &[]), Ok(int(3)));
}

#[test]
fn float_exponent_of_subnormal_is_below_minus_1022() {
    assert_eq!(binary_exponent(f64::from_bits(1)), -1074);
}

#[test]
fn times_two_power_scales_without_double_rounding() {
    assert_eq!(times_two_power(1.0, -1074), f64::from_bits(1));
    assert_eq!(times_two_power(1.5, 1023), 1.5 * 2f64.powi(1023));
}

#[test]
fn float_times_two_power_answers_scaled_value() {
    let mut w = TestWorld::new();
    let f = w.float(3.0);
    let result = w.call(54, f, &[int(4)]).unwrap();
    assert_eq!(w.float_of(result), 48.0);
}

#[test]
fn float_square_root_of_negative_fails() {
    let mut w = TestWorld::new();
    let f = w.float(-4.0);
    assert!(w.call(55, f, &[]).is_err());
}

#[test]
fn float_square_root_answers_root() {
    let mut w = TestWorld::new();
    let f = w.float(16.0);
    let result = w.call(555, f, &[]).unwrap();
    assert_eq!(w.float_of(result), 4.0);
}

#[test]
fn float_sine_arctan_ln_and_exp_match_std() {
    let mut w = TestWorld::new();
    let f = w.float(0.5);
    for (index, expected) in [
        (56, 0.5f64.sin()),
        (57, 0.5f64.atan()),
        (58, 0.5f64.ln()),
        (59, 0.5f64.exp()),
    ] {
        let result = w.call(index, f, &[]).unwrap();
        assert_eq!(w.float_of(result), expected);
    }
}

#[test]
fn float_basic_at_one_answers_most_significant_word() {
    let mut w = TestWorld::new();
    let f = w.boxed_float(1.0);
    assert_eq!(w.call(38, f, &[int(1)]), Ok(int(0x3FF0_0000)));
}

#[test]
fn float_basic_at_put_two_sets_least_significant_word() {
    let mut w = TestWorld::new();
    let f = w.boxed_float(1.0);
    w.call(39, f, &[int(2), int(1)]).unwrap();
    assert_eq!(w.float_of(f), f64::from_bits(0x3FF0_0000_0000_0001));
}

fails!(
    float_basic_at_three_fails_with_bad_index,
    38,
    |w| w.boxed_float(1.0),
    [int(3)],
    BadIndex
);
fails!(
    float_basic_at_put_on_small_float_fails,
    39,
    |w| w.float(1.0),
    [int(1), int(0)],
    BadReceiver
);
fails!(
    float_basic_at_put_with_negative_word_fails,
    39,
    |w| w.boxed_float(1.0),
    [int(1), int(-1)],
    BadArgument
);
fails!(
    as_float_of_float_receiver_fails,
    40,
    |w| w.float(1.0),
    [],
    BadReceiver
);
fails!(
    float_add_with_nil_fails,
    41,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    float_subtract_with_string_fails,
    42,
    |w| w.float(1.0),
    [w.string("1")],
    BadArgument
);
fails!(
    float_less_than_with_nil_fails,
    43,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    float_greater_than_with_small_integer_receiver_fails,
    44,
    |w| int(1),
    [w.float(1.0)],
    BadReceiver
);
fails!(
    float_less_or_equal_with_large_integer_fails,
    45,
    |w| w.float(1.0),
    [w.integer(1 << 70)],
    BadArgument
);
fails!(
    float_greater_or_equal_without_argument_fails,
    46,
    |w| w.float(1.0),
    [],
    BadNumberOfArguments
);
fails!(
    float_equal_with_array_fails,
    47,
    |w| w.float(1.0),
    [w.array(&[])],
    BadArgument
);
fails!(
    float_not_equal_with_nil_receiver_fails,
    48,
    |w| w.nil(),
    [w.float(1.0)],
    BadReceiver
);
fails!(
    float_multiply_with_nil_fails,
    49,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    float_divide_by_integer_zero_fails,
    50,
    |w| w.float(1.0),
    [int(0)],
    BadArgument
);
fails!(
    float_truncated_of_nan_fails,
    51,
    |w| w.float(f64::NAN),
    [],
    BadReceiver
);
fails!(
    float_fraction_part_of_integer_fails,
    52,
    |w| int(3),
    [],
    BadReceiver
);
fails!(
    float_exponent_of_infinity_fails,
    53,
    |w| w.float(f64::INFINITY),
    [],
    BadReceiver
);
fails!(
    float_times_two_power_with_float_fails,
    54,
    |w| w.float(1.0),
    [w.float(2.0)],
    BadArgument
);
fails!(
    float_square_root_of_string_fails,
    55,
    |w| w.string("4"),
    [],
    BadReceiver
);
fails!(
    float_sine_with_argument_fails,
    56,
    |w| w.float(1.0),
    [int(1)],
    BadNumberOfArguments
);
fails!(float_arctan_of_nil_fails, 57, |w| w.nil(), [], BadReceiver);
fails!(
    float_ln_of_character_fails,
    58,
    |w| super::character(3),
    [],
    BadReceiver
);
fails!(
    float_exp_of_array_fails,
    59,
    |w| w.array(&[]),
    [],
    BadReceiver
);
fails!(
    small_float_add_with_nil_fails,
    541,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_subtract_with_nil_fails,
    542,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_less_than_with_nil_fails,
    543,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_greater_than_with_nil_fails,
    544,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_less_or_equal_with_nil_fails,
    545,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_greater_or_equal_with_nil_fails,
    546,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_equal_with_nil_fails,
    547,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_not_equal_with_nil_fails,
    548,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_multiply_with_nil_fails,
    549,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_divide_by_zero_fails,
    550,
    |w| w.float(1.0),
    [w.float(0.0)],
    BadArgument
);
fails!(
    small_float_truncated_of_nil_fails,
    551,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_fraction_part_of_nil_fails,
    552,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_exponent_of_nil_fails,
    553,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_times_two_power_with_nil_fails,
    554,
    |w| w.float(1.0),
    [w.nil()],
    BadArgument
);
fails!(
    small_float_square_root_of_negative_fails,
    555,
    |w| w.float(-1.0),
    [],
    BadReceiver
);
fails!(
    small_float_sine_of_nil_fails,
    556,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_arctan_of_nil_fails,
    557,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_ln_of_nil_fails,
    558,
    |w| w.nil(),
    [],
    BadReceiver
);
fails!(
    small_float_exp_of_nil_fails,
    559,
    |w| w.nil(),
    [],
    BadReceiver
);
