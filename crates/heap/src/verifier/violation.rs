//! What the heap verifier can find wrong.
use std::fmt;

use stvm_object_model::Oop;

/// Where a bad reference was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceHolder {
    /// Slot `slot` of an object.
    Object {
        /// The object holding the reference.
        object: Oop,
        /// Its slot index.
        slot: usize,
    },
    /// A slot of the VM's root source (in visiting order).
    Root(usize),
    /// The special objects array, nil, false, true and the other well-known
    /// objects the heap holds itself.
    HeapField(&'static str),
    /// An entry of the mourn queue.
    MournQueue(usize),
}

/// One inconsistency found by [`crate::Heap::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeapViolation {
    /// A reference that is neither an immediate nor the start of an object.
    DanglingReference {
        /// Where it was found.
        holder: ReferenceHolder,
        /// The bad value.
        value: Oop,
    },
    /// An object whose class index is not a valid pun nor in the class table.
    InvalidClassIndex {
        /// The object.
        object: Oop,
        /// Its class index.
        class_index: u32,
    },
    /// An object with a format no object may have (6, 7 or 8).
    InvalidFormat {
        /// The object.
        object: Oop,
        /// Its format.
        format: u8,
    },
    /// A forwarder left in the heap (there are none between collections).
    Forwarder(Oop),
    /// An old object refers to a young one but is not in the remembered set.
    MissingRememberedEntry(Oop),
    /// A remembered-set entry that is not a remembered old object.
    InvalidRememberedEntry(Oop),
    /// An object whose remembered bit is set but which is not in the set.
    RememberedBitWithoutEntry(Oop),
    /// A young object with the remembered or pinned bit set.
    YoungObjectWithOldFlags(Oop),
    /// An object whose marked bit is still set outside a collection.
    MarkBitLeftSet(Oop),
    /// A free chunk outside old space.
    FreeChunkOutsideOldSpace(Oop),
    /// A free chunk that the free-chunk index does not know.
    UnlistedFreeChunk(Oop),
    /// A free-chunk index entry that is not a free chunk of its size.
    BadFreeListEntry {
        /// Chunk address.
        chunk: u64,
        /// Recorded size.
        bytes: u64,
    },
    /// Walking a space from its start did not end exactly at its top.
    WalkDoesNotEndAtTop {
        /// Start of the space.
        space_start: u64,
        /// Its top.
        top: u64,
        /// Where the walk ended.
        walk_end: u64,
    },
}

impl fmt::Display for ReferenceHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferenceHolder::Object { object, slot } => {
                write!(f, "slot {slot} of {:#x}", object.bits())
            }
            ReferenceHolder::Root(index) => write!(f, "root {index}"),
            ReferenceHolder::HeapField(name) => write!(f, "heap field {name}"),
            ReferenceHolder::MournQueue(index) => write!(f, "mourn queue entry {index}"),
        }
    }
}

impl fmt::Display for HeapViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapViolation::DanglingReference { holder, value } => {
                write!(f, "{holder} refers to {:#x}, not an object", value.bits())
            }
            HeapViolation::InvalidClassIndex {
                object,
                class_index,
            } => write!(
                f,
                "{:#x} has invalid class index {class_index}",
                object.bits()
            ),
            HeapViolation::InvalidFormat { object, format } => {
                write!(f, "{:#x} has invalid format {format}", object.bits())
            }
            HeapViolation::Forwarder(oop) => write!(f, "forwarder left at {:#x}", oop.bits()),
            HeapViolation::MissingRememberedEntry(oop) => {
                write!(
                    f,
                    "old {:#x} refers to a young object but is not remembered",
                    oop.bits()
                )
            }
            HeapViolation::InvalidRememberedEntry(oop) => {
                write!(
                    f,
                    "remembered-set entry {:#x} is not a remembered old object",
                    oop.bits()
                )
            }
            HeapViolation::RememberedBitWithoutEntry(oop) => {
                write!(
                    f,
                    "{:#x} has the remembered bit but is not in the set",
                    oop.bits()
                )
            }
            HeapViolation::YoungObjectWithOldFlags(oop) => {
                write!(
                    f,
                    "young {:#x} has the remembered or pinned bit",
                    oop.bits()
                )
            }
            HeapViolation::MarkBitLeftSet(oop) => write!(f, "{:#x} is still marked", oop.bits()),
            HeapViolation::FreeChunkOutsideOldSpace(oop) => {
                write!(f, "free chunk {:#x} outside old space", oop.bits())
            }
            HeapViolation::UnlistedFreeChunk(oop) => {
                write!(
                    f,
                    "free chunk {:#x} is not in the free-chunk index",
                    oop.bits()
                )
            }
            HeapViolation::BadFreeListEntry { chunk, bytes } => {
                write!(
                    f,
                    "free-chunk index entry {chunk:#x} ({bytes} bytes) is not such a chunk"
                )
            }
            HeapViolation::WalkDoesNotEndAtTop {
                space_start,
                top,
                walk_end,
            } => write!(
                f,
                "walk of space at {space_start:#x} ended at {walk_end:#x}, top is {top:#x}"
            ),
        }
    }
}
