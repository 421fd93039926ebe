//! Malformed image files: each gives a typed error naming the problem, never a
//! panic.

use stvm_image::builder::{ImageBuilder, UNDEFINED_OBJECT_INDEX};
use stvm_image::{load_image, ImageError};
use stvm_object_model::{ObjectFormat, ObjectHeader};

const BASE: u64 = 0x10_0000;
const HEADER_BYTES: u64 = 128;

fn load_error(file: &[u8]) -> ImageError {
    load_image(file, 0x2_0000_0000).unwrap_err()
}

/// The file offset of slot `index` of the object at `oop` in a builder file.
fn slot_offset(oop: u64, index: u64) -> u64 {
    HEADER_BYTES + (oop - BASE) + 8 + 8 * index
}

fn with_holder(slot: u64) -> (ImageBuilder, u64) {
    let mut builder = ImageBuilder::new_64(BASE);
    let holder = builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, &[slot]);
    (builder, holder)
}

fn put_u64(file: &mut [u8], offset: usize, value: u64) {
    file[offset..offset + 8].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn file_cut_inside_the_header_is_truncated() {
    let file = ImageBuilder::new_64(BASE).image_file();
    assert!(matches!(
        load_error(&file[..60]),
        ImageError::Truncated { .. }
    ));
}

#[test]
fn file_cut_inside_the_data_has_data_size_exceeding_the_file() {
    let file = ImageBuilder::new_64(BASE).image_file();
    assert!(matches!(
        load_error(&file[..file.len() - 24]),
        ImageError::DataSizeExceedsFile { .. }
    ));
}

#[test]
fn wrong_magic_is_an_unknown_format() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    file[..4].copy_from_slice(b"GIF8");
    assert!(matches!(
        load_error(&file),
        ImageError::UnknownFormat { .. }
    ));
}

#[test]
fn big_endian_image_is_reported_as_unsupported() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    file[..4].copy_from_slice(&68021u32.to_be_bytes());
    assert!(matches!(
        load_error(&file),
        ImageError::BigEndianUnsupported { format: 68021 }
    ));
}

#[test]
fn wrong_header_size_is_rejected() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    file[4..8].copy_from_slice(&256u32.to_le_bytes());
    assert!(matches!(
        load_error(&file),
        ImageError::HeaderSizeMismatch {
            expected: 128,
            found: 256
        }
    ));
}

#[test]
fn data_size_larger_than_the_file_is_rejected() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    put_u64(&mut file, 8, 1 << 40);
    assert!(matches!(
        load_error(&file),
        ImageError::DataSizeExceedsFile {
            data_size: 0x100_0000_0000,
            ..
        }
    ));
}

#[test]
fn first_segment_size_larger_than_the_remaining_bytes_is_rejected() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    put_u64(&mut file, 72, 1 << 40);
    assert!(matches!(
        load_error(&file),
        ImageError::SegmentExceedsData {
            file_offset: 128,
            ..
        }
    ));
}

#[test]
fn segment_chain_running_past_the_file_is_rejected() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    let last = file.len() - 8;
    put_u64(&mut file, last, 64);
    assert!(matches!(
        load_error(&file),
        ImageError::SegmentChainTooLong { .. }
    ));
}

#[test]
fn object_running_past_its_segment_is_rejected_at_its_offset() {
    let mut builder = ImageBuilder::new_64(BASE);
    let last = builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, &[BASE]);
    builder.set_header(last, builder.header(last).with_raw_num_slots(9));
    let error = load_error(&builder.image_file());
    assert!(
        matches!(error, ImageError::ObjectOverrunsSegment { file_offset } if file_offset == HEADER_BYTES + last - BASE)
    );
}

#[test]
fn overflow_word_without_overflow_header_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    let big = builder.add_object(
        UNDEFINED_OBJECT_INDEX,
        ObjectFormat::INDEXABLE,
        &[BASE; 300],
    );
    builder.set_header(big, builder.header(big).with_raw_num_slots(3));
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::BadOverflowHeader { .. }
    ));
}

#[test]
fn pointer_outside_the_image_is_rejected_with_its_slot_offset() {
    let (builder, holder) = with_holder(BASE + 0x100_0000);
    let error = load_error(&builder.image_file());
    let expected = slot_offset(holder, 0);
    assert!(
        matches!(error, ImageError::PointerOutsideImage { file_offset, pointer: 0x110_0000 } if file_offset == expected)
    );
}

#[test]
fn pointer_below_the_old_base_is_outside_the_image() {
    let (builder, _) = with_holder(BASE - 16);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::PointerOutsideImage { .. }
    ));
}

#[test]
fn pointer_into_the_middle_of_an_object_is_rejected() {
    let (builder, holder) = with_holder(BASE + 8);
    let error = load_error(&builder.image_file());
    let expected = slot_offset(holder, 0);
    assert!(
        matches!(error, ImageError::PointerIntoObject { file_offset, .. } if file_offset == expected)
    );
}

#[test]
fn pointer_into_the_terminal_bridge_is_outside_the_image() {
    let builder = ImageBuilder::new_64(BASE);
    let end = BASE + builder.space_bytes().len() as u64 + 16;
    let (builder, _) = with_holder(end);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::PointerOutsideImage { .. }
    ));
}

#[test]
fn pointer_to_a_free_chunk_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    let chunk = builder.add_free_chunk(2);
    builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, &[chunk]);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::PointerToFreeChunk { .. }
    ));
}

#[test]
fn unused_format_6_is_rejected() {
    let (mut builder, holder) = with_holder(BASE);
    builder.set_header(holder, builder.header(holder).with_format(ObjectFormat(6)));
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::InvalidFormat { format: 6, .. }
    ));
}

#[test]
fn forwarder_format_on_an_ordinary_object_is_rejected() {
    let (mut builder, holder) = with_holder(BASE);
    builder.set_header(
        holder,
        builder.header(holder).with_format(ObjectFormat::FORWARDED),
    );
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::InvalidFormat { format: 7, .. }
    ));
}

#[test]
fn slot_with_an_impossible_tag_is_rejected() {
    let (builder, _) = with_holder(0x13);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::InvalidImmediate { value: 0x13, .. }
    ));
}

#[test]
fn method_whose_header_is_not_a_small_integer_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    let method = builder.add_method(0, &[], &[0x78]);
    builder.set_slot(method, 0, BASE);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::BadMethodHeader { .. }
    ));
}

#[test]
fn method_claiming_more_literals_than_it_holds_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(200, &[], &[0x78]);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::BadMethodHeader { .. }
    ));
}

#[test]
fn instance_of_a_class_missing_from_the_class_table_is_rejected() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_object(5000, ObjectFormat::FIXED, &[BASE]);
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::UnknownClassIndex {
            class_index: 5000,
            ..
        }
    ));
}

#[test]
fn free_lists_object_with_the_wrong_class_is_a_bad_root_object() {
    let mut builder = ImageBuilder::new_64(BASE);
    let free_lists = BASE + 48;
    builder.set_header(free_lists, builder.header(free_lists).with_class_index(40));
    assert!(matches!(
        load_error(&builder.image_file()),
        ImageError::BadRootObject {
            what: "free-lists object",
            ..
        }
    ));
}

#[test]
fn hidden_roots_too_small_for_the_class_table_is_a_bad_root_object() {
    let builder = ImageBuilder::new_64(BASE);
    let mut file = builder.image_file();
    cut_hidden_roots_to_4000_slots(&mut file, builder.hidden_roots());
    assert!(matches!(
        load_error(&file),
        ImageError::BadRootObject {
            what: "hidden-roots object",
            ..
        }
    ));
}

/// Rewrites the hidden roots' overflow count to 4000 and turns the 104 slots
/// cut off (832 bytes) into a free chunk, so the heap still parses.
fn cut_hidden_roots_to_4000_slots(file: &mut [u8], roots: u64) {
    let header_at = (HEADER_BYTES + roots - BASE) as usize;
    put_u64(file, header_at - 8, 0xFF00_0000_0000_0000 | 4000);
    put_u64(
        file,
        header_at + 8 + 4000 * 8,
        ObjectHeader::new(103, ObjectFormat(0), 0).bits(),
    );
}

#[test]
fn image_without_a_hidden_roots_object_is_rejected() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let first_four = &segments[0].1[..48 + 8 + 64 * 8];
    let request = stvm_image::ImageWriteRequest {
        segments: &[(BASE, first_four)],
        special_objects: BASE,
        last_hash: 0,
        header_flags: 2,
        format: 68021,
        extra: Default::default(),
    };
    let mut file = Vec::new();
    stvm_image::write_image(&mut file, &request).unwrap();
    assert!(matches!(
        load_error(&file),
        ImageError::BadRootObject {
            what: "hidden-roots object",
            ..
        }
    ));
}

#[test]
fn special_objects_oop_into_an_object_is_rejected() {
    let builder = ImageBuilder::new_64(BASE);
    let mut file = builder.image_file();
    put_u64(&mut file, 24, builder.special_objects() + 8);
    assert!(matches!(
        load_error(&file),
        ImageError::PointerIntoObject {
            file_offset: 24,
            ..
        }
    ));
}

#[test]
fn random_bytes_are_an_unknown_format() {
    let bytes: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    assert!(matches!(
        load_error(&bytes),
        ImageError::UnknownFormat { .. }
    ));
}

#[test]
fn random_bytes_after_a_valid_header_are_rejected() {
    let mut file = ImageBuilder::new_64(BASE).image_file();
    for (index, byte) in file.iter_mut().enumerate().skip(128) {
        *byte = (index as u32).wrapping_mul(2_654_435_761).rotate_right(13) as u8;
    }
    let _ = load_error(&file);
}
