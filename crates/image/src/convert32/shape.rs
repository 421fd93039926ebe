//! What a 32-bit object becomes in the 64-bit space: dropped, an immediate
//! (boxed floats that fit SmallFloat64), or a 64-bit object whose format and
//! slot count are recomputed for 8-byte words.
//!
//! | 32-bit                         | 64-bit                                          |
//! |--------------------------------|-------------------------------------------------|
//! | pointers (0–5), n slots        | same format, n slots (each widened)             |
//! | 64-bit words (9), n slots      | 9, n / 2 slots                                  |
//! | 32-bit words (10), n           | 10 + (n & 1), ⌈n/2⌉ slots                       |
//! | shorts (12–13), bytes (16–19)  | element count kept, padding recomputed          |
//! | compiled code (24–27)          | header + literals widened, bytecodes kept       |
//! | boxed float (class 34)         | SmallFloat64 immediate when it fits, else 1 slot|
//! | free chunk, bridge, forwarder  | dropped (forwarders resolved to their target)   |
//! | free-lists object (4th)        | 64 zeroed slots, class 19, format 9             |

use crate::bytes::get_u32;
use crate::error::ImageError;
use crate::space::FREE_LISTS_ORDINAL;
use crate::walk::ObjectSpan;
use stvm_object_model::{class_index, ObjectFormat, Oop};

/// Number of free lists in a 64-bit Spur heap.
pub const FREE_LISTS_64: u64 = 64;

/// How a 64-bit object's body is filled from its 32-bit original.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Body {
    /// Every 32-bit slot widened to an oop.
    Pointers,
    /// Left zero.
    Zeroed,
    /// `bytes` raw bytes copied.
    Bits {
        /// Bytes copied.
        bytes: u64,
    },
    /// Header and literals widened, then `bytecodes` bytes copied.
    Method {
        /// Number of literals.
        literals: u64,
        /// Bytes after the literal frame (bytecodes and trailer).
        bytecodes: u64,
    },
}

/// The fate of one 32-bit object.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// Not copied (free chunk, bridge or forwarder).
    Dropped,
    /// Replaced by this immediate wherever referenced.
    Immediate(u64),
    /// Copied as a 64-bit object.
    Object {
        /// Slot count in 64-bit words.
        slots: u64,
        /// 64-bit format.
        format: ObjectFormat,
        /// Class index (changed only for the free-lists object).
        class_index: u32,
        /// How to fill the body.
        body: Body,
    },
}

/// What the 32-bit object `span` (at file offsets in `file`) becomes.
pub fn shape_of(
    file: &[u8],
    span: &ObjectSpan,
    ordinal: usize,
    floats_little_endian: bool,
) -> Result<Shape, ImageError> {
    let class = span.header.class_index();
    if ordinal == FREE_LISTS_ORDINAL {
        let (slots, format) = (FREE_LISTS_64, ObjectFormat::WORDS64);
        return Ok(object(
            slots,
            format,
            class_index::HIDDEN_WORDS64,
            Body::Zeroed,
        ));
    }
    let dropped = [
        class_index::FREE,
        class_index::SEGMENT_BRIDGE,
        class_index::FORWARDED,
    ];
    if dropped.contains(&class) {
        return Ok(Shape::Dropped);
    }
    let format = span.header.format();
    let n = span.num_slots;
    match format.value() {
        0..=5 => Ok(object(n, format, class, Body::Pointers)),
        9 => Ok(object(
            n.div_ceil(2),
            format,
            class,
            Body::Bits { bytes: n * 4 },
        )),
        10 | 11 => words32_shape(file, span, floats_little_endian),
        _ => indexable_shape(file, span),
    }
}

/// 32-bit words; boxed floats that fit become immediates.
fn words32_shape(
    file: &[u8],
    span: &ObjectSpan,
    floats_little_endian: bool,
) -> Result<Shape, ImageError> {
    let class = span.header.class_index();
    let unused = u64::from(span.header.format().value() & 1);
    let count = span
        .num_slots
        .checked_sub(unused)
        .ok_or_else(|| invalid_format(span))?;
    if class == class_index::BOXED_FLOAT && count == 2 {
        if let Some(immediate) = small_float_of(file, span, floats_little_endian) {
            return Ok(Shape::Immediate(immediate));
        }
    }
    Ok(bits(ObjectFormat::WORDS32, count, 4, class))
}

/// Shorts, bytes and compiled code: element counts kept, padding recomputed.
fn indexable_shape(file: &[u8], span: &ObjectSpan) -> Result<Shape, ImageError> {
    let class = span.header.class_index();
    let format = span.header.format();
    let n = span.num_slots;
    let count = |per_word| element_count(n, per_word, format).ok_or_else(|| invalid_format(span));
    match format.value() {
        12..=15 => Ok(bits(ObjectFormat::WORDS16, count(2)?, 2, class)),
        16..=23 => Ok(bits(ObjectFormat::BYTES, count(4)?, 1, class)),
        24..=31 => method_shape(file, span, count(4)?),
        _ => Err(invalid_format(span)),
    }
}

fn invalid_format(span: &ObjectSpan) -> ImageError {
    ImageError::InvalidFormat {
        file_offset: span.header_offset,
        format: span.header.format().value(),
    }
}

fn object(slots: u64, format: ObjectFormat, class_index: u32, body: Body) -> Shape {
    Shape::Object {
        slots,
        format,
        class_index,
        body,
    }
}

fn bits(base: ObjectFormat, count: u64, element_bytes: u64, class: u32) -> Shape {
    let (format, slots) = base.for_element_count(count);
    object(
        slots,
        format,
        class,
        Body::Bits {
            bytes: count * element_bytes,
        },
    )
}

/// Elements of a 32-bit object of `n` slots with `per_word` elements per word,
/// minus the unused ones the format's low bits count (which must fit in a word).
fn element_count(n: u64, per_word: u64, format: ObjectFormat) -> Option<u64> {
    let padding_mask = if per_word == 2 { 3 } else { 7 };
    let unused = u64::from(format.value() & padding_mask);
    if unused >= per_word {
        return None;
    }
    (n * per_word).checked_sub(unused)
}

fn method_shape(file: &[u8], span: &ObjectSpan, body_bytes: u64) -> Result<Shape, ImageError> {
    let bad = ImageError::BadMethodHeader {
        file_offset: span.header_offset,
    };
    let header = method_header_32(file, span).ok_or(bad)?;
    let literals = u64::from((header >> 1) & 0x7FFF);
    let literal_bytes = (literals + 1) * 4;
    let bytecodes = body_bytes
        .checked_sub(literal_bytes)
        .ok_or(ImageError::BadMethodHeader {
            file_offset: span.header_offset,
        })?;
    let (format, slots) =
        ObjectFormat::COMPILED_METHOD.for_element_count((literals + 1) * 8 + bytecodes);
    Ok(object(
        slots,
        format,
        span.header.class_index(),
        Body::Method {
            literals,
            bytecodes,
        },
    ))
}

/// The raw (tagged) 32-bit header word of a compiled method, if it is a SmallInteger.
pub fn method_header_32(file: &[u8], span: &ObjectSpan) -> Option<u32> {
    let word = (span.num_slots > 0).then(|| get_u32(file, span.body_offset() as usize))??;
    (word & 1 == 1).then_some(word)
}

/// The SmallFloat64 for a 32-bit boxed float, if its value fits one.
fn small_float_of(file: &[u8], span: &ObjectSpan, floats_little_endian: bool) -> Option<u64> {
    let body = span.body_offset() as usize;
    let first = u64::from(get_u32(file, body)?);
    let second = u64::from(get_u32(file, body + 4)?);
    let bits = if floats_little_endian {
        (second << 32) | first
    } else {
        (first << 32) | second
    };
    Oop::small_float(f64::from_bits(bits)).map(Oop::bits)
}
