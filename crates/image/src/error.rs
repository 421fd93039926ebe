//! `ImageError`: every way reading or writing an image file can fail, each naming
//! the problem and, where there is one, the byte offset in the file.

use std::fmt;

/// A malformed image file, an unsupported one, or a failed write.
///
/// `file_offset` fields are byte offsets from the start of the file; for a
/// pointer problem they locate the slot holding the bad pointer.
#[derive(Debug)]
#[non_exhaustive]
pub enum ImageError {
    /// The file ends before a field that must be there.
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed from the start of the file.
        needed: u64,
        /// Bytes the file has.
        available: u64,
    },
    /// The first four bytes are not a Spur image format this crate reads.
    UnknownFormat {
        /// The format word as read (little-endian).
        format: u32,
    },
    /// The format word is a known one byte-swapped: a big-endian image.
    BigEndianUnsupported {
        /// The format it stands for once swapped.
        format: u32,
    },
    /// The header-size field disagrees with the word size of the format.
    HeaderSizeMismatch {
        /// Size required by the format (64 or 128).
        expected: u32,
        /// Size stored in the header.
        found: u32,
    },
    /// The data-size field claims more bytes than follow the header.
    DataSizeExceedsFile {
        /// Data size stored in the header.
        data_size: u64,
        /// Bytes actually following the header.
        available: u64,
    },
    /// An address that must be 8-byte aligned is not.
    MisalignedAddress {
        /// Which address.
        what: &'static str,
        /// Its value.
        address: u64,
    },
    /// A segment is smaller than its bridge or not a multiple of 8 bytes.
    BadSegmentSize {
        /// File offset of the segment.
        file_offset: u64,
        /// The size read for it.
        size: u64,
    },
    /// A segment runs past the end of the image data.
    SegmentExceedsData {
        /// File offset of the segment.
        file_offset: u64,
        /// The size read for it.
        size: u64,
        /// Bytes of image data left at that offset.
        remaining: u64,
    },
    /// The segment chain ends (next size 0) before the data size is used up.
    SegmentChainEndsEarly {
        /// File offset just after the last segment.
        file_offset: u64,
        /// Data bytes never claimed by a segment.
        unclaimed_bytes: u64,
    },
    /// The segment chain claims more segments than the data can hold.
    SegmentChainTooLong {
        /// File offset where the data ends but the chain continues.
        file_offset: u64,
    },
    /// A segment bridge is neither a bridge header nor an overflow word.
    BadBridge {
        /// File offset of the bridge.
        file_offset: u64,
    },
    /// Saved or relocated addresses overflow 64 bits.
    AddressOverflow {
        /// File offset of the segment or object concerned.
        file_offset: u64,
    },
    /// An object's size runs past the end of its segment.
    ObjectOverrunsSegment {
        /// File offset of the object.
        file_offset: u64,
    },
    /// An overflow size word is not followed by a header saying "overflow".
    BadOverflowHeader {
        /// File offset of the overflow word.
        file_offset: u64,
    },
    /// An object has a format that no object may have (6, 8, or a padding
    /// count the word size cannot hold).
    InvalidFormat {
        /// File offset of the object header.
        file_offset: u64,
        /// The 5-bit format.
        format: u8,
    },
    /// A pointer does not fall inside any segment of the image.
    PointerOutsideImage {
        /// File offset of the slot.
        file_offset: u64,
        /// The pointer (saved address).
        pointer: u64,
    },
    /// A pointer lands inside an image segment but not on an object header.
    PointerIntoObject {
        /// File offset of the slot.
        file_offset: u64,
        /// The pointer (saved address).
        pointer: u64,
    },
    /// A pointer refers to a free chunk or a bridge.
    PointerToFreeChunk {
        /// File offset of the slot.
        file_offset: u64,
        /// The pointer (saved address).
        pointer: u64,
    },
    /// A slot holds a tag pattern that is no immediate (64-bit tags 3, 5, 6, 7).
    InvalidImmediate {
        /// File offset of the slot.
        file_offset: u64,
        /// The raw word.
        value: u64,
    },
    /// A compiled method's header is not a SmallInteger, or names more literals
    /// than the method holds.
    BadMethodHeader {
        /// File offset of the method object header.
        file_offset: u64,
    },
    /// A forwarder is empty, forwards to an immediate, or forwarders form a cycle.
    BadForwarder {
        /// File offset of the forwarder.
        file_offset: u64,
    },
    /// One of the fixed first objects (nil, false, true, free lists, hidden
    /// roots) is missing or has the wrong shape.
    BadRootObject {
        /// Which object.
        what: &'static str,
        /// File offset where it was expected.
        file_offset: u64,
    },
    /// An object's class index has no class in the class table.
    UnknownClassIndex {
        /// File offset of the object header (for a converted 32-bit image:
        /// its offset in the converted 64-bit space).
        file_offset: u64,
        /// The class index.
        class_index: u32,
    },
    /// The base address asked of the loader is unusable.
    BadTargetBase {
        /// The address asked for.
        target_base: u64,
    },
    /// A write request is inconsistent (the reason says how).
    BadWriteRequest {
        /// What is wrong.
        reason: &'static str,
    },
    /// The underlying writer failed.
    Io(std::io::Error),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImageError::*;
        match self {
            Truncated { what, needed, available } => write!(
                f,
                "image file truncated: {what} needs {needed} bytes, file has {available}"
            ),
            UnknownFormat { format } => write!(f, "unknown image format {format}"),
            BigEndianUnsupported { format } => {
                write!(f, "big-endian images are not supported (format {format} byte-swapped)")
            }
            HeaderSizeMismatch { expected, found } => {
                write!(f, "header size {found} is wrong for this format (expected {expected})")
            }
            DataSizeExceedsFile { data_size, available } => write!(
                f,
                "data size {data_size} is larger than the {available} bytes after the header"
            ),
            MisalignedAddress { what, address } => {
                write!(f, "{what} {address:#x} is not 8-byte aligned")
            }
            BadSegmentSize { file_offset, size } => {
                write!(f, "segment at offset {file_offset} has impossible size {size}")
            }
            SegmentExceedsData { file_offset, size, remaining } => write!(
                f,
                "segment at offset {file_offset} of size {size} exceeds the {remaining} data bytes left"
            ),
            SegmentChainEndsEarly { file_offset, unclaimed_bytes } => write!(
                f,
                "segment chain ends at offset {file_offset} leaving {unclaimed_bytes} data bytes unclaimed"
            ),
            SegmentChainTooLong { file_offset } => {
                write!(f, "segment chain continues past the image data at offset {file_offset}")
            }
            BadBridge { file_offset } => write!(f, "bad segment bridge at offset {file_offset}"),
            AddressOverflow { file_offset } => {
                write!(f, "addresses overflow 64 bits at offset {file_offset}")
            }
            ObjectOverrunsSegment { file_offset } => {
                write!(f, "object at offset {file_offset} runs past the end of its segment")
            }
            BadOverflowHeader { file_offset } => write!(
                f,
                "overflow size word at offset {file_offset} is not followed by an overflow header"
            ),
            InvalidFormat { file_offset, format } => {
                write!(f, "object at offset {file_offset} has invalid format {format}")
            }
            PointerOutsideImage { file_offset, pointer } => write!(
                f,
                "slot at offset {file_offset} points outside the image ({pointer:#x})"
            ),
            PointerIntoObject { file_offset, pointer } => write!(
                f,
                "slot at offset {file_offset} points into the middle of an object ({pointer:#x})"
            ),
            PointerToFreeChunk { file_offset, pointer } => write!(
                f,
                "slot at offset {file_offset} points at a free chunk or bridge ({pointer:#x})"
            ),
            InvalidImmediate { file_offset, value } => {
                write!(f, "slot at offset {file_offset} holds an invalid immediate {value:#x}")
            }
            BadMethodHeader { file_offset } => {
                write!(f, "compiled method at offset {file_offset} has a bad header")
            }
            BadForwarder { file_offset } => {
                write!(f, "forwarder at offset {file_offset} is empty, cyclic or forwards to an immediate")
            }
            BadRootObject { what, file_offset } => {
                write!(f, "{what} missing or malformed at offset {file_offset}")
            }
            UnknownClassIndex { file_offset, class_index } => write!(
                f,
                "object at offset {file_offset} has class index {class_index}, which is not in the class table"
            ),
            BadTargetBase { target_base } => {
                write!(f, "target base address {target_base:#x} is unusable")
            }
            BadWriteRequest { reason } => write!(f, "bad image write request: {reason}"),
            Io(error) => write!(f, "writing image: {error}"),
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Io(error) => Some(error),
            _ => None,
        }
    }
}

impl From<std::io::Error> for ImageError {
    fn from(error: std::io::Error) -> Self {
        ImageError::Io(error)
    }
}
