//! Pure primitives: the numbered table and the named (plugin) primitives that need
//! only the heap, the platform, the receiver and the arguments.

mod big_integer;
mod character;
mod clock;
mod console_plugin;
mod file_plugin;
mod float;
mod indexable;
mod large_integer;
mod large_integers_plugin;
mod object;
mod small_integer;
mod string;
mod support;
mod system;

pub use big_integer::BigInt;
pub use file_plugin::{FileHandle, HANDLE_BYTES};
pub use string::hash_multiply;
pub use support::{
    float_object, float_value, integer_object, integer_value, integer_value_i64,
    positive_integer_object, string_object,
};
pub use system::pharo_float_print_string;

use crate::platform::Platform;
use stvm_heap::Heap;
use stvm_object_model::Oop;

/// Failure code of a primitive, numbered as reference §10.4 (1-based index into the
/// primitive error table, special object 51).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum PrimitiveFailure {
    /// Unspecified failure.
    Generic = 1,
    /// The receiver has the wrong type or value.
    BadReceiver = 2,
    /// An argument has the wrong type or value.
    BadArgument = 3,
    /// An index is out of range.
    BadIndex = 4,
    /// Wrong number of arguments.
    BadNumberOfArguments = 5,
    /// The operation is not appropriate for the object.
    InappropriateOperation = 6,
    /// The operation is not supported.
    Unsupported = 7,
    /// The receiver is read-only.
    NoModification = 8,
    /// Not enough object memory.
    InsufficientObjectMemory = 9,
    /// Not enough C memory.
    InsufficientCMemory = 10,
    /// Something was not found.
    NotFound = 11,
    /// The method is bad.
    BadMethod = 12,
    /// Internal error in a named primitive.
    NamedInternal = 13,
    /// The object may move.
    ObjectMayMove = 14,
    /// A limit was exceeded.
    LimitExceeded = 15,
    /// The object is pinned.
    ObjectIsPinned = 16,
    /// A write would go beyond the end.
    WriteBeyondEnd = 17,
    /// The object moved.
    ObjectMoved = 18,
    /// The object is not pinned.
    ObjectNotPinned = 19,
    /// A callback failed.
    CallbackError = 20,
    /// The operating system reported an error.
    OperatingSystemError = 21,
    /// An FFI exception.
    FfiException = 22,
    /// The heap needs compaction.
    NeedCompaction = 23,
    /// The operation failed.
    OperationFailed = 24,
}

impl PrimitiveFailure {
    /// The 1-based failure code (index into the primitive error table).
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// What a primitive answers: the result oop, or why it failed.
pub type PrimitiveResult = Result<Oop, PrimitiveFailure>;

/// What a "pure" primitive sees: no frames, no processes — heap, platform, receiver, arguments.
pub struct PrimitiveCall<'a> {
    /// The object memory.
    pub heap: &'a mut Heap,
    /// The host services (files, clock, console).
    pub platform: &'a mut dyn Platform,
    /// The receiver of the primitive.
    pub receiver: Oop,
    /// The arguments, in order.
    pub arguments: &'a [Oop],
}

/// A pure primitive function.
pub type PurePrimitive = fn(&mut PrimitiveCall) -> PrimitiveResult;

/// Numbered pure primitives (None if the number is not a pure primitive).
pub fn pure_primitive(index: u16) -> Option<PurePrimitive> {
    match index {
        1..=18 => small_integer::primitive(index),
        20..=37 => large_integer::primitive(index),
        38..=59 | 541..=559 => float::primitive(index),
        60..=64 | 105 | 143..=145 | 165 | 166 => indexable::primitive(index),
        158 | 159 => string::primitive(index),
        170 | 171 => character::primitive(index),
        135 | 137 | 240 | 241 | 244 => clock::primitive(index),
        121 | 129 | 142 | 149 => system::primitive(index),
        _ => object::primitive(index),
    }
}

/// Every named primitive [`named_primitive`] resolves, by module.
pub const NAMED_PRIMITIVES: &[(&str, &[&str])] = &[
    ("LargeIntegers", large_integers_plugin::NAMES),
    ("MiscPrimitivePlugin", string::MISC_NAMES),
    ("FilePlugin", file_plugin::NAMES),
    ("StvmPrimitives", system::STVM_NAMES),
    ("ConsolePlugin", console_plugin::NAMES),
];

/// Named (plugin) pure primitives, e.g. ("FilePlugin", "primitiveFileWrite").
pub fn named_primitive(module: &str, name: &str) -> Option<PurePrimitive> {
    match module {
        "LargeIntegers" => large_integers_plugin::primitive(name),
        "MiscPrimitivePlugin" => string::misc_primitive(name),
        "FilePlugin" => file_plugin::primitive(name),
        "StvmPrimitives" => system::stvm_primitive(name),
        "ConsolePlugin" => console_plugin::primitive(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
