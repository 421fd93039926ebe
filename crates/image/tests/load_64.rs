//! Loading hand-built 64-bit images: relocation, fixed objects, free space,
//! forwarders, methods and floats.

use stvm_image::builder::{ImageBuilder, UNDEFINED_OBJECT_INDEX};
use stvm_image::header::FORMAT_SPUR_64_SISTA;
use stvm_image::space::SpaceView;
use stvm_image::{load_image, ImageError, LoadedImage};
use stvm_object_model::{class_index, ObjectFormat, ObjectHeader};

const BASE: u64 = 0x10_0000;
const TARGET: u64 = 0x7_0000_0000;
const DELTA: u64 = TARGET - BASE;

fn load(builder: &ImageBuilder) -> LoadedImage {
    load_image(&builder.image_file(), TARGET).unwrap()
}

fn slot(loaded: &LoadedImage, oop: u64, index: u64) -> u64 {
    SpaceView::new(&loaded.old_space, TARGET)
        .slot(oop, index)
        .unwrap()
}

fn header(loaded: &LoadedImage, oop: u64) -> ObjectHeader {
    SpaceView::new(&loaded.old_space, TARGET)
        .object(oop)
        .unwrap()
        .header
}

fn fixed(builder: &mut ImageBuilder, slots: &[u64]) -> u64 {
    builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, slots)
}

#[test]
fn loaded_space_has_the_same_length_as_the_saved_objects() {
    let builder = ImageBuilder::new_64(BASE);
    assert_eq!(load(&builder).old_space.len(), builder.space_bytes().len());
}

#[test]
fn special_objects_oop_is_relocated() {
    let builder = ImageBuilder::new_64(BASE);
    assert_eq!(
        load(&builder).special_objects,
        builder.special_objects() + DELTA
    );
}

#[test]
fn pointer_slot_is_moved_by_the_base_difference() {
    let mut builder = ImageBuilder::new_64(BASE);
    let target = builder.true_object();
    let object = fixed(&mut builder, &[target]);
    assert_eq!(slot(&load(&builder), object + DELTA, 0), target + DELTA);
}

#[test]
fn small_integer_slot_is_left_unchanged() {
    let mut builder = ImageBuilder::new_64(BASE);
    let value = builder.small_integer(-42);
    let object = fixed(&mut builder, &[value]);
    assert_eq!(slot(&load(&builder), object + DELTA, 0), value);
}

#[test]
fn character_slot_is_left_unchanged() {
    let mut builder = ImageBuilder::new_64(BASE);
    let value = builder.character(0x263A);
    let object = fixed(&mut builder, &[value]);
    assert_eq!(slot(&load(&builder), object + DELTA, 0), value);
}

#[test]
fn byte_object_contents_that_look_like_pointers_are_not_relocated() {
    let mut builder = ImageBuilder::new_64(BASE);
    let bytes = builder.nil().to_le_bytes();
    let object = builder.add_bytes(class_index::BYTE_STRING, &bytes);
    let loaded = load(&builder);
    assert_eq!(
        SpaceView::new(&loaded.old_space, TARGET).byte_contents(object + DELTA),
        Some(&bytes[..])
    );
}

#[test]
fn object_with_overflow_header_has_all_its_slots_relocated() {
    let mut builder = ImageBuilder::new_64(BASE);
    let slots = vec![builder.false_object(); 300];
    let object = builder.add_object(class_index::ARRAY, ObjectFormat::INDEXABLE, &slots);
    assert_eq!(
        slot(&load(&builder), object + DELTA, 299),
        builder.false_object() + DELTA
    );
}

#[test]
fn method_literals_are_relocated() {
    let mut builder = ImageBuilder::new_64(BASE);
    let literal = builder.true_object();
    let method = builder.add_method(1, &[literal], &[0x78, 0x7C]);
    assert_eq!(slot(&load(&builder), method + DELTA, 1), literal + DELTA);
}

#[test]
fn method_bytecodes_are_not_relocated() {
    let mut builder = ImageBuilder::new_64(BASE);
    let bytecodes = builder.nil().to_le_bytes();
    let method = builder.add_method(0, &[], &bytecodes);
    assert_eq!(slot(&load(&builder), method + DELTA, 1), builder.nil());
}

#[test]
fn method_header_with_sign_bit_marks_the_image_as_using_sista() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(i64::MIN >> 3, &[], &[0x58]);
    assert!(load(&builder).uses_sista);
}

#[test]
fn image_without_sista_methods_or_format_bit_does_not_use_sista() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(0, &[], &[0x78]);
    assert!(!load(&builder).uses_sista);
}

#[test]
fn format_68533_marks_the_image_as_using_sista() {
    let builder = ImageBuilder::new_64(BASE);
    let loaded = load_image(
        &builder.image_file_with_format(FORMAT_SPUR_64_SISTA),
        TARGET,
    )
    .unwrap();
    assert!(loaded.uses_sista);
}

#[test]
fn free_lists_object_slots_are_zeroed() {
    let mut builder = ImageBuilder::new_64(BASE);
    let free_lists = builder.nil() + 48;
    builder.set_slot(free_lists, 5, 0xDEAD_BEE8);
    assert_eq!(slot(&load(&builder), free_lists + DELTA, 5), 0);
}

#[test]
fn free_chunk_keeps_its_size_and_class_index_zero() {
    let mut builder = ImageBuilder::new_64(BASE);
    let chunk = builder.add_free_chunk(4);
    let loaded = load(&builder);
    let kept = header(&loaded, chunk + DELTA);
    assert_eq!((kept.class_index(), kept.raw_num_slots()), (0, 4));
}

#[test]
fn free_chunk_links_are_zeroed_not_relocated() {
    let mut builder = ImageBuilder::new_64(BASE);
    let chunk = builder.add_free_chunk(2);
    builder.set_slot(chunk, 0, 0x1234_5678);
    assert_eq!(slot(&load(&builder), chunk + DELTA, 0), 0);
}

#[test]
fn reference_to_a_forwarder_is_redirected_to_its_target() {
    let mut builder = ImageBuilder::new_64(BASE);
    let target = fixed(&mut builder, &[0x11]);
    let forwarder = builder.add_forwarder(target);
    let holder = fixed(&mut builder, &[forwarder]);
    assert_eq!(slot(&load(&builder), holder + DELTA, 0), target + DELTA);
}

#[test]
fn chain_of_forwarders_is_followed_to_the_end() {
    let mut builder = ImageBuilder::new_64(BASE);
    let target = fixed(&mut builder, &[0x11]);
    let second = builder.add_forwarder(target);
    let first = builder.add_forwarder(second);
    let holder = fixed(&mut builder, &[first]);
    assert_eq!(slot(&load(&builder), holder + DELTA, 0), target + DELTA);
}

#[test]
fn forwarder_becomes_a_free_chunk_after_loading() {
    let mut builder = ImageBuilder::new_64(BASE);
    let target = fixed(&mut builder, &[0x11]);
    let forwarder = builder.add_forwarder(target);
    assert_eq!(
        header(&load(&builder), forwarder + DELTA).class_index(),
        class_index::FREE
    );
}

#[test]
fn cycle_of_forwarders_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    let first = builder.add_forwarder(builder.nil());
    let second = builder.add_forwarder(first);
    builder.set_slot(first, 0, second);
    let error = load_image(&builder.image_file(), TARGET).unwrap_err();
    assert!(matches!(error, ImageError::BadForwarder { .. }));
}

#[test]
fn boxed_float_saved_high_word_first_is_swapped_to_platform_order() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.set_header_flags(0);
    let float = builder.add_boxed_float(1.5);
    let swapped = builder.slot(float, 0).rotate_left(32);
    builder.set_slot(float, 0, swapped);
    assert_eq!(slot(&load(&builder), float + DELTA, 0), 1.5f64.to_bits());
}

#[test]
fn loaded_header_records_floats_in_platform_order() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.set_header_flags(16);
    assert_eq!(load(&builder).header.header_flags, 16 | 2);
}

#[test]
fn last_hash_comes_from_the_header() {
    let builder = ImageBuilder::new_64(BASE);
    let mut file = builder.image_file();
    file[32..40].copy_from_slice(&12345u64.to_le_bytes());
    assert_eq!(load_image(&file, TARGET).unwrap().last_hash, 12345);
}

#[test]
fn misaligned_target_base_is_rejected() {
    let builder = ImageBuilder::new_64(BASE);
    let error = load_image(&builder.image_file(), TARGET + 4).unwrap_err();
    assert!(matches!(error, ImageError::BadTargetBase { .. }));
}

#[test]
fn target_base_too_high_for_the_space_is_rejected() {
    let builder = ImageBuilder::new_64(BASE);
    let error = load_image(&builder.image_file(), u64::MAX - 7).unwrap_err();
    assert!(matches!(error, ImageError::BadTargetBase { .. }));
}
