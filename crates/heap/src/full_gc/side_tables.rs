//! The full GC's side tables (mark bitmap, object-start bitmap, forwarding
//! block bases), kept in the heap between collections: a fresh mapping costs
//! a page fault and a zeroed page per 4 KiB on first touch, several times
//! what clearing the same words again costs. They are 3/64 of old space and
//! are made anew when old space outgrows them or shrinks to under half.
use super::mark_bitmap::MarkBitmap;
use crate::heap::Heap;
use crate::memory::ZeroedWords;

/// The tables, all clear between collections.
pub(crate) struct SideTables {
    /// Marked objects and their whole chunks.
    pub(super) marks: MarkBitmap,
    /// The first word of each live chunk.
    pub(super) starts: MarkBitmap,
    /// The forwarding table's per-block bases.
    pub(super) bases: ZeroedWords,
}

impl SideTables {
    fn covering(base: u64, limit: u64) -> SideTables {
        let marks = MarkBitmap::covering(base, limit);
        SideTables {
            starts: MarkBitmap::covering(base, limit),
            bases: ZeroedWords::new(marks.block_count()),
            marks,
        }
    }

    /// Clears every table for the next collection.
    pub(super) fn clear(&mut self) {
        self.marks.clear();
        self.starts.clear();
        self.bases.fill(0);
    }
}

impl Heap {
    /// Clear side tables covering every old-space segment: the kept ones
    /// if they still fit, else new ones.
    pub(super) fn take_side_tables(&mut self) -> SideTables {
        let limit = self
            .old_space
            .segments
            .last()
            .map_or(self.old_start, |s| s.limit);
        match self.gc_side_tables.take() {
            Some(tables) if tables.marks.fits(self.old_start, limit) => tables,
            _ => SideTables::covering(self.old_start, limit),
        }
    }

    /// Clears the tables and keeps them for the next collection.
    pub(super) fn keep_side_tables(&mut self, mut tables: SideTables) {
        tables.clear();
        self.gc_side_tables = Some(tables);
    }
}
