//! Writing a 64-bit Spur image file from a heap's segments (reference §1.2,
//! §1.4): a 128-byte header, then each non-empty segment's objects followed by
//! a 16-byte bridge whose first word spans the gap to the next segment and
//! whose second word is the next segment's size (0 after the last).

use crate::error::ImageError;
use crate::header::{
    ImageHeader, WordSize, FORMAT_SPUR_32, FORMAT_SPUR_32_SISTA, FORMAT_SPUR_64,
    FORMAT_SPUR_64_SISTA,
};
use crate::segments::BRIDGE_BYTES;
use std::io::Write;
use stvm_object_model::header::overflow_word;
use stvm_object_model::{class_index, ObjectFormat, ObjectHeader};

/// Header fields a writer preserves from a loaded image (all default to 0).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct HeaderExtras {
    /// OSVM window size `(width << 16) + height`.
    pub saved_window_size: u64,
    /// Bytes of headroom to reserve.
    pub extra_vm_memory: u32,
    /// Desired number of stack pages.
    pub num_stack_pages: u16,
    /// Cog code zone size in KiB.
    pub cog_code_size: u16,
    /// Desired eden size in bytes.
    pub eden_bytes: u32,
    /// Maximum external semaphore table size.
    pub max_ext_semaphore_table_size: u16,
    /// PVM image version / OSVM unknown short.
    pub image_version_or_unknown_short: u16,
    /// Free old space (informational).
    pub free_old_space: u64,
}

impl HeaderExtras {
    /// The extras of a header read from a file.
    pub fn from_header(header: &ImageHeader) -> HeaderExtras {
        HeaderExtras {
            saved_window_size: header.saved_window_size,
            extra_vm_memory: header.extra_vm_memory,
            num_stack_pages: header.num_stack_pages,
            cog_code_size: header.cog_code_size,
            eden_bytes: header.eden_bytes,
            max_ext_semaphore_table_size: header.max_ext_semaphore_table_size,
            image_version_or_unknown_short: header.image_version_or_unknown_short,
            free_old_space: header.free_old_space,
        }
    }
}

/// What to write: segments of 64-bit objects at their addresses, plus header fields.
#[derive(Clone, Copy, Debug)]
pub struct ImageWriteRequest<'a> {
    /// (address of the first byte, objects without bridge), ascending; the
    /// first segment starts with nil. Empty segments are skipped.
    pub segments: &'a [(u64, &'a [u8])],
    /// Oop of the special objects array.
    pub special_objects: u64,
    /// Identity-hash seed.
    pub last_hash: u64,
    /// Header flags (§1.3), written verbatim.
    pub header_flags: u64,
    /// 68021, or 68533 when methods of the Sista V1 set are present.
    pub format: u32,
    /// Other header fields.
    pub extra: HeaderExtras,
}

/// Writes `request` as a 64-bit image file.
pub fn write_image(w: &mut impl Write, request: &ImageWriteRequest<'_>) -> Result<(), ImageError> {
    if request.format != FORMAT_SPUR_64 && request.format != FORMAT_SPUR_64_SISTA {
        return Err(ImageError::BadWriteRequest {
            reason: "format must be 68021 or 68533",
        });
    }
    write_segments(w, request)
}

/// Writes `request` in the word size its format names (32-bit for the
/// builder's hand-made 6521 images).
pub(crate) fn write_segments(
    w: &mut impl Write,
    request: &ImageWriteRequest<'_>,
) -> Result<(), ImageError> {
    let word_size = match request.format {
        FORMAT_SPUR_32 | FORMAT_SPUR_32_SISTA => WordSize::Bits32,
        _ => WordSize::Bits64,
    };
    let segments: Vec<(u64, &[u8])> = request
        .segments
        .iter()
        .copied()
        .filter(|(_, b)| !b.is_empty())
        .collect();
    check_segments(&segments, request.special_objects)?;
    let header = header_for(request, &segments, word_size)?;
    w.write_all(&header.to_bytes())?;
    for (index, &(address, objects)) in segments.iter().enumerate() {
        w.write_all(objects)?;
        let next = segments.get(index + 1).copied();
        w.write_all(&bridge_bytes(
            address,
            objects.len() as u64,
            next,
            word_size,
        ))?;
    }
    Ok(())
}

fn check_segments(segments: &[(u64, &[u8])], special_objects: u64) -> Result<(), ImageError> {
    let bad = |reason| Err(ImageError::BadWriteRequest { reason });
    if segments.is_empty() {
        return bad("no objects to write");
    }
    let mut previous_end: Option<u64> = None;
    for &(address, objects) in segments {
        if !address.is_multiple_of(8) || !objects.len().is_multiple_of(8) {
            return bad("segment address and length must be multiples of 8");
        }
        if previous_end.is_some_and(|end| address < end) {
            return bad("segments overlap or leave no room for a bridge");
        }
        let end = address.checked_add(objects.len() as u64 + BRIDGE_BYTES);
        previous_end = Some(end.ok_or(ImageError::BadWriteRequest {
            reason: "segment address overflows",
        })?);
    }
    let inside = segments.iter().any(|&(address, objects)| {
        special_objects >= address && special_objects - address < objects.len() as u64
    });
    if !special_objects.is_multiple_of(8) || !inside {
        return bad("special objects oop is not inside a segment");
    }
    Ok(())
}

fn header_for(
    request: &ImageWriteRequest<'_>,
    segments: &[(u64, &[u8])],
    word_size: WordSize,
) -> Result<ImageHeader, ImageError> {
    let data_size = segments
        .iter()
        .map(|(_, objects)| objects.len() as u64 + BRIDGE_BYTES)
        .sum();
    let extra = request.extra;
    Ok(ImageHeader {
        format: request.format,
        header_size: word_size.header_bytes(),
        data_size,
        old_base_address: segments[0].0,
        special_objects_oop: request.special_objects,
        last_hash: request.last_hash,
        saved_window_size: extra.saved_window_size,
        header_flags: request.header_flags,
        extra_vm_memory: extra.extra_vm_memory,
        num_stack_pages: extra.num_stack_pages,
        cog_code_size: extra.cog_code_size,
        eden_bytes: extra.eden_bytes,
        max_ext_semaphore_table_size: extra.max_ext_semaphore_table_size,
        image_version_or_unknown_short: extra.image_version_or_unknown_short,
        first_segment_size: segments[0].1.len() as u64 + BRIDGE_BYTES,
        free_old_space: extra.free_old_space,
        word_size,
    })
}

/// The 16 bytes after a segment: bridge word (header, or overflow word
/// spanning the gap) and the next segment's size.
fn bridge_bytes(
    address: u64,
    length: u64,
    next: Option<(u64, &[u8])>,
    word_size: WordSize,
) -> [u8; 16] {
    let bridge_end = address + length + BRIDGE_BYTES;
    let (gap, next_size) = match next {
        Some((next_address, objects)) => (
            next_address - bridge_end,
            objects.len() as u64 + BRIDGE_BYTES,
        ),
        None => (0, 0),
    };
    let format = match word_size {
        WordSize::Bits32 => ObjectFormat::WORDS32,
        WordSize::Bits64 => ObjectFormat::WORDS64,
    };
    let bridge_word = if gap == 0 {
        ObjectHeader::new(0, format, class_index::SEGMENT_BRIDGE)
            .with_pinned(true)
            .with_marked(true)
            .bits()
    } else {
        overflow_word(gap / word_size.bytes())
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&bridge_word.to_le_bytes());
    bytes[8..].copy_from_slice(&next_size.to_le_bytes());
    bytes
}

/// The bytes of an image file holding `segments`, as stvm saves every image:
/// format 68533 when some method uses the Sista V1 set (header sign bit), else
/// 68021; boxed floats little-endian; default header extras.
pub fn image_file_bytes(
    segments: &[(u64, &[u8])],
    special_objects: u64,
    last_hash: u64,
) -> Result<Vec<u8>, ImageError> {
    let request = ImageWriteRequest {
        segments,
        special_objects,
        last_hash,
        header_flags: crate::header::FLOATS_LITTLE_ENDIAN_FLAG,
        format: if segments_use_sista(segments) {
            FORMAT_SPUR_64_SISTA
        } else {
            FORMAT_SPUR_64
        },
        extra: HeaderExtras::default(),
    };
    let mut bytes = Vec::new();
    write_image(&mut bytes, &request)?;
    Ok(bytes)
}

/// True if a compiled method in `segments` selects the Sista V1 set.
fn segments_use_sista(segments: &[(u64, &[u8])]) -> bool {
    segments.iter().any(|(base, bytes)| {
        let view = crate::space::SpaceView::new(bytes, *base);
        view.objects().any(|span| {
            span.header.format().is_compiled_method()
                && crate::bytes::get_u64(bytes, span.body_offset() as usize)
                    .is_some_and(|header| (header as i64) < 0)
        })
    })
}

#[cfg(test)]
mod tests;
