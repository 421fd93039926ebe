//! Typed errors of the object memory.
use std::fmt;

/// Why a heap operation could not be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeapError {
    /// The address range could not be reserved.
    ReservationFailed {
        /// Bytes asked for.
        bytes: u64,
    },
    /// Memory inside the reservation could not be committed.
    CommitFailed {
        /// First address.
        address: u64,
        /// Bytes asked for.
        bytes: u64,
    },
    /// The heap cannot grow enough to hold a new object.
    OutOfMemory {
        /// Bytes the allocation needed.
        bytes: u64,
    },
    /// An object of this many slots is larger than Spur allows.
    TooManySlots {
        /// Slots asked for.
        slots: u64,
    },
    /// The class table has no free index left.
    ClassTableFull,
    /// An object given as a class does not look like one.
    NotAClass,
    /// The old space handed to `adopt_old_space` is malformed.
    MalformedOldSpace(String),
}

impl fmt::Display for HeapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapError::ReservationFailed { bytes } => {
                write!(f, "cannot reserve {bytes} bytes of address space")
            }
            HeapError::CommitFailed { address, bytes } => {
                write!(f, "cannot commit {bytes} bytes at {address:#x}")
            }
            HeapError::OutOfMemory { bytes } => write!(f, "out of memory allocating {bytes} bytes"),
            HeapError::TooManySlots { slots } => write!(f, "an object cannot have {slots} slots"),
            HeapError::ClassTableFull => write!(f, "the class table is full"),
            HeapError::NotAClass => write!(f, "object is not a class"),
            HeapError::MalformedOldSpace(why) => write!(f, "malformed old space: {why}"),
        }
    }
}

impl std::error::Error for HeapError {}

/// Why a checked store into an object was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The object is read-only.
    ReadOnly,
    /// The index is outside the object.
    IndexOutOfBounds,
    /// The object holds no oops (bits or compiled code bytes).
    NotPointers,
    /// The receiver is an immediate.
    Immediate,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            StoreError::ReadOnly => "object is read-only",
            StoreError::IndexOutOfBounds => "index out of bounds",
            StoreError::NotPointers => "object does not hold pointers",
            StoreError::Immediate => "immediates have no slots",
        };
        f.write_str(text)
    }
}

impl std::error::Error for StoreError {}
