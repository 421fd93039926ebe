//! `SpaceView`: bounds-checked, read-only access to a loaded 64-bit old space
//! (objects laid out from `base`, first object nil). Used to validate what the
//! loader produced (every class index names a class) and to summarise an image.
//! Every accessor answers `None` rather than reading out of bounds, so a view
//! over arbitrary bytes is safe.

use crate::bytes::get_u64;
use crate::error::ImageError;
use crate::header::WordSize;
use crate::walk::{object_at, ObjectSpan};
use stvm_object_model::class_index;
use stvm_object_model::header::OVERFLOW_SLOTS;

/// Ordinal of the hidden-roots object in old space (§1.6).
pub const HIDDEN_ROOTS_ORDINAL: usize = 4;
/// Ordinal of the free-lists object in old space (§1.6).
pub const FREE_LISTS_ORDINAL: usize = 3;

/// A read-only view of 64-bit objects laid out from `base`.
#[derive(Clone, Copy, Debug)]
pub struct SpaceView<'a> {
    bytes: &'a [u8],
    base: u64,
}

impl<'a> SpaceView<'a> {
    /// A view of `bytes` whose first byte sits at address `base`.
    pub fn new(bytes: &'a [u8], base: u64) -> SpaceView<'a> {
        SpaceView { bytes, base }
    }

    /// Address of the first byte (nil).
    pub const fn base(&self) -> u64 {
        self.base
    }

    /// The bytes viewed.
    pub const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Offset of an address inside the space.
    pub fn offset_of(&self, oop: u64) -> Option<u64> {
        let offset = oop.checked_sub(self.base)?;
        (offset < self.bytes.len() as u64).then_some(offset)
    }

    /// The object whose header is at `oop`.
    pub fn object(&self, oop: u64) -> Option<ObjectSpan> {
        let offset = self.offset_of(oop)?;
        let header = get_u64(self.bytes, offset as usize)?;
        let start = if header >> 56 == OVERFLOW_SLOTS {
            offset.checked_sub(8)?
        } else {
            offset
        };
        let span = object_at(self.bytes, start, self.bytes.len() as u64, WordSize::Bits64).ok()?;
        (span.header_offset == offset).then_some(span)
    }

    /// Slot `index` of the object at `oop`.
    pub fn slot(&self, oop: u64, index: u64) -> Option<u64> {
        let span = self.object(oop)?;
        (index < span.num_slots)
            .then(|| get_u64(self.bytes, (span.body_offset() + index * 8) as usize))?
    }

    /// The bytes of a byte-indexable object (format 16–23), padding excluded.
    pub fn byte_contents(&self, oop: u64) -> Option<&'a [u8]> {
        let span = self.object(oop)?;
        let format = span.header.format();
        if !format.is_bytes() {
            return None;
        }
        let start = span.body_offset() as usize;
        let len = format.element_count(span.num_slots) as usize;
        self.bytes.get(start..start.checked_add(len)?)
    }

    /// Every object in address order (stops at the first malformed one).
    pub fn objects(&self) -> impl Iterator<Item = ObjectSpan> + 'a {
        let bytes = self.bytes;
        let mut position = 0u64;
        std::iter::from_fn(move || {
            let span = object_at(bytes, position, bytes.len() as u64, WordSize::Bits64).ok()?;
            position = span.end;
            Some(span)
        })
    }

    /// The oop of the `ordinal`-th object (0 = nil).
    pub fn nth_object(&self, ordinal: usize) -> Option<u64> {
        self.objects()
            .nth(ordinal)
            .map(|span| self.base + span.header_offset)
    }

    /// The hidden-roots object (fifth object).
    pub fn hidden_roots(&self) -> Option<u64> {
        self.nth_object(HIDDEN_ROOTS_ORDINAL)
    }

    /// The class-table pages: for each of the 4096 page slots, the page's oop
    /// when it is an object other than nil.
    pub fn class_table_pages(&self) -> Vec<Option<u64>> {
        let nil = self.base;
        let roots = self.hidden_roots();
        (0..class_index::CLASS_TABLE_ROOT_SLOTS as u64)
            .map(|page| {
                let oop = self.slot(roots?, page)?;
                (oop & 7 == 0 && oop != nil && self.object(oop).is_some()).then_some(oop)
            })
            .collect()
    }

    /// The class at `index` of the class table, unless absent or nil.
    pub fn class_at_index(&self, index: u32) -> Option<u64> {
        let roots = self.hidden_roots()?;
        let page = self.slot(
            roots,
            u64::from(index >> class_index::CLASS_TABLE_MAJOR_SHIFT),
        )?;
        let class = self.slot(
            page,
            u64::from(index & (class_index::CLASS_TABLE_PAGE_SIZE - 1)),
        )?;
        (class & 7 == 0 && class != self.base).then_some(class)
    }
}

/// Checks that every object whose class index is a real class (≥ 32) finds a
/// non-nil class in the class table. `file_offset_of` maps a space offset to
/// the offset reported in the error.
pub fn check_class_indices(
    view: &SpaceView<'_>,
    file_offset_of: impl Fn(u64) -> u64,
) -> Result<(), ImageError> {
    let pages: Vec<Option<(u64, u64)>> = view
        .class_table_pages()
        .into_iter()
        .map(|page| {
            page.and_then(|oop| view.object(oop))
                .map(|s| (s.body_offset(), s.num_slots))
        })
        .collect();
    for span in view.objects() {
        let index = span.header.class_index();
        if index < class_index::FIRST_VALID || has_class(view, &pages, index) {
            continue;
        }
        return Err(ImageError::UnknownClassIndex {
            file_offset: file_offset_of(span.header_offset),
            class_index: index,
        });
    }
    Ok(())
}

fn has_class(view: &SpaceView<'_>, pages: &[Option<(u64, u64)>], index: u32) -> bool {
    let major = (index >> class_index::CLASS_TABLE_MAJOR_SHIFT) as usize;
    let minor = u64::from(index & (class_index::CLASS_TABLE_PAGE_SIZE - 1));
    let Some(Some((body, slots))) = pages.get(major) else {
        return false;
    };
    if minor >= *slots {
        return false;
    }
    get_u64(view.bytes(), (body + minor * 8) as usize)
        .is_some_and(|class| class & 7 == 0 && class != view.base())
}

#[cfg(test)]
mod tests;
