use super::*;
use crate::format::ObjectFormat;
use crate::header::{self, ObjectHeader};

#[test]
fn small_integer_round_trips_zero_and_extremes() {
    for value in [0, 1, -1, 42, oop::MAX_SMALL_INTEGER, oop::MIN_SMALL_INTEGER] {
        let encoded = Oop::small_integer(value).unwrap();
        assert!(encoded.is_small_integer());
        assert_eq!(encoded.small_integer_value(), value);
    }
}

#[test]
fn small_integer_out_of_range_is_refused() {
    assert_eq!(Oop::small_integer(oop::MAX_SMALL_INTEGER + 1), None);
    assert_eq!(Oop::small_integer(oop::MIN_SMALL_INTEGER - 1), None);
}

#[test]
fn small_integer_three_encodes_as_spur_does() {
    assert_eq!(Oop::small_integer(3).unwrap().bits(), (3 << 3) | 1);
    assert_eq!(Oop::small_integer(-1).unwrap().bits(), u64::MAX << 3 | 1);
}

#[test]
fn character_round_trips_and_refuses_codes_beyond_thirty_bits() {
    let a = Oop::character(97).unwrap();
    assert!(a.is_character());
    assert_eq!(a.bits(), (97 << 3) | 2);
    assert_eq!(a.character_code(), 97);
    assert_eq!(
        Oop::character(oop::MAX_CHARACTER_CODE)
            .unwrap()
            .character_code(),
        oop::MAX_CHARACTER_CODE
    );
    assert_eq!(Oop::character(oop::MAX_CHARACTER_CODE + 1), None);
}

#[test]
fn small_float_positive_and_negative_zero_have_fixed_encodings() {
    assert_eq!(Oop::small_float(0.0).unwrap().bits(), 0x4);
    assert_eq!(Oop::small_float(-0.0).unwrap().bits(), 0xC);
    assert!(Oop::from_bits(0xC).small_float_value().is_sign_negative());
    assert_eq!(Oop::from_bits(0x4).small_float_value().to_bits(), 0);
}

#[test]
fn small_float_round_trips_ordinary_values_bit_exactly() {
    for value in [
        1.0,
        -1.0,
        0.1,
        std::f64::consts::PI,
        1.0e30,
        -2.5e-30,
        1.0e38,
        f64::EPSILON,
    ] {
        let encoded =
            Oop::small_float(value).unwrap_or_else(|| panic!("{value} should be immediate"));
        assert!(encoded.is_small_float());
        assert_eq!(
            encoded.small_float_value().to_bits(),
            value.to_bits(),
            "{value}"
        );
    }
}

#[test]
fn small_float_refuses_values_outside_the_exponent_window() {
    for value in [
        1.0e300,
        -1.0e300,
        1.0e-300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN_POSITIVE,
    ] {
        assert_eq!(Oop::small_float(value), None, "{value}");
    }
}

#[test]
fn small_float_window_edges_follow_biased_exponent_896_to_1151() {
    let smallest_normal_in_window = f64::from_bits(897 << 52);
    let largest_in_window = f64::from_bits((1151 << 52) | ((1 << 52) - 1));
    let just_below = f64::from_bits(896 << 52);
    let subnormal_edge = f64::from_bits((896 << 52) | 1);
    let just_above = f64::from_bits(1152 << 52);
    for value in [smallest_normal_in_window, largest_in_window, subnormal_edge] {
        let encoded = Oop::small_float(value).unwrap();
        assert_eq!(encoded.small_float_value().to_bits(), value.to_bits());
    }
    assert_eq!(Oop::small_float(just_below), None);
    assert_eq!(Oop::small_float(just_above), None);
}

#[test]
fn immediates_report_their_class_index() {
    assert_eq!(
        Oop::small_integer(5).unwrap().immediate_class_index(),
        Some(1)
    );
    assert_eq!(Oop::character(5).unwrap().immediate_class_index(), Some(2));
    assert_eq!(
        Oop::small_float(5.0).unwrap().immediate_class_index(),
        Some(4)
    );
    assert_eq!(Oop::from_address(0x1000).immediate_class_index(), None);
}

#[test]
fn header_stores_every_field_independently() {
    let h = ObjectHeader::new(7, ObjectFormat(3), 0x2A_BCDE)
        .with_identity_hash(0x3F_0F0F)
        .with_immutable(true)
        .with_remembered(true)
        .with_pinned(true)
        .with_grey(true)
        .with_marked(true);
    assert_eq!(h.class_index(), 0x2A_BCDE);
    assert_eq!(h.format(), ObjectFormat(3));
    assert_eq!(h.raw_num_slots(), 7);
    assert_eq!(h.identity_hash(), 0x3F_0F0F);
    assert!(h.is_immutable() && h.is_remembered() && h.is_pinned() && h.is_grey() && h.is_marked());
    let cleared = h
        .with_immutable(false)
        .with_remembered(false)
        .with_pinned(false)
        .with_grey(false)
        .with_marked(false);
    assert_eq!(cleared.class_index(), 0x2A_BCDE);
    assert_eq!(cleared.identity_hash(), 0x3F_0F0F);
    assert!(!cleared.is_immutable() && !cleared.is_remembered() && !cleared.is_pinned());
    assert!(!cleared.is_grey() && !cleared.is_marked());
}

#[test]
fn header_bit_positions_match_spur() {
    assert_eq!(ObjectHeader(0).with_immutable(true).bits(), 1 << 23);
    assert_eq!(ObjectHeader(0).with_remembered(true).bits(), 1 << 29);
    assert_eq!(ObjectHeader(0).with_pinned(true).bits(), 1 << 30);
    assert_eq!(ObjectHeader(0).with_grey(true).bits(), 1 << 31);
    assert_eq!(ObjectHeader(0).with_marked(true).bits(), 1 << 55);
    assert_eq!(ObjectHeader(0).with_identity_hash(1).bits(), 1 << 32);
    assert_eq!(
        ObjectHeader::new(1, ObjectFormat(1), 0).bits(),
        (1 << 56) | (1 << 24)
    );
}

#[test]
fn header_with_many_slots_saturates_to_overflow_marker() {
    let h = ObjectHeader::new(1000, ObjectFormat::INDEXABLE, 51);
    assert!(h.has_overflow_slots());
    assert_eq!(
        header::overflow_word_slots(header::overflow_word(1000)),
        1000
    );
    assert_eq!(header::overflow_word(1000) >> 56, 0xFF);
}

#[test]
fn object_sizes_include_header_minimum_slot_and_overflow_word() {
    assert_eq!(header::bytes_for_slots(0), 16);
    assert_eq!(header::bytes_for_slots(1), 16);
    assert_eq!(header::bytes_for_slots(2), 24);
    assert_eq!(header::bytes_for_slots(254), 254 * 8 + 8);
    assert_eq!(header::bytes_for_slots(255), 255 * 8 + 16);
}

#[test]
fn forwarder_and_free_chunk_pass_the_combined_check() {
    assert!(
        ObjectHeader::new(1, ObjectFormat::FORWARDED, class_index::FORWARDED)
            .is_free_or_forwarded()
    );
    assert!(ObjectHeader::new(1, ObjectFormat(0), class_index::FREE).is_free_or_forwarded());
    assert!(!ObjectHeader::new(1, ObjectFormat(1), 40).is_free_or_forwarded());
    assert!(!ObjectHeader::new(1, ObjectFormat(1), 9).is_free_or_forwarded());
}

#[test]
fn byte_format_encodes_unused_tail_bytes() {
    assert_eq!(
        ObjectFormat::BYTES.for_element_count(0),
        (ObjectFormat(16), 0)
    );
    assert_eq!(
        ObjectFormat::BYTES.for_element_count(1),
        (ObjectFormat(23), 1)
    );
    assert_eq!(
        ObjectFormat::BYTES.for_element_count(8),
        (ObjectFormat(16), 1)
    );
    assert_eq!(
        ObjectFormat::BYTES.for_element_count(13),
        (ObjectFormat(19), 2)
    );
    assert_eq!(ObjectFormat(19).element_count(2), 13);
}

#[test]
fn short_format_encodes_unused_tail_shorts() {
    assert_eq!(
        ObjectFormat::WORDS16.for_element_count(5),
        (ObjectFormat(15), 2)
    );
    assert_eq!(ObjectFormat(15).element_count(2), 5);
    assert_eq!(
        ObjectFormat::WORDS16.for_element_count(4),
        (ObjectFormat(12), 1)
    );
}

#[test]
fn word32_format_encodes_odd_length() {
    assert_eq!(
        ObjectFormat::WORDS32.for_element_count(3),
        (ObjectFormat(11), 2)
    );
    assert_eq!(ObjectFormat(11).element_count(2), 3);
    assert_eq!(
        ObjectFormat::WORDS32.for_element_count(2),
        (ObjectFormat(10), 1)
    );
}

#[test]
fn word64_and_pointer_formats_count_slots() {
    assert_eq!(
        ObjectFormat::WORDS64.for_element_count(3),
        (ObjectFormat(9), 3)
    );
    assert_eq!(ObjectFormat(9).element_count(3), 3);
    assert_eq!(ObjectFormat::INDEXABLE.element_count(4), 4);
}

#[test]
fn compiled_method_format_encodes_unused_tail_bytes() {
    assert_eq!(
        ObjectFormat::COMPILED_METHOD.for_element_count(20),
        (ObjectFormat(28), 3)
    );
    assert_eq!(ObjectFormat(28).element_count(3), 20);
    assert!(ObjectFormat(28).is_compiled_method());
    assert!(!ObjectFormat(28).is_bytes());
}

#[test]
fn format_predicates_partition_the_space() {
    for raw in 0u8..32 {
        let f = ObjectFormat(raw);
        let kinds = [f.is_pointers(), f.is_pure_bits(), f.is_compiled_method()];
        let expected = if (6..=8).contains(&raw) { 0 } else { 1 };
        assert_eq!(
            kinds.iter().filter(|k| **k).count(),
            expected,
            "format {raw}"
        );
    }
}

#[test]
fn class_format_word_round_trips_spec_and_fixed_fields() {
    let word = layout::class::format_word(3, 6);
    assert_eq!(layout::class::instance_format(word), 3);
    assert_eq!(layout::class::fixed_fields(word), 6);
}
