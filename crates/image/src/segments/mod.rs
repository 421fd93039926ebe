//! The segment chain of an image file (reference §1.4) and the map from saved
//! addresses to offsets in the concatenated object space.
//!
//! ```text
//! file:  | header | segment 0 ............. |bridge| segment 1 ...... |bridge|
//!                                           16 bytes: [bridge word][next size]
//! saved: oldBase ──► [segment 0 objects][bridge] <span gap> [segment 1 objects][bridge]
//! space: [segment 0 objects][segment 1 objects]       (bridges and gaps removed)
//! ```
//! The bridge word is either a bridge header (numSlots byte 0, class index 3:
//! no gap) or an overflow word (top byte 0xFF) whose count × word size is the gap
//! to the next segment. The second word is the next segment's size, 0 for the
//! last. Every segment consumes at least 16 file bytes, so the chain always ends.

use crate::bytes::read_u64;
use crate::error::ImageError;
use crate::header::{ImageHeader, WordSize};
use stvm_object_model::class_index;

/// Bytes of the bridge that ends every segment in a file.
pub const BRIDGE_BYTES: u64 = 16;

/// One segment as found in the file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SavedSegment {
    /// File offset of the segment's first byte.
    pub file_offset: u64,
    /// Saved address of the segment's first byte.
    pub saved_start: u64,
    /// Size in bytes including the trailing bridge.
    pub size: u64,
}

impl SavedSegment {
    /// Bytes of objects (the size without the bridge).
    pub const fn object_bytes(&self) -> u64 {
        self.size - BRIDGE_BYTES
    }
}

/// Walks the segment chain of `bytes` (a whole file) described by `header`.
pub fn read_segments(bytes: &[u8], header: &ImageHeader) -> Result<Vec<SavedSegment>, ImageError> {
    let data_end = header.data_start() + header.data_size;
    let mut segments = Vec::new();
    let mut file_offset = header.data_start();
    let mut saved_start = header.old_base_address;
    let mut size = header.first_segment_size;
    loop {
        let segment = check_segment(file_offset, saved_start, size, data_end)?;
        segments.push(segment);
        let segment_end = file_offset + size;
        let (span, next_size) = read_bridge(bytes, segment_end - BRIDGE_BYTES, header.word_size)?;
        if next_size == 0 {
            if segment_end != data_end {
                return Err(ImageError::SegmentChainEndsEarly {
                    file_offset: segment_end,
                    unclaimed_bytes: data_end - segment_end,
                });
            }
            return Ok(segments);
        }
        if segment_end == data_end {
            return Err(ImageError::SegmentChainTooLong {
                file_offset: segment_end,
            });
        }
        saved_start = saved_start
            .checked_add(size)
            .and_then(|end| end.checked_add(span))
            .ok_or(ImageError::AddressOverflow {
                file_offset: segment_end,
            })?;
        file_offset = segment_end;
        size = next_size;
    }
}

fn check_segment(
    file_offset: u64,
    saved_start: u64,
    size: u64,
    data_end: u64,
) -> Result<SavedSegment, ImageError> {
    if size < BRIDGE_BYTES || !size.is_multiple_of(8) {
        return Err(ImageError::BadSegmentSize { file_offset, size });
    }
    let remaining = data_end - file_offset;
    if size > remaining {
        return Err(ImageError::SegmentExceedsData {
            file_offset,
            size,
            remaining,
        });
    }
    if saved_start.checked_add(size).is_none() {
        return Err(ImageError::AddressOverflow { file_offset });
    }
    Ok(SavedSegment {
        file_offset,
        saved_start,
        size,
    })
}

/// The gap after a segment and the size of the next one, from its bridge.
fn read_bridge(
    bytes: &[u8],
    bridge_offset: u64,
    word_size: WordSize,
) -> Result<(u64, u64), ImageError> {
    let offset = bridge_offset as usize;
    let bridge_word = read_u64(bytes, offset, "segment bridge")?;
    let next_size = read_u64(bytes, offset + 8, "segment bridge")?;
    let bad = ImageError::BadBridge {
        file_offset: bridge_offset,
    };
    let span = match bridge_word >> 56 {
        0 if bridge_word & 0x3F_FFFF == class_index::SEGMENT_BRIDGE as u64 => 0,
        0xFF => {
            let count = match word_size {
                WordSize::Bits32 => bridge_word & 0xFFFF_FFFF,
                WordSize::Bits64 => bridge_word & 0x00FF_FFFF_FFFF_FFFF,
            };
            count.checked_mul(word_size.bytes()).ok_or(bad)?
        }
        _ => return Err(bad),
    };
    Ok((span, next_size))
}

/// One segment placed in the concatenated object space.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MappedSegment {
    /// Saved address of its first object byte.
    pub saved_start: u64,
    /// Bytes of objects.
    pub object_bytes: u64,
    /// File offset of its first byte.
    pub file_offset: u64,
    /// Offset of its first byte in the concatenated space.
    pub space_offset: u64,
}

/// Saved address ↔ space offset ↔ file offset, for the segments of one file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SegmentMap {
    entries: Vec<MappedSegment>,
    total_object_bytes: u64,
}

impl SegmentMap {
    /// Lays the segments' objects end to end, dropping bridges and gaps.
    pub fn new(segments: &[SavedSegment]) -> SegmentMap {
        let mut space_offset = 0;
        let entries = segments
            .iter()
            .map(|segment| {
                let mapped = MappedSegment {
                    saved_start: segment.saved_start,
                    object_bytes: segment.object_bytes(),
                    file_offset: segment.file_offset,
                    space_offset,
                };
                space_offset += segment.object_bytes();
                mapped
            })
            .collect();
        SegmentMap {
            entries,
            total_object_bytes: space_offset,
        }
    }

    /// The segments in file order.
    pub fn segments(&self) -> &[MappedSegment] {
        &self.entries
    }

    /// Bytes of objects in all segments.
    pub const fn total_object_bytes(&self) -> u64 {
        self.total_object_bytes
    }

    /// The space offset of a saved address inside some segment's objects.
    #[inline]
    pub fn space_offset_of(&self, saved: u64) -> Option<u64> {
        let entry = match self.entries.as_slice() {
            [only] => only,
            entries => {
                let after = entries.partition_point(|entry| entry.saved_start <= saved);
                entries.get(after.checked_sub(1)?)?
            }
        };
        let within = saved.checked_sub(entry.saved_start)?;
        (within < entry.object_bytes).then_some(entry.space_offset + within)
    }

    /// The file offset of a space offset (for error messages).
    pub fn file_offset_of(&self, space_offset: u64) -> u64 {
        let after = self
            .entries
            .partition_point(|entry| entry.space_offset <= space_offset);
        match after
            .checked_sub(1)
            .and_then(|index| self.entries.get(index))
        {
            Some(entry) => entry.file_offset + (space_offset - entry.space_offset),
            None => space_offset,
        }
    }
}

#[cfg(test)]
mod tests;
