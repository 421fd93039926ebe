use super::*;

fn sample_header(word_size: WordSize) -> ImageHeader {
    ImageHeader {
        format: match word_size {
            WordSize::Bits32 => FORMAT_SPUR_32,
            WordSize::Bits64 => FORMAT_SPUR_64,
        },
        header_size: word_size.header_bytes(),
        data_size: 32,
        old_base_address: 0x10_0000,
        special_objects_oop: 0x10_0040,
        last_hash: 0x1234_5678,
        saved_window_size: (800 << 16) + 600,
        header_flags: 2 | 16,
        extra_vm_memory: 7,
        num_stack_pages: 50,
        cog_code_size: 2048,
        eden_bytes: 4 << 20,
        max_ext_semaphore_table_size: 256,
        image_version_or_unknown_short: 120,
        first_segment_size: 32,
        free_old_space: 96,
        word_size,
    }
}

/// The header followed by `data_size` zero bytes.
fn file_of(header: &ImageHeader) -> Vec<u8> {
    let mut file = header.to_bytes();
    file.resize(file.len() + header.data_size as usize, 0);
    file
}

fn with_u32_at(mut file: Vec<u8>, offset: usize, value: u32) -> Vec<u8> {
    file[offset..offset + 4].copy_from_slice(&value.to_le_bytes());
    file
}

#[test]
fn header_of_64_bit_image_round_trips_through_its_bytes() {
    let header = sample_header(WordSize::Bits64);
    assert_eq!(read_header(&file_of(&header)).unwrap(), header);
}

#[test]
fn header_of_32_bit_image_round_trips_through_its_bytes() {
    let header = sample_header(WordSize::Bits32);
    assert_eq!(read_header(&file_of(&header)).unwrap(), header);
}

#[test]
fn header_bytes_are_as_long_as_the_header_size() {
    assert_eq!(sample_header(WordSize::Bits64).to_bytes().len(), 128);
}

#[test]
fn first_segment_size_sits_at_offset_48_in_32_bit_headers() {
    let bytes = sample_header(WordSize::Bits32).to_bytes();
    assert_eq!(u32::from_le_bytes(bytes[48..52].try_into().unwrap()), 32);
}

#[test]
fn header_with_68533_reports_multiple_bytecode_sets() {
    let header = ImageHeader {
        format: FORMAT_SPUR_64_SISTA,
        ..sample_header(WordSize::Bits64)
    };
    assert!(read_header(&file_of(&header))
        .unwrap()
        .has_multiple_bytecode_sets_bit());
}

#[test]
fn empty_file_is_truncated() {
    assert!(matches!(
        read_header(&[]),
        Err(ImageError::Truncated {
            needed: 4,
            available: 0,
            ..
        })
    ));
}

#[test]
fn file_cut_inside_the_header_is_truncated() {
    let file = file_of(&sample_header(WordSize::Bits64));
    assert!(matches!(
        read_header(&file[..100]),
        Err(ImageError::Truncated { .. })
    ));
}

#[test]
fn unknown_format_word_is_rejected_with_its_value() {
    let file = with_u32_at(file_of(&sample_header(WordSize::Bits64)), 0, 6502);
    assert!(matches!(
        read_header(&file),
        Err(ImageError::UnknownFormat { format: 6502 })
    ));
}

#[test]
fn byte_swapped_format_word_reports_big_endian_image() {
    let file = with_u32_at(
        file_of(&sample_header(WordSize::Bits64)),
        0,
        FORMAT_SPUR_64.swap_bytes(),
    );
    assert!(matches!(
        read_header(&file),
        Err(ImageError::BigEndianUnsupported {
            format: FORMAT_SPUR_64
        })
    ));
}

#[test]
fn header_size_that_does_not_match_the_word_size_is_rejected() {
    let file = with_u32_at(file_of(&sample_header(WordSize::Bits64)), 4, 64);
    assert!(matches!(
        read_header(&file),
        Err(ImageError::HeaderSizeMismatch {
            expected: 128,
            found: 64
        })
    ));
}

#[test]
fn data_size_larger_than_the_file_is_rejected() {
    let header = sample_header(WordSize::Bits64);
    let file = file_of(&header);
    assert!(matches!(
        read_header(&file[..file.len() - 8]),
        Err(ImageError::DataSizeExceedsFile {
            data_size: 32,
            available: 24
        })
    ));
}

#[test]
fn misaligned_old_base_address_is_rejected() {
    let header = ImageHeader {
        old_base_address: 0x10_0004,
        ..sample_header(WordSize::Bits64)
    };
    assert!(matches!(
        read_header(&file_of(&header)),
        Err(ImageError::MisalignedAddress { .. })
    ));
}
