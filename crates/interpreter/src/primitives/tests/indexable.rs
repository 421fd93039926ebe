use super::{
    character, int, TestWorld, DOUBLE_WORD_ARRAY, FIXED_AND_INDEXABLE, SHORT_ARRAY, WIDE_STRING,
    WORD_ARRAY,
};
use stvm_object_model::class_index;

#[test]
fn array_at_answers_element() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(10), int(20)]);
    assert_eq!(w.call(60, array, &[int(2)]), Ok(int(20)));
}

#[test]
fn at_on_fixed_and_indexable_object_skips_named_fields() {
    let mut w = TestWorld::new();
    let object = w.instance(FIXED_AND_INDEXABLE, 3);
    w.heap.store_pointer(object, 2, int(99));
    assert_eq!(w.call(60, object, &[int(1)]), Ok(int(99)));
}

#[test]
fn size_of_fixed_and_indexable_object_counts_indexable_part() {
    let mut w = TestWorld::new();
    let object = w.instance(FIXED_AND_INDEXABLE, 3);
    assert_eq!(w.call(62, object, &[]), Ok(int(3)));
}

#[test]
fn at_put_stores_into_array() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(0)]);
    let s = w.string("x");
    assert_eq!(w.call(61, array, &[int(1), s]), Ok(s));
    assert_eq!(w.elements(array), vec![s]);
}

#[test]
fn at_put_on_read_only_array_fails_with_no_modification() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(0)]);
    w.heap.set_immutable(array, true);
    super::assert_fails(
        w.call(61, array, &[int(1), int(5)]),
        crate::primitives::PrimitiveFailure::NoModification,
    );
}

#[test]
fn byte_array_at_answers_small_integer() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[7, 255]);
    assert_eq!(w.call(60, bytes, &[int(2)]), Ok(int(255)));
}

#[test]
fn byte_array_at_put_of_256_fails() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[7]);
    assert!(w.call(61, bytes, &[int(1), int(256)]).is_err());
}

#[test]
fn string_at_answers_character() {
    let mut w = TestWorld::new();
    let s = w.string("abc");
    assert_eq!(w.call(63, s, &[int(2)]), Ok(character('b' as u32)));
}

#[test]
fn string_at_put_stores_character() {
    let mut w = TestWorld::new();
    let s = w.string("abc");
    w.call(64, s, &[int(1), character('z' as u32)]).unwrap();
    assert_eq!(w.string_of(s), "zbc");
}

#[test]
fn wide_string_at_answers_wide_character() {
    let mut w = TestWorld::new();
    let s = w.instance(WIDE_STRING, 1);
    w.heap.store_u32(s, 0, 0x1F600);
    assert_eq!(w.call(63, s, &[int(1)]), Ok(character(0x1F600)));
}

#[test]
fn double_word_array_at_answers_large_positive_integer_for_high_values() {
    let mut w = TestWorld::new();
    let words = w.instance(DOUBLE_WORD_ARRAY, 1);
    w.heap.store_u64(words, 0, u64::MAX);
    let value = w.call(60, words, &[int(1)]).unwrap();
    assert_eq!(
        w.heap.class_index_of(value),
        class_index::LARGE_POSITIVE_INTEGER
    );
    assert_eq!(w.i128_of(value), u64::MAX as i128);
}

#[test]
fn word_array_at_put_accepts_32_bit_values() {
    let mut w = TestWorld::new();
    let words = w.instance(WORD_ARRAY, 2);
    w.call(61, words, &[int(2), int(0xFFFF_FFFF)]).unwrap();
    assert_eq!(w.heap.fetch_u32(words, 1), 0xFFFF_FFFF);
}

#[test]
fn compiled_method_at_reads_bytecodes_after_literals() {
    let mut w = TestWorld::new();
    let method = w.method(2, &[0x4C, 0x5C]);
    assert_eq!(w.call(60, method, &[int(25)]), Ok(int(0x4C)));
}

#[test]
fn compiled_method_at_inside_literals_fails_with_bad_index() {
    let mut w = TestWorld::new();
    let method = w.method(2, &[0x4C]);
    super::assert_fails(
        w.call(60, method, &[int(9)]),
        crate::primitives::PrimitiveFailure::BadIndex,
    );
}

#[test]
fn size_of_byte_string_answers_byte_count() {
    let mut w = TestWorld::new();
    let s = w.string("hello");
    assert_eq!(w.call(62, s, &[]), Ok(int(5)));
}

#[test]
fn size_of_non_indexable_object_is_zero() {
    let mut w = TestWorld::new();
    let point = w.point(1, 2);
    assert_eq!(w.call(62, point, &[]), Ok(int(0)));
}

#[test]
fn replace_from_to_copies_bytes_between_strings() {
    let mut w = TestWorld::new();
    let target = w.string("hello");
    let source = w.string("XYZ");
    w.call(105, target, &[int(2), int(3), source, int(2)])
        .unwrap();
    assert_eq!(w.string_of(target), "hYZlo");
}

#[test]
fn replace_from_to_copies_overlapping_array_ranges() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(1), int(2), int(3), int(4)]);
    w.call(105, array, &[int(2), int(4), array, int(1)])
        .unwrap();
    assert_eq!(w.elements(array), vec![int(1), int(1), int(2), int(3)]);
}

#[test]
fn short_at_answers_signed_value() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[0xFF, 0xFF, 1, 0]);
    assert_eq!(w.call(143, bytes, &[int(1)]), Ok(int(-1)));
}

#[test]
fn short_at_put_stores_little_endian() {
    let mut w = TestWorld::new();
    let shorts = w.instance(SHORT_ARRAY, 2);
    w.call(144, shorts, &[int(2), int(-2)]).unwrap();
    assert_eq!(w.heap.fetch_u16(shorts, 1), 0xFFFE);
}

#[test]
fn constant_fill_sets_every_byte() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[0; 5]);
    w.call(145, bytes, &[int(9)]).unwrap();
    assert_eq!(w.heap.bytes(bytes), &[9; 5]);
}

#[test]
fn integer_at_answers_signed_32_bit_value() {
    let mut w = TestWorld::new();
    let words = w.instance(WORD_ARRAY, 1);
    w.heap.store_u32(words, 0, 0xFFFF_FFFE);
    assert_eq!(w.call(165, words, &[int(1)]), Ok(int(-2)));
}

#[test]
fn integer_at_put_stores_negative_value() {
    let mut w = TestWorld::new();
    let words = w.instance(WORD_ARRAY, 1);
    w.call(166, words, &[int(1), int(-3)]).unwrap();
    assert_eq!(w.heap.fetch_u32(words, 0), 0xFFFF_FFFD);
}

fails!(
    at_past_end_fails_with_bad_index,
    60,
    |w| w.array(&[int(1)]),
    [int(2)],
    BadIndex
);
fails!(
    at_with_nil_index_fails_with_bad_argument,
    60,
    |w| w.array(&[int(1)]),
    [w.nil()],
    BadArgument
);
fails!(
    at_on_context_fails,
    60,
    |w| w.instance(class_index::CONTEXT, 2),
    [int(1)],
    BadReceiver
);
fails!(
    at_on_small_integer_fails,
    60,
    |w| int(3),
    [int(1)],
    BadReceiver
);
fails!(
    at_put_with_zero_index_fails,
    61,
    |w| w.array(&[int(1)]),
    [int(0), int(1)],
    BadIndex
);
fails!(
    at_put_of_character_into_byte_array_fails,
    61,
    |w| w.byte_array(&[1]),
    [int(1), character(65)],
    BadArgument
);
fails!(size_of_small_integer_fails, 62, |w| int(3), [], BadReceiver);
fails!(
    string_at_on_array_fails,
    63,
    |w| w.array(&[int(1)]),
    [int(1)],
    BadReceiver
);
fails!(
    string_at_put_of_integer_fails,
    64,
    |w| w.string("a"),
    [int(1), int(65)],
    BadArgument
);
fails!(
    string_at_put_of_wide_character_into_byte_string_fails,
    64,
    |w| w.string("a"),
    [int(1), character(300)],
    BadArgument
);
fails!(
    replace_from_to_with_mismatched_formats_fails,
    105,
    |w| w.string("abc"),
    [int(1), int(1), w.array(&[int(1)]), int(1)],
    BadArgument
);
fails!(
    replace_from_to_past_end_fails,
    105,
    |w| w.string("abc"),
    [int(1), int(4), w.string("abcd"), int(1)],
    BadIndex
);
fails!(
    short_at_past_end_fails,
    143,
    |w| w.byte_array(&[1, 2]),
    [int(2)],
    BadIndex
);
fails!(
    short_at_put_out_of_range_fails,
    144,
    |w| w.byte_array(&[1, 2]),
    [int(1), int(40000)],
    BadArgument
);
fails!(
    constant_fill_on_array_fails,
    145,
    |w| w.array(&[int(1)]),
    [int(1)],
    BadReceiver
);
fails!(
    integer_at_on_byte_array_fails,
    165,
    |w| w.byte_array(&[1, 2, 3, 4]),
    [int(1)],
    BadReceiver
);
fails!(
    integer_at_put_of_large_value_fails,
    166,
    |w| w.instance(WORD_ARRAY, 1),
    [int(1), int(1 << 40)],
    BadArgument
);

#[test]
fn mirror_basic_at_reads_element_of_first_argument() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(5)]);
    let context = w.instance(class_index::CONTEXT, 1);
    assert_eq!(w.call(60, context, &[array, int(1)]), Ok(int(5)));
}

#[test]
fn mirror_object_size_answers_size_of_argument() {
    let mut w = TestWorld::new();
    let array = w.array(&[int(5), int(6)]);
    assert_eq!(w.call(62, w.nil(), &[array]), Ok(int(2)));
}
