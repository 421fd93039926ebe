use super::{int, TestWorld};
use crate::primitives::system::pharo_float_print_string;

const MISC: &str = "MiscPrimitivePlugin";
const STVM: &str = "StvmPrimitives";

fn identity_table(w: &mut TestWorld) -> stvm_object_model::Oop {
    let table: Vec<u8> = (0..=255).collect();
    w.byte_array(&table)
}

#[test]
fn string_compare_with_answers_negative_for_smaller_receiver() {
    let mut w = TestWorld::new();
    let a = w.string("abc");
    let b = w.string("abd");
    assert!(w.call(158, a, &[b]).unwrap().small_integer_value() < 0);
}

#[test]
fn string_compare_with_prefix_orders_shorter_first() {
    let mut w = TestWorld::new();
    let a = w.string("abcd");
    let b = w.string("abc");
    assert!(w.call(158, a, &[b]).unwrap().small_integer_value() > 0);
}

#[test]
fn string_compare_with_order_table_maps_bytes_first() {
    let mut w = TestWorld::new();
    let mut table: Vec<u8> = (0..=255).collect();
    table[b'a' as usize] = b'A';
    let order = w.byte_array(&table);
    let a = w.string("a");
    let b = w.string("A");
    assert_eq!(w.call(158, a, &[b, order]), Ok(int(0)));
}

#[test]
fn hash_multiply_matches_vm_formula() {
    let mut w = TestWorld::new();
    assert_eq!(
        w.call(159, int(12345), &[]),
        Ok(int((12345 * 1_664_525) & 0xFFF_FFFF))
    );
}

#[test]
fn hash_multiply_of_negative_uses_low_28_bits() {
    let mut w = TestWorld::new();
    let low = 0xFFF_FFFFi64; // -1 bitAnd: 16rFFFFFFF
    assert_eq!(
        w.call(159, int(-1), &[]),
        Ok(int((low * 1_664_525) & 0xFFF_FFFF))
    );
}

#[test]
fn compare_string_answers_two_for_equal_strings() {
    let mut w = TestWorld::new();
    let a = w.string("same");
    let b = w.string("same");
    let order = identity_table(&mut w);
    assert_eq!(
        w.call_named(MISC, "primitiveCompareString", w.nil(), &[a, b, order]),
        Ok(int(2))
    );
}

#[test]
fn find_first_in_string_finds_member_of_set() {
    let mut w = TestWorld::new();
    let s = w.string("hello world");
    let mut map = vec![0u8; 256];
    map[b' ' as usize] = 1;
    let set = w.byte_array(&map);
    assert_eq!(
        w.call_named(
            MISC,
            "primitiveFindFirstInString",
            w.nil(),
            &[s, set, int(1)]
        ),
        Ok(int(6))
    );
}

#[test]
fn index_of_ascii_answers_zero_when_absent() {
    let mut w = TestWorld::new();
    let s = w.string("abc");
    assert_eq!(
        w.call_named(
            MISC,
            "primitiveIndexOfAsciiInString",
            w.nil(),
            &[int(122), s, int(1)]
        ),
        Ok(int(0))
    );
}

#[test]
fn string_hash_folds_hash_multiply_over_bytes() {
    let mut w = TestWorld::new();
    let s = w.string("ab");
    let expected = crate::primitives::hash_multiply(crate::primitives::hash_multiply(7 + 97) + 98);
    assert_eq!(
        w.call_named(MISC, "primitiveStringHash", w.nil(), &[s, int(7)]),
        Ok(int(expected as i64))
    );
}

#[test]
fn find_substring_finds_key_after_start() {
    let mut w = TestWorld::new();
    let key = w.string("lo");
    let body = w.string("hello lo");
    let table = identity_table(&mut w);
    assert_eq!(
        w.call_named(
            MISC,
            "primitiveFindSubstring",
            w.nil(),
            &[key, body, int(5), table]
        ),
        Ok(int(7))
    );
}

#[test]
fn translate_string_with_table_maps_bytes_in_place() {
    let mut w = TestWorld::new();
    let s = w.string("abc");
    let mut table: Vec<u8> = (0..=255).collect();
    table[b'b' as usize] = b'B';
    let t = w.byte_array(&table);
    w.call_named(
        MISC,
        "primitiveTranslateStringWithTable",
        w.nil(),
        &[s, int(1), int(3), t],
    )
    .unwrap();
    assert_eq!(w.string_of(s), "aBc");
}

fails!(
    string_compare_with_nil_fails,
    158,
    |w| w.string("a"),
    [w.nil()],
    BadArgument
);
fails!(
    string_compare_with_short_order_table_fails,
    158,
    |w| w.string("a"),
    [w.string("b"), w.byte_array(&[0; 10])],
    BadArgument
);
fails!(
    hash_multiply_of_float_fails,
    159,
    |w| w.float(1.5),
    [],
    BadReceiver
);
fails_named!(
    compare_string_with_missing_table_fails,
    MISC,
    "primitiveCompareString",
    |w| w.nil(),
    [w.string("a"), w.string("b")],
    BadNumberOfArguments
);
fails_named!(
    find_first_in_string_with_zero_start_fails,
    MISC,
    "primitiveFindFirstInString",
    |w| w.nil(),
    [w.string("a"), w.byte_array(&[0; 256]), int(0)],
    BadIndex
);
fails_named!(
    index_of_ascii_with_nil_string_fails,
    MISC,
    "primitiveIndexOfAsciiInString",
    |w| w.nil(),
    [int(1), w.nil(), int(1)],
    BadArgument
);
fails_named!(
    string_hash_with_float_seed_fails,
    MISC,
    "primitiveStringHash",
    |w| w.nil(),
    [w.string("a"), w.float(1.5)],
    BadArgument
);
fails_named!(
    find_substring_with_array_body_fails,
    MISC,
    "primitiveFindSubstring",
    |w| w.nil(),
    [w.string("a"), w.array(&[]), int(1), w.byte_array(&[0; 256])],
    BadArgument
);
fails_named!(
    translate_past_end_fails,
    MISC,
    "primitiveTranslateStringWithTable",
    |w| w.nil(),
    [w.string("a"), int(1), int(5), w.byte_array(&[0; 256])],
    BadIndex
);

#[test]
fn float_print_string_matches_pharo_for_point_one_plus_point_two() {
    assert_eq!(pharo_float_print_string(0.1 + 0.2), "0.30000000000000004");
}

#[test]
fn float_print_string_prints_one_tenth_as_point_one() {
    assert_eq!(pharo_float_print_string(0.1), "0.1");
}

#[test]
fn float_print_string_prints_whole_numbers_with_point_zero() {
    assert_eq!(pharo_float_print_string(100.0), "100.0");
}

#[test]
fn float_print_string_switches_to_exponent_at_a_million() {
    assert_eq!(pharo_float_print_string(123456.0), "123456.0");
    assert_eq!(pharo_float_print_string(1e6), "1.0e6");
}

#[test]
fn float_print_string_prints_small_values_down_to_ten_to_minus_four_in_fixed_notation() {
    assert_eq!(pharo_float_print_string(0.0001), "0.0001");
    assert_eq!(pharo_float_print_string(0.00001), "1.0e-5");
}

#[test]
fn float_print_string_uses_exponent_for_large_and_tiny_values() {
    assert_eq!(pharo_float_print_string(1e100), "1.0e100");
    assert_eq!(pharo_float_print_string(1e-10), "1.0e-10");
    assert_eq!(pharo_float_print_string(-1.5e300), "-1.5e300");
}

#[test]
fn float_print_string_prints_specials_as_pharo_does() {
    assert_eq!(pharo_float_print_string(f64::NAN), "Float nan");
    assert_eq!(pharo_float_print_string(f64::INFINITY), "Float infinity");
    assert_eq!(
        pharo_float_print_string(f64::NEG_INFINITY),
        "Float infinity negated"
    );
    assert_eq!(pharo_float_print_string(-0.0), "-0.0");
}

#[test]
fn float_print_string_primitive_answers_string_for_boxed_float() {
    let mut w = TestWorld::new();
    let f = w.boxed_float(2.5);
    let s = w
        .call_named(STVM, "primitiveFloatPrintString", f, &[])
        .unwrap();
    assert_eq!(w.string_of(s), "2.5");
}

fails_named!(
    float_print_string_of_integer_fails,
    STVM,
    "primitiveFloatPrintString",
    |w| int(3),
    [],
    BadNumberOfArguments
);

#[test]
fn image_name_answers_platform_image_path() {
    let mut w = TestWorld::new();
    let name = w.call(121, w.nil(), &[]).unwrap();
    assert_eq!(w.string_of(name), "/images/test.image");
}

#[test]
fn vm_path_answers_directory_with_trailing_slash() {
    let mut w = TestWorld::new();
    let path = w.call(142, w.nil(), &[]).unwrap();
    assert_eq!(w.string_of(path), "/fake/");
}

#[test]
fn system_attribute_two_answers_first_command_line_argument() {
    let mut w = TestWorld::new();
    w.platform.arguments = vec!["--flag".to_string()];
    let value = w.call(149, w.nil(), &[int(2)]).unwrap();
    assert_eq!(w.string_of(value), "--flag");
}

#[test]
fn system_attribute_past_arguments_answers_nil() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(149, w.nil(), &[int(5)]), Ok(w.nil()));
}

#[test]
fn system_attribute_1001_answers_platform_name() {
    let mut w = TestWorld::new();
    let value = w.call(149, w.nil(), &[int(1001)]).unwrap();
    assert!(!w.string_of(value).is_empty());
}

#[test]
fn image_name_set_changes_the_platform_image_path() {
    let mut w = TestWorld::new();
    let path = w.string("/images/saved.image");
    assert_eq!(w.call(121, int(3), &[path]), Ok(int(3)));
    assert_eq!(w.platform.image_path, "/images/saved.image");
}

fails!(
    image_name_set_to_a_non_string_fails_with_bad_argument,
    121,
    |w| w.nil(),
    [int(4)],
    BadArgument
);
fails!(
    vm_path_with_argument_fails,
    142,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    system_attribute_with_string_fails,
    149,
    |w| w.nil(),
    [w.string("1")],
    BadArgument
);
fails!(
    unknown_system_attribute_fails,
    149,
    |w| w.nil(),
    [int(99999)],
    BadArgument
);

#[test]
fn special_objects_array_answers_the_heaps_array() {
    let mut w = TestWorld::new();
    let nil = w.heap.nil();
    let expected = w.heap.special_objects_array();
    assert_eq!(w.call(129, nil, &[]), Ok(expected));
}

#[test]
fn special_objects_array_with_an_argument_fails() {
    let mut w = TestWorld::new();
    let nil = w.heap.nil();
    assert_eq!(
        w.call(129, nil, &[nil]),
        Err(crate::primitives::PrimitiveFailure::BadNumberOfArguments)
    );
}
