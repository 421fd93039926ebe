//! The full GC's mark bitmap: a side table with one bit per 8-byte word of
//! old space, so marking never writes object headers and the compactor can
//! skip dead space and find the dense prefix by scanning bits, not objects.
//!
//! ```text
//! old space:  | A (3 words) | dead (2) | B (2) | ...
//! bits:         1 1 1         0 0        1 1
//! ```
//! An object is marked when the bit of its header word (its oop address) is
//! set; once the marker has scanned it, the bits of its whole chunk (overflow
//! word included) are set, so a run of ones is a run of live chunks and
//! `live_words_before` counts the live words that precede an address within
//! its 64-word block (the compactor's forwarding uses that).

#[cfg(test)]
mod tests;

use crate::memory::ZeroedWords;

/// Words of old space one bitmap word covers (and the compactor's block size).
pub(crate) const WORDS_PER_BLOCK: u64 = 64;

/// One mark bit per word of `[base, base + 8 × 64 × words.len())`.
pub(crate) struct MarkBitmap {
    base: u64,
    words: ZeroedWords,
}

impl MarkBitmap {
    /// An all-clear bitmap covering `[base, limit)` (8-byte aligned).
    pub(crate) fn covering(base: u64, limit: u64) -> MarkBitmap {
        let heap_words = limit.saturating_sub(base) / 8;
        MarkBitmap {
            base,
            words: ZeroedWords::new(heap_words.div_ceil(WORDS_PER_BLOCK) as usize),
        }
    }

    /// True if the bitmap starts at `base` and covers `[base, limit)` with
    /// at most twice the blocks needed (so a shrunken heap gets a new one).
    pub(crate) fn fits(&self, base: u64, limit: u64) -> bool {
        let needed = (limit.saturating_sub(base) / 8).div_ceil(WORDS_PER_BLOCK) as usize;
        self.base == base && self.words.len() >= needed && self.words.len() <= 2 * needed.max(1)
    }

    /// Unmarks everything.
    pub(crate) fn clear(&mut self) {
        self.words.fill(0);
    }

    /// Number of 64-word blocks covered.
    pub(crate) fn block_count(&self) -> usize {
        self.words.len()
    }

    /// The block (bitmap word index) holding `address`.
    #[inline(always)]
    pub(crate) fn block_of(&self, address: u64) -> usize {
        ((address - self.base) / (8 * WORDS_PER_BLOCK)) as usize
    }

    /// First address of `block`.
    #[inline(always)]
    pub(crate) fn block_start(&self, block: usize) -> u64 {
        self.base + block as u64 * 8 * WORDS_PER_BLOCK
    }

    #[inline(always)]
    fn bit_of(&self, address: u64) -> (usize, u64) {
        let word = (address - self.base) / 8;
        (
            (word / WORDS_PER_BLOCK) as usize,
            1 << (word % WORDS_PER_BLOCK),
        )
    }

    /// True if the word at `address` is marked.
    #[inline(always)]
    pub(crate) fn is_marked(&self, address: u64) -> bool {
        let (index, bit) = self.bit_of(address);
        self.words[index] & bit != 0
    }

    /// Marks the word at `address`; answers true if it was not marked before.
    #[inline(always)]
    pub(crate) fn mark(&mut self, address: u64) -> bool {
        let (index, bit) = self.bit_of(address);
        let word = &mut self.words[index];
        let was_clear = *word & bit == 0;
        *word |= bit;
        was_clear
    }

    /// Marks every word of `[start, end)` (`start < end`, both 8-aligned).
    #[inline]
    pub(crate) fn mark_range(&mut self, start: u64, end: u64) {
        let first = (start - self.base) / 8;
        let last = (end - self.base) / 8 - 1;
        let (first_index, last_index) = (
            (first / WORDS_PER_BLOCK) as usize,
            (last / WORDS_PER_BLOCK) as usize,
        );
        let low_mask = !0u64 << (first % WORDS_PER_BLOCK);
        let high_mask = !0u64 >> (WORDS_PER_BLOCK - 1 - last % WORDS_PER_BLOCK);
        if first_index == last_index {
            self.words[first_index] |= low_mask & high_mask;
            return;
        }
        self.words[first_index] |= low_mask;
        if last_index > first_index + 1 {
            // Only large objects cover whole blocks: no call to `memset` else.
            self.words[first_index + 1..last_index].fill(!0);
        }
        self.words[last_index] |= high_mask;
    }

    /// The first marked address in `[from, limit)`, or `limit` if none.
    #[inline(always)]
    pub(crate) fn next_marked(&self, from: u64, limit: u64) -> u64 {
        if from < limit && self.is_marked(from) {
            return from; // the common case in a run of live chunks
        }
        self.next_with(from, limit, |word| word)
    }

    /// The first unmarked address in `[from, limit)`, or `limit` if none.
    pub(crate) fn next_unmarked(&self, from: u64, limit: u64) -> u64 {
        self.next_with(from, limit, |word| !word)
    }

    /// The first address in `[from, limit)` whose bit is set in `view(word)`.
    #[inline(always)]
    fn next_with(&self, from: u64, limit: u64, view: impl Fn(u64) -> u64) -> u64 {
        if from >= limit {
            return limit;
        }
        let first = (from - self.base) / 8;
        let mut index = (first / WORDS_PER_BLOCK) as usize;
        let mut bits = view(self.words[index]) & (!0u64 << (first % WORDS_PER_BLOCK));
        let last_index = self.block_of(limit - 8);
        loop {
            if bits != 0 {
                let found = self.block_start(index) + 8 * u64::from(bits.trailing_zeros());
                return found.min(limit);
            }
            index += 1;
            if index > last_index {
                return limit;
            }
            bits = view(self.words[index]);
        }
    }

    /// The highest marked address in `[floor, limit)`, if any.
    pub(crate) fn last_marked_in(&self, floor: u64, limit: u64) -> Option<u64> {
        if floor >= limit {
            return None;
        }
        let last = (limit - 8 - self.base) / 8;
        let mut index = (last / WORDS_PER_BLOCK) as usize;
        let mut bits =
            self.words[index] & (!0u64 >> (WORDS_PER_BLOCK - 1 - last % WORDS_PER_BLOCK));
        let first_index = self.block_of(floor);
        loop {
            if bits != 0 {
                let found = self.block_start(index) + 8 * u64::from(63 - bits.leading_zeros());
                return (found >= floor).then_some(found);
            }
            if index == first_index {
                return None;
            }
            index -= 1;
            bits = self.words[index];
        }
    }

    /// The highest marked address in `block`, if any.
    #[inline(always)]
    pub(crate) fn last_marked_in_block(&self, block: usize) -> Option<u64> {
        let word = self.words[block];
        (word != 0).then(|| self.block_start(block) + 8 * u64::from(63 - word.leading_zeros()))
    }

    /// Bytes marked in `[start, end)` (block-aligned; words the bitmap does
    /// not cover count as unmarked).
    pub(crate) fn live_bytes_in(&self, start: u64, end: u64) -> u64 {
        let block_bytes = 8 * WORDS_PER_BLOCK;
        let first =
            ((start.saturating_sub(self.base) / block_bytes) as usize).min(self.words.len());
        let last = ((end.saturating_sub(self.base) / block_bytes) as usize).min(self.words.len());
        let words = self.words[first..last.max(first)].iter();
        8 * words.map(|word| u64::from(word.count_ones())).sum::<u64>()
    }

    /// The marked words from `address` (included) to the end of its block.
    #[inline(always)]
    pub(crate) fn live_words_from(&self, address: u64) -> u64 {
        let (index, bit) = self.bit_of(address);
        u64::from((self.words[index] & !(bit - 1)).count_ones())
    }

    /// The marked words before `address` in its block.
    #[inline(always)]
    pub(crate) fn live_words_before(&self, address: u64) -> u64 {
        let (index, bit) = self.bit_of(address);
        u64::from((self.words[index] & (bit - 1)).count_ones())
    }
}
