//! Sweeping the kept extents of selective compaction (see `regions`): each
//! run of dead words inside an extent (dead objects and old free chunks
//! alike, so neighbours coalesce) becomes one free chunk in the index. An
//! extent starts and ends with a live object, so no run reaches a segment's
//! top (the compactor lowers tops).
//!
//! ```text
//! before:  |A|x|y|B|free|x|C|      (x, y dead)
//! after:   |A|fr.|B|free..|C|
//! ```
use super::mark_bitmap::MarkBitmap;
use crate::heap::Heap;

impl Heap {
    /// Sweeps the kept `extents` (`(chunk, end)` pairs); `marks` covers
    /// exactly the live chunks, none of which moved inside them.
    pub(super) fn sweep_extents(&mut self, extents: &[(u64, u64)], marks: &MarkBitmap) {
        for &(start, end) in extents {
            let mut position = start;
            loop {
                let dead = marks.next_unmarked(position, end);
                if dead >= end {
                    break;
                }
                let live = marks.next_marked(dead, end);
                debug_assert!(live < end, "an extent ends with a live object");
                self.add_free_chunk(dead, live - dead);
                position = live;
            }
        }
    }
}
