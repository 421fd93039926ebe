//! Converting hand-built 32-bit images to 64-bit objects while loading.

use stvm_image::builder::{ImageBuilder, UNDEFINED_OBJECT_INDEX};
use stvm_image::space::SpaceView;
use stvm_image::{load_image, summarize, LoadedImage};
use stvm_object_model::oop::MIN_SMALL_INTEGER;
use stvm_object_model::{class_index, ObjectFormat, ObjectHeader, Oop};

const BASE: u64 = 0x10_0000;
const TARGET: u64 = 0x3_0000_0000;
/// A special-objects slot the builder leaves nil, used to find a test object.
const PROBE: u64 = 3;

fn load(builder: &ImageBuilder) -> LoadedImage {
    load_image(&builder.image_file(), TARGET).unwrap()
}

fn view(loaded: &LoadedImage) -> SpaceView<'_> {
    SpaceView::new(&loaded.old_space, TARGET)
}

/// Loads `builder` with `object` reachable from the special objects array;
/// answers the image and the converted object's oop.
fn converted(builder: &mut ImageBuilder, object: u64) -> (LoadedImage, u64) {
    builder.set_slot(builder.special_objects(), PROBE, object);
    let loaded = load(builder);
    let oop = view(&loaded).slot(loaded.special_objects, PROBE).unwrap();
    (loaded, oop)
}

fn holder_of(builder: &mut ImageBuilder, slot: u64) -> u64 {
    builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, &[slot])
}

fn first_slot_after_conversion(builder: &mut ImageBuilder, slot: u64) -> u64 {
    let holder = holder_of(builder, slot);
    let (loaded, oop) = converted(builder, holder);
    view(&loaded).slot(oop, 0).unwrap()
}

fn small_integer(value: i64) -> u64 {
    Oop::small_integer_unchecked(value).bits()
}

fn header_of(builder: &mut ImageBuilder, object: u64) -> ObjectHeader {
    let (loaded, oop) = converted(builder, object);
    view(&loaded).object(oop).unwrap().header
}

#[test]
fn nil_sits_at_the_target_base() {
    let loaded = load(&ImageBuilder::new_32(BASE));
    assert_eq!(view(&loaded).slot(loaded.special_objects, 0), Some(TARGET));
}

#[test]
fn converted_image_says_so() {
    assert!(load(&ImageBuilder::new_32(BASE)).converted_from_32_bit);
}

#[test]
fn small_integer_slot_is_retagged_for_64_bit() {
    let mut builder = ImageBuilder::new_32(BASE);
    let value = builder.small_integer(12345);
    assert_eq!(
        first_slot_after_conversion(&mut builder, value),
        small_integer(12345)
    );
}

#[test]
fn negative_small_integer_keeps_its_value() {
    let mut builder = ImageBuilder::new_32(BASE);
    let value = builder.small_integer(-1_000_000);
    assert_eq!(
        first_slot_after_conversion(&mut builder, value),
        small_integer(-1_000_000)
    );
}

#[test]
fn smallest_31_bit_small_integer_keeps_its_value() {
    let mut builder = ImageBuilder::new_32(BASE);
    let value = builder.small_integer(-(1 << 30));
    assert_eq!(
        first_slot_after_conversion(&mut builder, value),
        small_integer(-(1 << 30))
    );
}

#[test]
fn character_slot_is_retagged_for_64_bit() {
    let mut builder = ImageBuilder::new_32(BASE);
    let value = builder.character(0x1F600);
    assert_eq!(
        first_slot_after_conversion(&mut builder, value),
        Oop::character(0x1F600).unwrap().bits()
    );
}

#[test]
fn pointer_slot_points_at_the_converted_object() {
    let mut builder = ImageBuilder::new_32(BASE);
    let value = builder.true_object();
    assert_eq!(
        first_slot_after_conversion(&mut builder, value),
        TARGET + 32
    );
}

#[test]
fn five_byte_string_gets_three_bytes_of_64_bit_padding() {
    let mut builder = ImageBuilder::new_32(BASE);
    let string = builder.add_bytes(class_index::BYTE_STRING, b"hello");
    let header = header_of(&mut builder, string);
    assert_eq!(
        (header.format(), header.raw_num_slots()),
        (ObjectFormat(19), 1)
    );
}

#[test]
fn string_keeps_its_bytes() {
    let mut builder = ImageBuilder::new_32(BASE);
    let string = builder.add_bytes(class_index::BYTE_STRING, b"Smalltalk-80");
    let (loaded, oop) = converted(&mut builder, string);
    assert_eq!(view(&loaded).byte_contents(oop), Some(&b"Smalltalk-80"[..]));
}

#[test]
fn odd_count_of_32_bit_words_gets_format_11() {
    let mut builder = ImageBuilder::new_32(BASE);
    let (bitmap, _) = builder.add_class("Bitmap");
    let words = builder.add_words32(bitmap, &[1, 2, 3]);
    let header = header_of(&mut builder, words);
    assert_eq!(
        (header.format(), header.raw_num_slots()),
        (ObjectFormat(11), 2)
    );
}

#[test]
fn identity_hash_and_flags_are_kept() {
    let mut builder = ImageBuilder::new_32(BASE);
    let object = holder_of(&mut builder, BASE);
    builder.set_header(
        object,
        builder
            .header(object)
            .with_identity_hash(0x2ABCD)
            .with_immutable(true),
    );
    let header = header_of(&mut builder, object);
    assert_eq!(
        (header.identity_hash(), header.is_immutable()),
        (0x2ABCD, true)
    );
}

#[test]
fn object_with_300_slots_gets_a_64_bit_overflow_header() {
    let mut builder = ImageBuilder::new_32(BASE);
    let slots = vec![builder.small_integer(9); 300];
    let array = builder.add_object(class_index::ARRAY, ObjectFormat::INDEXABLE, &slots);
    let (loaded, oop) = converted(&mut builder, array);
    assert_eq!(view(&loaded).slot(oop, 299), Some(small_integer(9)));
}

#[test]
fn boxed_float_that_fits_becomes_a_small_float_where_referenced() {
    let mut builder = ImageBuilder::new_32(BASE);
    let float = builder.add_boxed_float(3.25);
    assert_eq!(
        first_slot_after_conversion(&mut builder, float),
        Oop::small_float(3.25).unwrap().bits()
    );
}

#[test]
fn boxed_float_saved_high_word_first_is_read_in_that_order() {
    let mut builder = ImageBuilder::new_32(BASE);
    builder.set_header_flags(0);
    let float = builder.add_boxed_float(-0.5);
    let (low, high) = (builder.slot(float, 0), builder.slot(float, 1));
    builder.set_slot(float, 0, high);
    builder.set_slot(float, 1, low);
    assert_eq!(
        first_slot_after_conversion(&mut builder, float),
        Oop::small_float(-0.5).unwrap().bits()
    );
}

#[test]
fn boxed_float_too_large_for_small_float_stays_boxed_in_one_slot() {
    let mut builder = ImageBuilder::new_32(BASE);
    let float = builder.add_boxed_float(1e300);
    let (loaded, oop) = converted(&mut builder, float);
    assert_eq!(view(&loaded).slot(oop, 0), Some(1e300f64.to_bits()));
}

#[test]
fn large_positive_integer_keeps_its_bytes_and_class() {
    let mut builder = ImageBuilder::new_32(BASE);
    let large = builder.add_bytes(class_index::LARGE_POSITIVE_INTEGER, &[0, 0, 0, 0x40]);
    let (loaded, oop) = converted(&mut builder, large);
    let class = view(&loaded).object(oop).unwrap().header.class_index();
    assert_eq!(
        (class, view(&loaded).byte_contents(oop)),
        (33, Some(&[0, 0, 0, 0x40][..]))
    );
}

fn method_with_two_literals(builder: &mut ImageBuilder, header: i64) -> u64 {
    let literals = [builder.small_integer(7), builder.true_object()];
    builder.add_method(header, &literals, &[0x70, 0x7C, 0xAA])
}

#[test]
fn method_header_keeps_its_value() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, (1 << 24) | (1 << 18) | 2);
    let (loaded, oop) = converted(&mut builder, method);
    assert_eq!(
        view(&loaded).slot(oop, 0),
        Some(small_integer((1 << 24) | (1 << 18) | 2))
    );
}

#[test]
fn method_literals_are_widened() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2);
    let (loaded, oop) = converted(&mut builder, method);
    let literals = (view(&loaded).slot(oop, 1), view(&loaded).slot(oop, 2));
    assert_eq!(literals, (Some(small_integer(7)), Some(TARGET + 32)));
}

#[test]
fn method_bytecodes_follow_the_widened_literal_frame() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2);
    let (loaded, oop) = converted(&mut builder, method);
    let body = (oop - TARGET + 8 + 3 * 8) as usize;
    assert_eq!(&loaded.old_space[body..body + 3], &[0x70, 0x7C, 0xAA]);
}

#[test]
fn method_format_counts_the_64_bit_padding() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2);
    let header = header_of(&mut builder, method);
    assert_eq!(
        (header.format(), header.raw_num_slots()),
        (ObjectFormat(24 + 5), 4)
    );
}

#[test]
fn sista_method_header_gets_the_64_bit_sign_bit() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2 - (1 << 30));
    let (loaded, oop) = converted(&mut builder, method);
    assert_eq!(
        view(&loaded).slot(oop, 0),
        Some(small_integer(2 + MIN_SMALL_INTEGER))
    );
}

#[test]
fn sista_method_marks_the_image_as_using_sista() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2 - (1 << 30));
    assert!(converted(&mut builder, method).0.uses_sista);
}

#[test]
fn context_pc_moves_by_the_growth_of_the_literal_frame() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2);
    let nil = builder.nil();
    let slots = [
        nil,
        builder.small_integer(13),
        builder.small_integer(0),
        method,
        nil,
        nil,
    ];
    let context = builder.add_object(
        class_index::CONTEXT,
        ObjectFormat::FIXED_AND_INDEXABLE,
        &slots,
    );
    let (loaded, oop) = converted(&mut builder, context);
    assert_eq!(view(&loaded).slot(oop, 1), Some(small_integer(13 + 12)));
}

#[test]
fn block_closure_start_pc_moves_with_its_outer_method() {
    let mut builder = ImageBuilder::new_32(BASE);
    let method = method_with_two_literals(&mut builder, 2);
    let nil = builder.nil();
    let context_slots = [nil, nil, builder.small_integer(0), method, nil, nil];
    let context = builder.add_object(
        class_index::CONTEXT,
        ObjectFormat::FIXED_AND_INDEXABLE,
        &context_slots,
    );
    let closure_slots = [context, builder.small_integer(14), builder.small_integer(0)];
    let closure = builder.add_object(
        class_index::BLOCK_CLOSURE,
        ObjectFormat::FIXED,
        &closure_slots,
    );
    let (loaded, oop) = converted(&mut builder, closure);
    assert_eq!(view(&loaded).slot(oop, 1), Some(small_integer(14 + 12)));
}

#[test]
fn free_lists_object_becomes_64_zeroed_64_bit_slots() {
    let loaded = load(&ImageBuilder::new_32(BASE));
    let span = view(&loaded).object(TARGET + 48).unwrap();
    let shape = (
        span.header.class_index(),
        span.header.format(),
        span.num_slots,
    );
    assert_eq!(
        shape,
        (class_index::HIDDEN_WORDS64, ObjectFormat::WORDS64, 64)
    );
}

#[test]
fn class_table_entry_3_becomes_nil() {
    let loaded = load(&ImageBuilder::new_32(BASE));
    assert_eq!(
        view(&loaded).class_at_index(class_index::SEGMENT_BRIDGE),
        None
    );
}

#[test]
fn empty_small_float_class_entry_gets_the_boxed_float_class() {
    let loaded = load(&ImageBuilder::new_32(BASE));
    let v = view(&loaded);
    assert_eq!(
        v.class_at_index(class_index::SMALL_FLOAT),
        v.class_at_index(class_index::BOXED_FLOAT)
    );
}

#[test]
fn free_chunks_are_dropped() {
    let mut builder = ImageBuilder::new_32(BASE);
    builder.add_free_chunk(6);
    assert_eq!(summarize(&load(&builder)).free_chunk_count, 0);
}

#[test]
fn object_after_a_dropped_free_chunk_is_still_reachable() {
    let mut builder = ImageBuilder::new_32(BASE);
    builder.add_free_chunk(6);
    let string = builder.add_bytes(class_index::BYTE_STRING, b"after");
    let (loaded, oop) = converted(&mut builder, string);
    assert_eq!(view(&loaded).byte_contents(oop), Some(&b"after"[..]));
}

#[test]
fn reference_to_a_forwarder_points_at_its_target() {
    let mut builder = ImageBuilder::new_32(BASE);
    let string = builder.add_bytes(class_index::BYTE_STRING, b"target");
    let forwarder = builder.add_forwarder(string);
    let (loaded, oop) = converted(&mut builder, forwarder);
    assert_eq!(view(&loaded).byte_contents(oop), Some(&b"target"[..]));
}

#[test]
fn forwarder_to_a_float_resolves_to_the_small_float() {
    let mut builder = ImageBuilder::new_32(BASE);
    let float = builder.add_boxed_float(2.0);
    let forwarder = builder.add_forwarder(float);
    assert_eq!(
        first_slot_after_conversion(&mut builder, forwarder),
        Oop::small_float(2.0).unwrap().bits()
    );
}

#[test]
fn segments_separated_by_a_gap_convert_into_one_space() {
    let mut builder = ImageBuilder::new_32(BASE);
    builder.start_segment(1024);
    let string = builder.add_bytes(class_index::BYTE_STRING, b"far away");
    let (loaded, oop) = converted(&mut builder, string);
    assert_eq!(view(&loaded).byte_contents(oop), Some(&b"far away"[..]));
}

#[test]
fn short_count_padding_on_32_bit_beyond_one_short_is_rejected() {
    let mut builder = ImageBuilder::new_32(BASE);
    let shorts = builder.add_bytes(class_index::BYTE_STRING, b"ab");
    builder.set_header(shorts, builder.header(shorts).with_format(ObjectFormat(14)));
    let error = load_image(&builder.image_file(), TARGET).unwrap_err();
    assert!(matches!(
        error,
        stvm_image::ImageError::InvalidFormat { format: 14, .. }
    ));
}
