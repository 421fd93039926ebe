use super::{int, TestWorld};
use crate::primitives::big_integer::BigInt;
use crate::primitives::PrimitiveFailure;
use stvm_object_model::class_index;

#[test]
fn large_integer_multiply_gives_exact_product() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 62);
    let b = w.integer(1 << 62);
    let product = w.call(29, a, &[b]).unwrap();
    assert_eq!(w.value_of(product), BigInt::from_i128(1 << 124));
}

#[test]
fn large_integer_result_in_small_integer_range_is_normalized() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 61);
    let b = w.integer(1 << 61);
    assert_eq!(w.call(22, a, &[b]), Ok(int(0)));
}

#[test]
fn large_integer_objects_store_little_endian_magnitude() {
    let mut w = TestWorld::new();
    let large = w.integer(-(0x0102_0304_0506_0708_090A_i128));
    assert_eq!(
        w.heap.class_index_of(large),
        class_index::LARGE_NEGATIVE_INTEGER
    );
    assert_eq!(w.heap.bytes(large), &[0x0A, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn large_integer_add_of_small_integers_overflows_into_large_integer() {
    let mut w = TestWorld::new();
    let max = int(stvm_object_model::oop::MAX_SMALL_INTEGER);
    let sum = w.call(21, max, &[int(1)]).unwrap();
    assert_eq!(
        w.heap.class_index_of(sum),
        class_index::LARGE_POSITIVE_INTEGER
    );
    assert_eq!(w.i128_of(sum), 1 << 60);
}

#[test]
fn large_integer_floored_division_of_negative_dividend_rounds_down() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 100) - 1);
    let q = w.call(32, a, &[int(1 << 40)]).unwrap();
    assert_eq!(w.i128_of(q), -(1 << 60) - 1);
}

#[test]
fn large_integer_modulo_takes_sign_of_divisor() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 100) - 1);
    let r = w.call(31, a, &[int(1 << 40)]).unwrap();
    assert_eq!(w.i128_of(r), (1 << 40) - 1);
}

#[test]
fn large_integer_rem_takes_sign_of_dividend() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 100) - 1);
    let r = w.call(20, a, &[int(1 << 40)]).unwrap();
    assert_eq!(w.i128_of(r), -1);
}

#[test]
fn large_integer_division_by_multi_digit_divisor_is_exact() {
    let mut w = TestWorld::new();
    let divisor = 0x1234_5678_9ABC_DEF0_1357_i128;
    let quotient = 0x7FED_CBA9_8765_i128;
    let a = w.integer(divisor * quotient + 12345);
    let b = w.integer(divisor);
    let q = w.call(33, a, &[b]).unwrap();
    assert_eq!(w.i128_of(q), quotient);
}

#[test]
fn large_integer_exact_divide_of_inexact_quotient_fails() {
    let mut w = TestWorld::new();
    let a = w.integer((1 << 100) + 1);
    let b = w.integer(1 << 70);
    assert!(w.call(30, a, &[b]).is_err());
}

#[test]
fn large_integer_comparison_orders_negative_below_positive() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 90));
    let b = w.integer(1 << 90);
    assert_eq!(w.call(23, a, &[b]), Ok(w.boolean(true)));
}

#[test]
fn large_integer_equal_compares_values_not_identity() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 90);
    let b = w.integer(1 << 90);
    assert_eq!(w.call(27, a, &[b]), Ok(w.boolean(true)));
}

#[test]
fn large_integer_bit_and_of_negative_uses_twos_complement() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 80));
    let b = w.integer((1 << 81) - 1);
    let result = w.call(34, a, &[b]).unwrap();
    assert_eq!(w.i128_of(result), 1 << 80);
}

#[test]
fn large_integer_bit_shift_right_of_negative_rounds_down() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 80) - 1);
    let result = w.call(37, a, &[int(-80)]).unwrap();
    assert_eq!(w.i128_of(result), -2);
}

#[test]
fn large_integer_bit_shift_left_grows_the_value() {
    let mut w = TestWorld::new();
    let result = w.call(37, int(1), &[int(100)]).unwrap();
    assert_eq!(w.i128_of(result), 1 << 100);
}

#[test]
fn large_integer_huge_bit_shift_fails() {
    let mut w = TestWorld::new();
    assert!(w.call(37, int(1), &[int(1 << 40)]).is_err());
}

fails!(
    large_integer_rem_by_zero_fails,
    20,
    |w| w.integer(1 << 70),
    [int(0)],
    BadArgument
);
fails!(
    large_integer_add_with_float_fails,
    21,
    |w| w.integer(1 << 70),
    [w.float(1.0)],
    BadArgument
);
fails!(
    large_integer_subtract_with_nil_receiver_fails,
    22,
    |w| w.nil(),
    [int(1)],
    BadReceiver
);
fails!(
    large_integer_less_than_with_string_fails,
    23,
    |w| w.integer(1 << 70),
    [w.string("1")],
    BadArgument
);
fails!(
    large_integer_greater_than_with_nil_fails,
    24,
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails!(
    large_integer_less_or_equal_without_argument_fails,
    25,
    |w| w.integer(1 << 70),
    [],
    BadNumberOfArguments
);
fails!(
    large_integer_greater_or_equal_with_array_fails,
    26,
    |w| w.integer(1 << 70),
    [w.array(&[])],
    BadArgument
);
fails!(
    large_integer_equal_with_byte_array_fails,
    27,
    |w| w.integer(1 << 70),
    [w.byte_array(&[1])],
    BadArgument
);
fails!(
    large_integer_not_equal_with_float_receiver_fails,
    28,
    |w| w.float(1.5),
    [int(1)],
    BadReceiver
);
fails!(
    large_integer_multiply_with_nil_fails,
    29,
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails!(
    large_integer_divide_by_zero_fails,
    30,
    |w| w.integer(1 << 70),
    [int(0)],
    BadArgument
);
fails!(
    large_integer_modulo_by_zero_fails,
    31,
    |w| w.integer(1 << 70),
    [int(0)],
    BadArgument
);
fails!(
    large_integer_floored_division_by_zero_fails,
    32,
    |w| w.integer(1 << 70),
    [int(0)],
    BadArgument
);
fails!(
    large_integer_quo_by_zero_fails,
    33,
    |w| w.integer(1 << 70),
    [int(0)],
    BadArgument
);
fails!(
    large_integer_bit_and_with_nil_fails,
    34,
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails!(
    large_integer_bit_or_with_string_fails,
    35,
    |w| w.integer(1 << 70),
    [w.string("")],
    BadArgument
);
fails!(
    large_integer_bit_xor_with_character_fails,
    36,
    |w| w.integer(1 << 70),
    [super::character(1)],
    BadArgument
);
fails!(
    large_integer_bit_shift_by_large_count_fails,
    37,
    |w| w.integer(1 << 70),
    [w.integer(1 << 90)],
    BadArgument
);

// LargeIntegers plugin

const LI: &str = "LargeIntegers";

#[test]
fn digit_add_adds_magnitudes_with_receiver_sign() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 70));
    let b = w.integer(1 << 70);
    let sum = w.call_named(LI, "primDigitAdd", a, &[b]).unwrap();
    assert_eq!(w.i128_of(sum), -(1 << 71));
}

#[test]
fn digit_subtract_flips_sign_when_argument_magnitude_is_larger() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 70);
    let b = w.integer(1 << 72);
    let difference = w.call_named(LI, "primDigitSubtract", a, &[b]).unwrap();
    assert_eq!(w.i128_of(difference), (1 << 70) - (1 << 72));
}

#[test]
fn digit_multiply_negative_uses_the_neg_flag_for_the_sign() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 70);
    let t = w.boolean(true);
    let product = w
        .call_named(LI, "primDigitMultiplyNegative", a, &[int(3), t])
        .unwrap();
    assert_eq!(w.i128_of(product), -3 * (1 << 70));
}

#[test]
fn digit_div_negative_answers_quotient_and_remainder() {
    let mut w = TestWorld::new();
    let a = w.integer((1 << 100) + 7);
    let b = w.integer(1 << 64);
    let f = w.boolean(false);
    let pair = w
        .call_named(LI, "primDigitDivNegative", a, &[b, f])
        .unwrap();
    let elements = w.elements(pair);
    assert_eq!(w.i128_of(elements[0]), 1 << 36);
    assert_eq!(w.i128_of(elements[1]), 7);
}

#[test]
fn digit_compare_compares_magnitudes_only() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 80));
    let b = w.integer(1 << 70);
    assert_eq!(w.call_named(LI, "primDigitCompare", a, &[b]), Ok(int(1)));
}

#[test]
fn digit_bit_or_combines_bits() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 80);
    let result = w.call_named(LI, "primDigitBitOr", a, &[int(1)]).unwrap();
    assert_eq!(w.i128_of(result), (1 << 80) + 1);
}

#[test]
fn digit_bit_shift_magnitude_keeps_sign() {
    let mut w = TestWorld::new();
    let a = w.integer(-(1 << 80));
    let result = w
        .call_named(LI, "primDigitBitShiftMagnitude", a, &[int(-79)])
        .unwrap();
    assert_eq!(result, int(-2));
}

#[test]
fn normalize_positive_shortens_to_small_integer() {
    let mut w = TestWorld::new();
    let padded = w
        .heap
        .new_bytes(
            class_index::LARGE_POSITIVE_INTEGER,
            &[5, 0, 0, 0, 0, 0, 0, 0, 0],
        )
        .unwrap();
    assert_eq!(
        w.call_named(LI, "primNormalizePositive", padded, &[]),
        Ok(int(5))
    );
}

#[test]
fn any_bit_from_to_finds_a_set_bit() {
    let mut w = TestWorld::new();
    let a = w.integer(1 << 90);
    assert_eq!(
        w.call_named(LI, "primAnyBitFromTo", a, &[int(80), int(95)]),
        Ok(w.boolean(true))
    );
}

fails_named!(
    digit_add_with_nil_fails,
    LI,
    "primDigitAdd",
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails_named!(
    digit_add_with_fails_without_arguments,
    LI,
    "primDigitAddWith",
    |w| w.nil(),
    [],
    BadNumberOfArguments
);
fails_named!(
    digit_subtract_with_string_receiver_fails,
    LI,
    "primDigitSubtract",
    |w| w.string("a"),
    [int(1)],
    BadReceiver
);
fails_named!(
    digit_subtract_with_with_nil_fails,
    LI,
    "primDigitSubtractWith",
    |w| w.nil(),
    [int(1), w.nil()],
    BadArgument
);
fails_named!(
    digit_multiply_negative_with_non_boolean_fails,
    LI,
    "primDigitMultiplyNegative",
    |w| int(2),
    [int(3), int(1)],
    BadArgument
);
fails_named!(
    digit_multiply_with_negative_with_nil_fails,
    LI,
    "primDigitMultiplyWithNegative",
    |w| w.nil(),
    [w.nil(), int(3), w.boolean(true)],
    BadReceiver
);
fails_named!(
    digit_div_negative_by_zero_fails,
    LI,
    "primDigitDivNegative",
    |w| w.integer(1 << 70),
    [int(0), w.boolean(false)],
    BadArgument
);
fails_named!(
    digit_div_with_negative_with_string_fails,
    LI,
    "primDigitDivWithNegative",
    |w| w.nil(),
    [int(1), w.string("a"), w.boolean(false)],
    BadArgument
);
fails_named!(
    digit_compare_with_nil_fails,
    LI,
    "primDigitCompare",
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails_named!(
    digit_compare_with_with_float_fails,
    LI,
    "primDigitCompareWith",
    |w| w.nil(),
    [w.float(1.5), int(1)],
    BadReceiver
);
fails_named!(
    digit_bit_and_of_negative_receiver_fails,
    LI,
    "primDigitBitAnd",
    |w| w.integer(-(1 << 70)),
    [int(1)],
    BadReceiver
);
fails_named!(
    digit_bit_or_with_negative_argument_fails,
    LI,
    "primDigitBitOr",
    |w| w.integer(1 << 70),
    [int(-1)],
    BadArgument
);
fails_named!(
    digit_bit_xor_with_nil_fails,
    LI,
    "primDigitBitXor",
    |w| w.integer(1 << 70),
    [w.nil()],
    BadArgument
);
fails_named!(
    digit_bit_shift_magnitude_with_large_count_fails,
    LI,
    "primDigitBitShiftMagnitude",
    |w| w.integer(1 << 70),
    [w.integer(1 << 70)],
    BadArgument
);
fails_named!(
    normalize_positive_of_small_integer_fails,
    LI,
    "primNormalizePositive",
    |w| int(3),
    [],
    BadReceiver
);
fails_named!(
    normalize_negative_of_string_fails,
    LI,
    "primNormalizeNegative",
    |w| w.string("ab"),
    [],
    BadReceiver
);
fails_named!(
    any_bit_from_to_with_zero_start_fails,
    LI,
    "primAnyBitFromTo",
    |w| w.integer(1 << 70),
    [int(0), int(3)],
    BadArgument
);
fails_named!(
    get_module_name_with_argument_fails,
    LI,
    "primGetModuleName",
    |w| w.nil(),
    [int(0)],
    BadNumberOfArguments
);

#[test]
fn big_integer_bit_shift_matches_i128_for_small_values() {
    for value in [-1000i128, -1, 0, 1, 12345] {
        for shift in [-5i64, 0, 7] {
            let expected = if shift >= 0 {
                value << shift
            } else {
                value >> -shift
            };
            assert_eq!(
                BigInt::from_i128(value).bit_shift(shift).to_i128(),
                Some(expected)
            );
        }
    }
}

#[test]
fn big_integer_division_round_trips_random_values() {
    let mut seed = 0x1234_5678_9ABC_DEF1u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..500 {
        let a = BigInt::from_parts(
            next() & 1 == 1,
            (0..(next() % 6) as usize).map(|_| next() as u32).collect(),
        );
        let b = BigInt::from_parts(
            next() & 1 == 1,
            (0..1 + (next() % 4) as usize)
                .map(|_| next() as u32)
                .collect(),
        );
        if b.is_zero() {
            continue;
        }
        let (q, r) = a.divide_truncated(&b).unwrap();
        assert_eq!(q.multiply(&b).add(&r), a);
        assert!(super::super::big_integer::compare_magnitudes(&r.digits, &b.digits).is_lt());
    }
}

#[test]
fn large_integer_failure_is_not_a_panic_for_zero_divisor_in_plugin() {
    let mut w = TestWorld::new();
    let f = w.boolean(false);
    let result = w.call_named(LI, "primDigitDivNegative", int(5), &[int(0), f]);
    assert_eq!(result, Err(PrimitiveFailure::BadArgument));
}
