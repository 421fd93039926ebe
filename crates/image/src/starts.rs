//! `ObjectStarts`: a bitmap with one bit per 8-byte unit of an object space,
//! set where an object header (the address an oop may hold) begins. Lets the
//! loader check in O(1) that a pointer lands on an object and not inside one.

/// Bitmap of object-header offsets in a space.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ObjectStarts {
    bits: Vec<u64>,
}

impl ObjectStarts {
    /// An empty bitmap for a space of `space_bytes` bytes.
    pub fn for_space_bytes(space_bytes: u64) -> ObjectStarts {
        let units = space_bytes.div_ceil(8);
        ObjectStarts {
            bits: vec![0; units.div_ceil(64) as usize],
        }
    }

    /// Marks `offset` (8-byte aligned) as an object header.
    pub fn insert(&mut self, offset: u64) {
        let unit = offset / 8;
        if let Some(word) = self.bits.get_mut((unit / 64) as usize) {
            *word |= 1 << (unit % 64);
        }
    }

    /// True if an object header starts exactly at `offset`.
    #[inline]
    pub fn contains(&self, offset: u64) -> bool {
        if !offset.is_multiple_of(8) {
            return false;
        }
        let unit = offset / 8;
        self.bits
            .get((unit / 64) as usize)
            .is_some_and(|word| word & (1 << (unit % 64)) != 0)
    }
}
