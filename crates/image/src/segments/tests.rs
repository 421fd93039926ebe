use super::*;
use crate::header::{read_header, FORMAT_SPUR_32, FORMAT_SPUR_64};

const BASE: u64 = 0x10_0000;

/// A 16-byte bridge: `word` then the next segment's size.
fn bridge(word: u64, next_size: u64) -> Vec<u8> {
    [word.to_le_bytes(), next_size.to_le_bytes()].concat()
}

fn short_bridge(next_size: u64) -> Vec<u8> {
    bridge(0x0080_0000_4900_0003, next_size)
}

/// A file of `format` whose data is `data` and whose first segment is `first` bytes.
fn file(format: u32, first: u64, data: &[u8]) -> Vec<u8> {
    file_at(BASE, format, first, data)
}

fn file_at(base: u64, format: u32, first: u64, data: &[u8]) -> Vec<u8> {
    let word_size = crate::header::word_size_of_format(format).unwrap();
    let header = ImageHeader {
        format,
        header_size: word_size.header_bytes(),
        data_size: data.len() as u64,
        old_base_address: base,
        special_objects_oop: base,
        last_hash: 0,
        saved_window_size: 0,
        header_flags: 2,
        extra_vm_memory: 0,
        num_stack_pages: 0,
        cog_code_size: 0,
        eden_bytes: 0,
        max_ext_semaphore_table_size: 0,
        image_version_or_unknown_short: 0,
        first_segment_size: first,
        free_old_space: 0,
        word_size,
    };
    [header.to_bytes(), data.to_vec()].concat()
}

fn segments_of(file: &[u8]) -> Result<Vec<SavedSegment>, ImageError> {
    read_segments(file, &read_header(file)?)
}

fn two_segments(gap_word: u64) -> Vec<u8> {
    let data = [
        vec![0; 16],
        bridge(gap_word, 32),
        vec![0; 16],
        short_bridge(0),
    ]
    .concat();
    file(FORMAT_SPUR_64, 32, &data)
}

#[test]
fn single_segment_starts_at_the_old_base_address() {
    let data = [vec![0; 16], short_bridge(0)].concat();
    let segments = segments_of(&file(FORMAT_SPUR_64, 32, &data)).unwrap();
    assert_eq!(
        segments,
        vec![SavedSegment {
            file_offset: 128,
            saved_start: BASE,
            size: 32
        }]
    );
}

#[test]
fn adjacent_segments_follow_each_other_in_the_saved_space() {
    let segments = segments_of(&two_segments(0x0080_0000_4900_0003)).unwrap();
    assert_eq!(segments[1].saved_start, BASE + 32);
}

#[test]
fn overflow_bridge_word_puts_a_gap_before_the_next_segment() {
    let segments = segments_of(&two_segments(0xFF00_0000_0000_0010)).unwrap();
    assert_eq!(segments[1].saved_start, BASE + 32 + 16 * 8);
}

#[test]
fn bridge_gap_of_32_bit_image_counts_4_byte_words() {
    let data = [
        vec![0; 16],
        bridge(0xFF00_0000_0000_0010, 32),
        vec![0; 16],
        short_bridge(0),
    ]
    .concat();
    let segments = segments_of(&file(FORMAT_SPUR_32, 32, &data)).unwrap();
    assert_eq!(segments[1].saved_start, BASE + 32 + 16 * 4);
}

#[test]
fn first_segment_larger_than_the_data_is_rejected() {
    let data = [vec![0; 16], short_bridge(0)].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 48, &data)).unwrap_err();
    assert!(matches!(
        error,
        ImageError::SegmentExceedsData {
            file_offset: 128,
            size: 48,
            remaining: 32
        }
    ));
}

#[test]
fn segment_smaller_than_a_bridge_is_rejected() {
    let data = [vec![0; 16], short_bridge(0)].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 8, &data)).unwrap_err();
    assert!(matches!(error, ImageError::BadSegmentSize { size: 8, .. }));
}

#[test]
fn segment_size_not_a_multiple_of_8_is_rejected() {
    let data = [vec![0; 16], short_bridge(0)].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 28, &data)).unwrap_err();
    assert!(matches!(error, ImageError::BadSegmentSize { size: 28, .. }));
}

#[test]
fn chain_that_ends_before_the_data_does_is_rejected() {
    let data = [vec![0; 16], short_bridge(0), vec![0; 32]].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 32, &data)).unwrap_err();
    assert!(matches!(
        error,
        ImageError::SegmentChainEndsEarly {
            file_offset: 160,
            unclaimed_bytes: 32
        }
    ));
}

#[test]
fn chain_that_continues_past_the_data_is_rejected() {
    let data = [vec![0; 16], short_bridge(32)].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 32, &data)).unwrap_err();
    assert!(matches!(
        error,
        ImageError::SegmentChainTooLong { file_offset: 160 }
    ));
}

#[test]
fn next_segment_size_beyond_the_file_is_rejected() {
    let data = [vec![0; 16], short_bridge(4096), vec![0; 32]].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 32, &data)).unwrap_err();
    assert!(matches!(
        error,
        ImageError::SegmentExceedsData {
            file_offset: 160,
            size: 4096,
            ..
        }
    ));
}

#[test]
fn bridge_word_that_is_neither_header_nor_overflow_is_rejected() {
    let data = [vec![0; 16], bridge(0x0500_0000_0000_0003, 0)].concat();
    let error = segments_of(&file(FORMAT_SPUR_64, 32, &data)).unwrap_err();
    assert!(matches!(error, ImageError::BadBridge { file_offset: 144 }));
}

#[test]
fn gap_that_overflows_the_address_space_is_rejected() {
    let data = [
        vec![0; 16],
        bridge(0xFFF0_0000_0000_0000, 32),
        vec![0; 16],
        short_bridge(0),
    ]
    .concat();
    let error =
        segments_of(&file_at(0xFFFF_0000_0000_0000, FORMAT_SPUR_64, 32, &data)).unwrap_err();
    assert!(matches!(error, ImageError::AddressOverflow { .. }));
}

#[test]
fn segment_map_maps_addresses_after_a_gap_to_concatenated_offsets() {
    let map = SegmentMap::new(&segments_of(&two_segments(0xFF00_0000_0000_0010)).unwrap());
    assert_eq!(map.space_offset_of(BASE + 32 + 128 + 8), Some(16 + 8));
}

#[test]
fn segment_map_finds_nothing_in_a_gap() {
    let map = SegmentMap::new(&segments_of(&two_segments(0xFF00_0000_0000_0010)).unwrap());
    assert_eq!(map.space_offset_of(BASE + 40), None);
}

#[test]
fn segment_map_finds_nothing_in_a_bridge() {
    let map = SegmentMap::new(&segments_of(&two_segments(0xFF00_0000_0000_0010)).unwrap());
    assert_eq!(map.space_offset_of(BASE + 16), None);
}

#[test]
fn segment_map_maps_space_offsets_back_to_file_offsets() {
    let map = SegmentMap::new(&segments_of(&two_segments(0xFF00_0000_0000_0010)).unwrap());
    assert_eq!(map.file_offset_of(16 + 8), 128 + 32 + 8);
}
