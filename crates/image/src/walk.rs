//! Stepping from one object to the next in saved 32- or 64-bit Spur object bytes
//! (reference §2.3–2.4), with every size checked against the segment's end.
//!
//! ```text
//!  [overflow word: 0xFF << 56 | count]   only when the numSlots byte is 255
//!  [8-byte header]  ◄── the oop points here
//!  [slots: 64-bit: 8 × max(n,1) bytes; 32-bit: 4 × roundUpEven(max(n,1)) bytes]
//! ```
//! On 32-bit the overflow count is the low u32 of the overflow word.

use crate::bytes::get_u64;
use crate::header::WordSize;
use stvm_object_model::header::OVERFLOW_SLOTS;
use stvm_object_model::ObjectHeader;

/// One object found by a walk; offsets are into the walked byte slice.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ObjectSpan {
    /// First byte (the overflow word if there is one).
    pub start: u64,
    /// Offset of the 8-byte header (where an oop points).
    pub header_offset: u64,
    /// The header word.
    pub header: ObjectHeader,
    /// Real slot count (from the overflow word when present).
    pub num_slots: u64,
    /// Offset just past the object.
    pub end: u64,
}

impl ObjectSpan {
    /// Offset of slot 0.
    pub const fn body_offset(&self) -> u64 {
        self.header_offset + 8
    }
}

/// Why the bytes at some offset are not an object.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalkFault {
    /// The object's size runs past the limit.
    Overrun,
    /// An overflow word not followed by an overflow header.
    BadOverflowHeader,
}

/// The object starting at `position`, which must end by `limit`.
pub fn object_at(
    bytes: &[u8],
    position: u64,
    limit: u64,
    word_size: WordSize,
) -> Result<ObjectSpan, WalkFault> {
    let limit = limit.min(bytes.len() as u64);
    let first = word_at(bytes, position, limit)?;
    let (header_offset, num_slots) = if first >> 56 == OVERFLOW_SLOTS {
        let header_offset = position + 8;
        let header = word_at(bytes, header_offset, limit)?;
        if header >> 56 != OVERFLOW_SLOTS {
            return Err(WalkFault::BadOverflowHeader);
        }
        (header_offset, overflow_count(first, word_size))
    } else {
        (position, first >> 56)
    };
    let header = ObjectHeader(word_at(bytes, header_offset, limit)?);
    let body_bytes = body_bytes(num_slots, word_size, limit - header_offset)?;
    let end = header_offset + 8 + body_bytes;
    if end > limit {
        return Err(WalkFault::Overrun);
    }
    Ok(ObjectSpan {
        start: position,
        header_offset,
        header,
        num_slots,
        end,
    })
}

fn word_at(bytes: &[u8], offset: u64, limit: u64) -> Result<u64, WalkFault> {
    if offset.checked_add(8).is_none_or(|end| end > limit) {
        return Err(WalkFault::Overrun);
    }
    get_u64(bytes, offset as usize).ok_or(WalkFault::Overrun)
}

fn overflow_count(word: u64, word_size: WordSize) -> u64 {
    match word_size {
        WordSize::Bits32 => word & 0xFFFF_FFFF,
        WordSize::Bits64 => word & 0x00FF_FFFF_FFFF_FFFF,
    }
}

/// Bytes of slots for `num_slots`, or `Overrun` when they cannot fit in `room`.
fn body_bytes(num_slots: u64, word_size: WordSize, room: u64) -> Result<u64, WalkFault> {
    let slots = num_slots.max(1);
    if slots > room / word_size.bytes() + 2 {
        return Err(WalkFault::Overrun);
    }
    Ok(match word_size {
        WordSize::Bits64 => slots * 8,
        WordSize::Bits32 => slots.next_multiple_of(2) * 4,
    })
}
