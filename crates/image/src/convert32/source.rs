//! `Source32`: the 32-bit objects of a file, walked in place (no copy), and the
//! `NewOops` table that maps each 32-bit object to what replaces it.

use crate::bytes::{get_u32, get_u64};
use crate::error::ImageError;
use crate::header::WordSize;
use crate::load64::walk_error;
use crate::segments::SegmentMap;
use crate::walk::{object_at, ObjectSpan};
use stvm_object_model::header::OVERFLOW_SLOTS;
use stvm_object_model::Oop;

/// One object met by a walk of the 32-bit source.
#[derive(Clone, Copy, Debug)]
pub struct Visit {
    /// The object, at file offsets.
    pub span: ObjectSpan,
    /// 0 for nil, 1 for false, …
    pub ordinal: usize,
    /// Offset of its header in the concatenated 32-bit object space.
    pub space_offset: u64,
}

/// The 32-bit objects of an image file.
pub struct Source32<'a> {
    /// The whole file.
    pub file: &'a [u8],
    /// Its segments.
    pub map: &'a SegmentMap,
}

impl Source32<'_> {
    /// Calls `visit` on every object in address order.
    pub fn for_each_object(
        &self,
        mut visit: impl FnMut(&Visit) -> Result<(), ImageError>,
    ) -> Result<(), ImageError> {
        let mut ordinal = 0;
        for segment in self.map.segments() {
            let end = segment.file_offset + segment.object_bytes;
            let mut position = segment.file_offset;
            while position < end {
                let span = object_at(self.file, position, end, WordSize::Bits32)
                    .map_err(|fault| walk_error(fault, position))?;
                let space_offset =
                    segment.space_offset + (span.header_offset - segment.file_offset);
                visit(&Visit {
                    span,
                    ordinal,
                    space_offset,
                })?;
                ordinal += 1;
                position = span.end;
            }
        }
        Ok(())
    }

    /// The object whose header is at saved address `saved`, if any.
    pub fn object_at_saved(&self, saved: u64) -> Option<ObjectSpan> {
        self.object_with_header_at(self.map.file_offset_of(self.map.space_offset_of(saved)?))
    }

    /// The object whose header is at `file_offset`, if any.
    pub fn object_with_header_at(&self, file_offset: u64) -> Option<ObjectSpan> {
        let header = get_u64(self.file, file_offset as usize)?;
        let start = if header >> 56 == OVERFLOW_SLOTS {
            file_offset.checked_sub(8)?
        } else {
            file_offset
        };
        let span = object_at(self.file, start, self.file.len() as u64, WordSize::Bits32).ok()?;
        (span.header_offset == file_offset).then_some(span)
    }

    /// Slot `index` (a 32-bit word) of `span`.
    pub fn slot(&self, span: &ObjectSpan, index: u64) -> Option<u32> {
        (index < span.num_slots)
            .then(|| get_u32(self.file, (span.body_offset() + index * 4) as usize))?
    }
}

/// What each 32-bit object header offset (in the concatenated 32-bit space)
/// turned into: a relocated 64-bit oop, an immediate, or a marker.
pub struct NewOops {
    entries: Vec<u64>,
}

impl NewOops {
    /// No object starts here.
    pub const NONE: u64 = 0;
    /// A forwarder not yet resolved.
    pub const FORWARDER: u64 = 1;
    /// A dropped free chunk or bridge: nothing may point here.
    pub const DROPPED: u64 = 3;

    /// A table for a 32-bit space of `space_bytes` bytes.
    pub fn for_space_bytes(space_bytes: u64) -> NewOops {
        NewOops {
            entries: vec![Self::NONE; space_bytes.div_ceil(8) as usize],
        }
    }

    /// Records what the object at `space_offset` became.
    pub fn set(&mut self, space_offset: u64, value: u64) {
        if let Some(entry) = self.entries.get_mut((space_offset / 8) as usize) {
            *entry = value;
        }
    }

    /// What the object at `space_offset` became (`NONE` if none starts there).
    #[inline]
    pub fn get(&self, space_offset: u64) -> u64 {
        if !space_offset.is_multiple_of(8) {
            return Self::NONE;
        }
        self.entries
            .get((space_offset / 8) as usize)
            .copied()
            .unwrap_or(Self::NONE)
    }

    /// The 64-bit oop for the 32-bit oop `word` found in the slot at `file_offset`.
    #[inline]
    pub fn convert_oop(
        &self,
        map: &SegmentMap,
        word: u32,
        file_offset: u64,
    ) -> Result<u64, ImageError> {
        match word & 3 {
            1 | 3 => Ok(Oop::small_integer_unchecked(i64::from(word as i32 >> 1)).bits()),
            2 => Ok((u64::from(word >> 2) << 3) | 2),
            _ => self.convert_pointer(map, u64::from(word), file_offset),
        }
    }

    fn convert_pointer(
        &self,
        map: &SegmentMap,
        pointer: u64,
        file_offset: u64,
    ) -> Result<u64, ImageError> {
        let offset = map
            .space_offset_of(pointer)
            .ok_or(ImageError::PointerOutsideImage {
                file_offset,
                pointer,
            })?;
        match self.get(offset) {
            Self::NONE => Err(ImageError::PointerIntoObject {
                file_offset,
                pointer,
            }),
            Self::DROPPED | Self::FORWARDER => Err(ImageError::PointerToFreeChunk {
                file_offset,
                pointer,
            }),
            value => Ok(value),
        }
    }
}
