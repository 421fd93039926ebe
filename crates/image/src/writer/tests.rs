use super::*;
use crate::builder::ImageBuilder;
use crate::{load_image, read_header};

const BASE: u64 = 0x40_0000;

fn request<'a>(segments: &'a [(u64, &'a [u8])], special_objects: u64) -> ImageWriteRequest<'a> {
    ImageWriteRequest {
        segments,
        special_objects,
        last_hash: 77,
        header_flags: 2,
        format: FORMAT_SPUR_64,
        extra: HeaderExtras::default(),
    }
}

fn written(request: &ImageWriteRequest<'_>) -> Result<Vec<u8>, ImageError> {
    let mut file = Vec::new();
    write_image(&mut file, request).map(|()| file)
}

fn builder_with_two_segments(gap: u64) -> (ImageBuilder, u64) {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.start_segment(gap);
    let nil = builder.nil();
    let far = builder.add_object(
        crate::builder::UNDEFINED_OBJECT_INDEX,
        ObjectFormat::FIXED,
        &[nil],
    );
    let special = builder.special_objects();
    builder.set_slot(special, 3, far);
    (builder, far)
}

#[test]
fn written_header_has_128_bytes_and_the_request_fields() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let header = read_header(&file).unwrap();
    let expected = (128, BASE, builder.special_objects(), 77, 2);
    let actual = (
        header.header_size,
        header.old_base_address,
        header.special_objects_oop,
        header.last_hash,
        header.header_flags,
    );
    assert_eq!(actual, expected);
}

#[test]
fn single_segment_ends_with_a_pinned_marked_terminal_bridge() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let bridge = u64::from_le_bytes(file[file.len() - 16..file.len() - 8].try_into().unwrap());
    let next = u64::from_le_bytes(file[file.len() - 8..].try_into().unwrap());
    assert_eq!((bridge, next), (0x0080_0000_4900_0003, 0));
}

#[test]
fn data_size_counts_every_segment_and_bridge() {
    let (builder, _) = builder_with_two_segments(64);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let expected: u64 = segments.iter().map(|(_, b)| b.len() as u64 + 16).sum();
    assert_eq!(read_header(&file).unwrap().data_size, expected);
}

#[test]
fn write_then_load_at_the_same_base_gives_identical_bytes() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    assert_eq!(
        load_image(&file, BASE).unwrap().old_space,
        builder.space_bytes()
    );
}

#[test]
fn write_then_load_at_another_base_moves_every_pointer_by_the_difference() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let loaded = load_image(&file, BASE + 0x1000).unwrap();
    let view = crate::space::SpaceView::new(&loaded.old_space, BASE + 0x1000);
    assert_eq!(
        view.slot(loaded.special_objects, 2),
        Some(builder.true_object() + 0x1000)
    );
}

#[test]
fn multi_segment_image_with_gap_loads_as_one_contiguous_space() {
    let (builder, _) = builder_with_two_segments(4096);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let loaded = load_image(&file, BASE).unwrap();
    let total: usize = segments.iter().map(|(_, b)| b.len()).sum();
    assert_eq!(loaded.old_space.len(), total);
}

#[test]
fn pointer_into_a_later_segment_is_remapped_past_the_removed_gap() {
    let (builder, far) = builder_with_two_segments(4096);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let loaded = load_image(&file, BASE).unwrap();
    let view = crate::space::SpaceView::new(&loaded.old_space, BASE);
    let first_length = segments[0].1.len() as u64;
    assert_eq!(
        view.slot(loaded.special_objects, 3),
        Some(BASE + first_length + (far - segments[1].0))
    );
}

#[test]
fn bridge_before_a_gap_is_an_overflow_word_counting_the_gap_in_words() {
    let (builder, _) = builder_with_two_segments(4096);
    let segments = builder.segments();
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    let at = 128 + segments[0].1.len();
    let bridge = u64::from_le_bytes(file[at..at + 8].try_into().unwrap());
    assert_eq!(bridge, 0xFF00_0000_0000_0000 | 512);
}

#[test]
fn empty_segments_are_skipped() {
    let builder = ImageBuilder::new_64(BASE);
    let mut segments = builder.segments();
    segments.push((BASE + 0x10_0000, &[]));
    let file = written(&request(&segments, builder.special_objects())).unwrap();
    assert_eq!(
        read_header(&file).unwrap().data_size,
        builder.space_bytes().len() as u64 + 16
    );
}

#[test]
fn write_rejects_a_32_bit_format() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let request = ImageWriteRequest {
        format: FORMAT_SPUR_32,
        ..request(&segments, builder.special_objects())
    };
    assert!(matches!(
        written(&request),
        Err(ImageError::BadWriteRequest { .. })
    ));
}

#[test]
fn write_rejects_overlapping_segments() {
    let builder = ImageBuilder::new_64(BASE);
    let bytes = builder.space_bytes();
    let segments = [(BASE, bytes), (BASE + 8, &bytes[..16])];
    assert!(matches!(
        written(&request(&segments, builder.special_objects())),
        Err(ImageError::BadWriteRequest {
            reason: "segments overlap or leave no room for a bridge"
        })
    ));
}

#[test]
fn write_rejects_a_misaligned_segment() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = [(BASE + 4, builder.space_bytes())];
    assert!(matches!(
        written(&request(&segments, BASE + 4)),
        Err(ImageError::BadWriteRequest { .. })
    ));
}

#[test]
fn write_rejects_special_objects_outside_every_segment() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    assert!(matches!(
        written(&request(&segments, BASE - 8)),
        Err(ImageError::BadWriteRequest { .. })
    ));
}

#[test]
fn write_rejects_a_request_without_objects() {
    assert!(matches!(
        written(&request(&[], BASE)),
        Err(ImageError::BadWriteRequest { .. })
    ));
}

#[test]
fn header_extras_are_preserved_from_a_loaded_header() {
    let builder = ImageBuilder::new_64(BASE);
    let segments = builder.segments();
    let extra = HeaderExtras {
        eden_bytes: 1 << 22,
        num_stack_pages: 40,
        image_version_or_unknown_short: 9,
        ..HeaderExtras::default()
    };
    let file = written(&ImageWriteRequest {
        extra,
        ..request(&segments, builder.special_objects())
    })
    .unwrap();
    assert_eq!(
        HeaderExtras::from_header(&read_header(&file).unwrap()),
        extra
    );
}

fn image_file_of(builder: &ImageBuilder) -> Vec<u8> {
    let segments = builder.segments();
    image_file_bytes(&segments, builder.special_objects(), 77).unwrap()
}

#[test]
fn image_file_bytes_writes_68021_when_no_method_uses_sista() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(0, &[], &[0x58, 0, 0, 0, 0, 0, 0, 0]);
    let header = read_header(&image_file_of(&builder)).unwrap();
    assert_eq!(header.format, FORMAT_SPUR_64);
    assert_eq!(
        header.header_flags,
        crate::header::FLOATS_LITTLE_ENDIAN_FLAG
    );
}

#[test]
fn image_file_bytes_writes_68533_when_a_method_uses_sista() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(i64::MIN / 8, &[], &[0x58, 0, 0, 0, 0, 0, 0, 0]);
    let file = image_file_of(&builder);
    assert_eq!(read_header(&file).unwrap().format, FORMAT_SPUR_64_SISTA);
    assert!(load_image(&file, BASE).is_ok());
}
