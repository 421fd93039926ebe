//! Where each live object of old space goes in a compaction, kept off the
//! heap so the compactor never writes forwarding addresses into objects and
//! can update references and move objects in one pass.
//!
//! Sliding keeps live words in order, so within a 64-word block of the mark
//! bitmap the live words usually stay contiguous: the block records where its
//! first live word goes (`bases`), and a word's new address is that plus 8 ×
//! the live words before it in the block (a popcount of the bitmap word):
//!
//! ```text
//! block:     | A A . . B B B . | (. dead)   base = A's destination
//! new B  =   base + 8 × popcount(bits before B) = base + 16
//! ```
//! When a jump breaks that (the cursor skips past a pinned object or to the
//! next segment in the middle of a block), the objects that do not follow
//! the formula are recorded as exceptions, flagged by bit 0 of the block's
//! base (bases are 8-aligned). Pinned objects are exceptions mapping to
//! themselves. Addresses below `prefix_end` (the dense prefix) and in the
//! regions selective compaction keeps (see `regions`) never move.
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use super::mark_bitmap::MarkBitmap;
use super::regions::KeptRegions;
use crate::memory::ZeroedWords;

/// Bit 0 of a block's base: some object in the block is an exception.
const HAS_EXCEPTIONS: u64 = 1;

/// New addresses of the live objects of old space.
pub(crate) struct Forwarding {
    marks: MarkBitmap,
    prefix_end: u64,
    /// Per block: the new address of its first live word (0: not yet known),
    /// `| HAS_EXCEPTIONS` when `exceptions` holds some of its objects.
    bases: ZeroedWords,
    /// Oop address → new oop address, for objects the block formula misses.
    exceptions: HashMap<u64, u64>,
    /// Regions whose objects stay where they are.
    kept: KeptRegions,
}

impl Forwarding {
    /// A table where nothing below `prefix_end` moves and nothing above it
    /// is known yet; `marks` is the full extent of every live chunk.
    #[cfg(test)]
    pub(crate) fn new(marks: MarkBitmap, prefix_end: u64) -> Forwarding {
        let bases = ZeroedWords::new(marks.block_count());
        Forwarding::with_bases(marks, bases, prefix_end, KeptRegions::none())
    }

    /// As `new`, reusing `bases` (all zero, at least one word per block),
    /// with the objects of the `kept` regions staying in place.
    pub(crate) fn with_bases(
        marks: MarkBitmap,
        bases: ZeroedWords,
        prefix_end: u64,
        kept: KeptRegions,
    ) -> Forwarding {
        debug_assert!(bases.len() >= marks.block_count());
        Forwarding {
            bases,
            marks,
            prefix_end,
            exceptions: HashMap::new(),
            kept,
        }
    }

    /// True if the object at `oop` lies in a region selective compaction keeps.
    #[inline(always)]
    pub(crate) fn is_kept(&self, oop: u64) -> bool {
        self.kept.contains(oop)
    }

    /// Gives back the mark bitmap and the (now dirty) block bases.
    pub(crate) fn into_tables(self) -> (MarkBitmap, ZeroedWords) {
        (self.marks, self.bases)
    }

    /// The mark bitmap the table reads.
    pub(crate) fn marks(&self) -> &MarkBitmap {
        &self.marks
    }

    /// Addresses below this do not move.
    pub(crate) fn prefix_end(&self) -> u64 {
        self.prefix_end
    }

    /// Records that the live chunk `[chunk, end)`, whose oop is at `oop`,
    /// moves to `destination`. Chunks must be recorded in address order.
    pub(crate) fn record_move(&mut self, chunk: u64, oop: u64, end: u64, destination: u64) {
        if !self.follows_block_formula(chunk, destination) {
            self.add_exception(oop, destination + (oop - chunk));
        }
        self.record_run(chunk, end, destination);
    }

    /// True if the live words from `chunk` can move to `destination` as the
    /// block formula says (or the block has no formula yet).
    #[inline(always)]
    pub(crate) fn follows_block_formula(&self, chunk: u64, destination: u64) -> bool {
        let base = self.bases[self.marks.block_of(chunk)] & !HAS_EXCEPTIONS;
        base == 0 || base + 8 * self.marks.live_words_before(chunk) == destination
    }

    /// Records that the live words of `[chunk, end)` (chunks back to back
    /// but for dead words in `chunk`'s block) move, in order and without
    /// gaps, to `destination`; they must follow the block formula.
    #[inline]
    pub(crate) fn record_run(&mut self, chunk: u64, end: u64, destination: u64) {
        let block = self.marks.block_of(chunk);
        if self.bases[block] & !HAS_EXCEPTIONS == 0 {
            self.bases[block] |= destination - 8 * self.marks.live_words_before(chunk);
        }
        let last_block = self.marks.block_of(end - 8);
        if last_block > block {
            let next_block_start = self.marks.block_start(block + 1);
            let next_destination = destination + 8 * self.marks.live_words_from(chunk);
            for later in block + 1..=last_block {
                self.bases[later] =
                    next_destination + (self.marks.block_start(later) - next_block_start);
            }
        }
    }

    /// Records a live pinned object: it stays at `oop`.
    pub(crate) fn record_pinned(&mut self, oop: u64) {
        self.add_exception(oop, oop);
    }

    fn add_exception(&mut self, oop: u64, new_oop: u64) {
        let block = self.marks.block_of(oop);
        self.bases[block] |= HAS_EXCEPTIONS;
        self.exceptions.insert(oop, new_oop);
    }

    /// The new address of the live object at `oop` (an old-space address).
    #[inline(always)]
    pub(crate) fn new_address(&self, oop: u64) -> u64 {
        if oop < self.prefix_end || self.kept.contains(oop) {
            return oop;
        }
        let base = self.bases[self.marks.block_of(oop)];
        if base & HAS_EXCEPTIONS != 0 {
            if let Some(new_oop) = self.exceptions.get(&oop) {
                return *new_oop;
            }
        }
        (base & !HAS_EXCEPTIONS) + 8 * self.marks.live_words_before(oop)
    }
}
