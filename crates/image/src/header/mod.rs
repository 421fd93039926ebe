//! The image file header (reference §1.1–1.3): format word, byte-order probe and
//! the fixed fields that precede the heap data. Reading validates only what the
//! header alone can tell (format, header size, data size against the file length,
//! base-address alignment); the segment walk checks the rest.
//!
//! ```text
//!  off32 off64 size  field
//!    0     0    4    image format (6521 / 68021 / 68533)
//!    4     4    4    header size (64 / 128)
//!    8     8    W    data size (all segments incl. bridges)
//!   12    16    W    old base address (nil's saved address)
//!   16    24    W    special objects oop
//!   20    32    W    last hash
//!   24    40    W    saved window size
//!   28    48    W    header flags
//!   32    56    4    extra VM memory
//!   36    60    2    number of stack pages
//!   38    62    2    Cog code size (KiB)
//!   40    64    4    eden bytes
//!   44    68    2    max external semaphore table size
//!   46    70    2    image version (PVM) / the2ndUnknownShort (OSVM)
//!   48    72    W    first segment size (incl. its bridge)
//!   52    80    W    free old space
//!   56..  88..       zero padding to the header size
//! ```

use crate::bytes::{read_u16, read_u32, read_u64};
use crate::error::ImageError;

/// 32-bit Spur.
pub const FORMAT_SPUR_32: u32 = 6521;
/// 32-bit Spur with the multiple-bytecode-sets bit (not observed in the wild).
pub const FORMAT_SPUR_32_SISTA: u32 = 6521 + MULTIPLE_BYTECODE_SETS_BIT;
/// 64-bit Spur.
pub const FORMAT_SPUR_64: u32 = 68021;
/// 64-bit Spur with the multiple-bytecode-sets bit.
pub const FORMAT_SPUR_64_SISTA: u32 = 68021 + MULTIPLE_BYTECODE_SETS_BIT;
/// Format bit saying the image holds methods of the alternate (Sista V1) set.
pub const MULTIPLE_BYTECODE_SETS_BIT: u32 = 512;
/// Header flag: boxed floats are stored little-endian (platform order).
pub const FLOATS_LITTLE_ENDIAN_FLAG: u64 = 2;

/// Word size of the saved object memory.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum WordSize {
    /// 32-bit Spur (format 6521).
    Bits32,
    /// 64-bit Spur (formats 68021, 68533).
    Bits64,
}

impl WordSize {
    /// Bytes in one word (slot).
    pub const fn bytes(self) -> u64 {
        match self {
            WordSize::Bits32 => 4,
            WordSize::Bits64 => 8,
        }
    }

    /// Bytes of the file header for this word size.
    pub const fn header_bytes(self) -> u32 {
        match self {
            WordSize::Bits32 => 64,
            WordSize::Bits64 => 128,
        }
    }
}

/// Every field of a Spur image header, widened to a common type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ImageHeader {
    /// Image format number (§1.1).
    pub format: u32,
    /// Header size in bytes (64 or 128).
    pub header_size: u32,
    /// Bytes of heap data (all segments including bridges).
    pub data_size: u64,
    /// Saved address of the first segment (nil).
    pub old_base_address: u64,
    /// Saved address of the special objects array.
    pub special_objects_oop: u64,
    /// Seed of the identity-hash generator.
    pub last_hash: u64,
    /// OSVM `(width << 16) + height`; PVM writes 0.
    pub saved_window_size: u64,
    /// Header flags (§1.3); bit 1 = floats stored little-endian.
    pub header_flags: u64,
    /// Bytes of headroom to reserve.
    pub extra_vm_memory: u32,
    /// Desired number of stack pages.
    pub num_stack_pages: u16,
    /// Cog code zone size in KiB.
    pub cog_code_size: u16,
    /// Desired eden size in bytes.
    pub eden_bytes: u32,
    /// Maximum external semaphore table size (0 = default).
    pub max_ext_semaphore_table_size: u16,
    /// PVM image version / OSVM "the2ndUnknownShort", preserved verbatim.
    pub image_version_or_unknown_short: u16,
    /// Size of the first segment, including its 16-byte bridge.
    pub first_segment_size: u64,
    /// Free old space in the saved image (informational).
    pub free_old_space: u64,
    /// Word size implied by the format.
    pub word_size: WordSize,
}

impl ImageHeader {
    /// True if the format word carries the multiple-bytecode-sets bit.
    pub const fn has_multiple_bytecode_sets_bit(&self) -> bool {
        self.format & MULTIPLE_BYTECODE_SETS_BIT != 0
    }

    /// True if boxed floats in the file are in little-endian (platform) order.
    pub const fn floats_are_little_endian(&self) -> bool {
        self.header_flags & FLOATS_LITTLE_ENDIAN_FLAG != 0
    }

    /// File offset where the heap data starts.
    pub const fn data_start(&self) -> u64 {
        self.header_size as u64
    }

    /// The header as it is stored in a file of this word size
    /// (`header_size` bytes: fields then zero padding).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.header_size.max(64) as usize);
        let word = |out: &mut Vec<u8>, value: u64| match self.word_size {
            WordSize::Bits32 => out.extend_from_slice(&(value as u32).to_le_bytes()),
            WordSize::Bits64 => out.extend_from_slice(&value.to_le_bytes()),
        };
        out.extend_from_slice(&self.format.to_le_bytes());
        out.extend_from_slice(&self.header_size.to_le_bytes());
        word(&mut out, self.data_size);
        word(&mut out, self.old_base_address);
        word(&mut out, self.special_objects_oop);
        word(&mut out, self.last_hash);
        word(&mut out, self.saved_window_size);
        word(&mut out, self.header_flags);
        out.extend_from_slice(&self.extra_vm_memory.to_le_bytes());
        out.extend_from_slice(&self.num_stack_pages.to_le_bytes());
        out.extend_from_slice(&self.cog_code_size.to_le_bytes());
        out.extend_from_slice(&self.eden_bytes.to_le_bytes());
        out.extend_from_slice(&self.max_ext_semaphore_table_size.to_le_bytes());
        out.extend_from_slice(&self.image_version_or_unknown_short.to_le_bytes());
        word(&mut out, self.first_segment_size);
        word(&mut out, self.free_old_space);
        out.resize((self.header_size as usize).max(out.len()), 0);
        out
    }
}

/// The word size of a format number this crate reads, if any.
pub const fn word_size_of_format(format: u32) -> Option<WordSize> {
    match format {
        FORMAT_SPUR_32 | FORMAT_SPUR_32_SISTA => Some(WordSize::Bits32),
        FORMAT_SPUR_64 | FORMAT_SPUR_64_SISTA => Some(WordSize::Bits64),
        _ => None,
    }
}

/// Reads and checks the header at the start of `bytes` (a whole image file).
pub fn read_header(bytes: &[u8]) -> Result<ImageHeader, ImageError> {
    let format = read_u32(bytes, 0, "format word")?;
    let word_size = match word_size_of_format(format) {
        Some(word_size) => word_size,
        None if word_size_of_format(format.swap_bytes()).is_some() => {
            return Err(ImageError::BigEndianUnsupported {
                format: format.swap_bytes(),
            })
        }
        None => return Err(ImageError::UnknownFormat { format }),
    };
    let header_size = read_u32(bytes, 4, "header size")?;
    if header_size != word_size.header_bytes() {
        return Err(ImageError::HeaderSizeMismatch {
            expected: word_size.header_bytes(),
            found: header_size,
        });
    }
    let header = decode_fields(bytes, format, header_size, word_size)?;
    check_header(&header, bytes.len() as u64)?;
    Ok(header)
}

fn decode_fields(
    bytes: &[u8],
    format: u32,
    header_size: u32,
    word_size: WordSize,
) -> Result<ImageHeader, ImageError> {
    let w = word_size.bytes() as usize;
    let word_at = |offset: usize| -> Result<u64, ImageError> {
        match word_size {
            WordSize::Bits32 => read_u32(bytes, offset, "header").map(u64::from),
            WordSize::Bits64 => read_u64(bytes, offset, "header"),
        }
    };
    let word = |index: usize| word_at(8 + index * w);
    let tail = 8 + 6 * w;
    Ok(ImageHeader {
        format,
        header_size,
        data_size: word(0)?,
        old_base_address: word(1)?,
        special_objects_oop: word(2)?,
        last_hash: word(3)?,
        saved_window_size: word(4)?,
        header_flags: word(5)?,
        extra_vm_memory: read_u32(bytes, tail, "header")?,
        num_stack_pages: read_u16(bytes, tail + 4, "header")?,
        cog_code_size: read_u16(bytes, tail + 6, "header")?,
        eden_bytes: read_u32(bytes, tail + 8, "header")?,
        max_ext_semaphore_table_size: read_u16(bytes, tail + 12, "header")?,
        image_version_or_unknown_short: read_u16(bytes, tail + 14, "header")?,
        first_segment_size: word_at(tail + 16)?,
        free_old_space: word_at(tail + 16 + w)?,
        word_size,
    })
}

fn check_header(header: &ImageHeader, file_len: u64) -> Result<(), ImageError> {
    let data_start = header.data_start();
    if file_len < data_start {
        return Err(ImageError::Truncated {
            what: "header",
            needed: data_start,
            available: file_len,
        });
    }
    let available = file_len - data_start;
    if header.data_size > available {
        return Err(ImageError::DataSizeExceedsFile {
            data_size: header.data_size,
            available,
        });
    }
    if !header.old_base_address.is_multiple_of(8) {
        return Err(ImageError::MisalignedAddress {
            what: "old base address",
            address: header.old_base_address,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
