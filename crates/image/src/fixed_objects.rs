//! The five objects every Spur old space starts with (reference §1.6): nil,
//! false, true, the free-lists object and the hidden-roots object, checked for
//! the shape the loader and the heap rely on.

use crate::error::ImageError;
use crate::walk::ObjectSpan;
use stvm_object_model::class_index;

/// Header offsets of the fixed objects in the walked space.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct FixedObjects {
    /// nil (always offset 0).
    pub nil: u64,
    /// The free-lists object (fourth).
    pub free_lists: u64,
    /// The hidden-roots object (fifth).
    pub hidden_roots: u64,
}

const NAMES: [&str; 5] = [
    "nil",
    "false",
    "true",
    "free-lists object",
    "hidden-roots object",
];

/// Checks the first five objects of a space (32- or 64-bit: the free-lists
/// object may carry either word pun); `file_offset_of` maps the walked
/// offsets to the offsets errors report.
pub fn check_fixed_objects(
    first_five: &[ObjectSpan],
    file_offset_of: impl Fn(u64) -> u64,
) -> Result<FixedObjects, ImageError> {
    for (ordinal, what) in NAMES.iter().enumerate() {
        let Some(span) = first_five.get(ordinal) else {
            let after = first_five.last().map_or(0, |span| span.end);
            return Err(ImageError::BadRootObject {
                what,
                file_offset: file_offset_of(after),
            });
        };
        if !has_expected_shape(ordinal, span) {
            return Err(ImageError::BadRootObject {
                what,
                file_offset: file_offset_of(span.header_offset),
            });
        }
    }
    Ok(FixedObjects {
        nil: first_five[0].header_offset,
        free_lists: first_five[3].header_offset,
        hidden_roots: first_five[4].header_offset,
    })
}

fn has_expected_shape(ordinal: usize, span: &ObjectSpan) -> bool {
    let class = span.header.class_index();
    let format = span.header.format();
    match ordinal {
        0 => {
            span.start == span.header_offset
                && format.is_pointers()
                && class >= class_index::FIRST_VALID
        }
        1 | 2 => format.is_pointers() && class >= class_index::FIRST_VALID,
        3 => {
            (class == class_index::HIDDEN_WORDS32 || class == class_index::HIDDEN_WORDS64)
                && format.is_pure_bits()
        }
        _ => {
            class == class_index::HIDDEN_ARRAY
                && format.is_pointers()
                && span.num_slots >= u64::from(class_index::CLASS_TABLE_ROOT_SLOTS)
        }
    }
}
