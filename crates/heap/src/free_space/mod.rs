//! Free chunks in old space: holes the compactor leaves before pinned objects,
//! the dead runs the full GC sweeps in the regions it does not compact (see
//! `full_gc::regions`), and free chunks found in an adopted image; reused by
//! old-space allocation.
//!
//! A free chunk is a Spur object of class index 0, format 0, whose slots cover
//! the hole (with an overflow word when it has 255 slots or more), so heap walks
//! step over it like any object. The index of free chunks lives on the Rust side
//! (`FreeChunks`, sizes to addresses); the free-lists object in the heap is kept
//! as a valid hidden 64-slot object whose slots are zero (Spur rebuilds its
//! lists on load, so nothing depends on their contents).
//!
//! Invariant: every free chunk in old space is in the index, and every index
//! entry is a free chunk of exactly that size. A chunk is never 8 bytes: the
//! smallest object is 16, and allocation never leaves an 8-byte remainder.
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use stvm_object_model::{header, ObjectFormat, ObjectHeader, Oop};

use crate::heap::Heap;

/// Smallest chunk: a header and one slot.
pub(crate) const MIN_CHUNK_BYTES: u64 = 16;

/// Chunks smaller than this many words have an exact-size list each.
const SMALL_LIST_WORDS: u64 = 64;

/// Free chunks of old space by size: an exact list per small size (as
/// Spur's free lists, with a bit mask of the non-empty ones), and a map by
/// size in bytes for the rest (chunk start addresses).
#[derive(Debug, Clone)]
pub(crate) struct FreeChunks {
    /// `small[w]`: chunks of exactly `w` words (`w` < 64).
    small: Vec<Vec<u64>>,
    /// Bit `w` set when `small[w]` is not empty.
    small_mask: u64,
    large: BTreeMap<u64, Vec<u64>>,
    total_bytes: u64,
}

impl Default for FreeChunks {
    fn default() -> Self {
        FreeChunks {
            small: vec![Vec::new(); SMALL_LIST_WORDS as usize],
            small_mask: 0,
            large: BTreeMap::new(),
            total_bytes: 0,
        }
    }
}

impl FreeChunks {
    /// Forgets every chunk.
    pub(crate) fn clear(&mut self) {
        self.small.iter_mut().for_each(Vec::clear);
        self.small_mask = 0;
        self.large.clear();
        self.total_bytes = 0;
    }

    /// Records a chunk of `bytes` at `chunk`.
    #[inline]
    pub(crate) fn insert(&mut self, chunk: u64, bytes: u64) {
        let words = bytes / 8;
        if words < SMALL_LIST_WORDS {
            self.small[words as usize].push(chunk);
            self.small_mask |= 1 << words;
        } else {
            self.large.entry(bytes).or_default().push(chunk);
        }
        self.total_bytes += bytes;
    }

    /// Removes and answers a chunk that can hold `bytes` exactly or with a
    /// remainder of at least `MIN_CHUNK_BYTES`, as `(chunk, chunk_bytes)`:
    /// the smallest such size (an exact small size costs a pop).
    pub(crate) fn take_fitting(&mut self, bytes: u64) -> Option<(u64, u64)> {
        let words = bytes / 8;
        if words < SMALL_LIST_WORDS {
            let exact = self.small_mask & (1 << words);
            let larger_sizes = (!0u64)
                .checked_shl((words + MIN_CHUNK_BYTES / 8) as u32)
                .unwrap_or(0);
            let larger = self.small_mask & larger_sizes;
            let candidates = if exact != 0 { exact } else { larger };
            if candidates != 0 {
                return Some(self.take_small(u64::from(candidates.trailing_zeros())));
            }
        }
        let size = self
            .large
            .range(bytes..)
            .map(|(size, _)| *size)
            .find(|size| *size == bytes || *size >= bytes + MIN_CHUNK_BYTES)?;
        let chunks = self.large.get_mut(&size)?;
        let chunk = chunks.pop()?;
        if chunks.is_empty() {
            self.large.remove(&size);
        }
        self.total_bytes -= size;
        Some((chunk, size))
    }

    /// Pops a chunk of `words` words from its (non-empty) small list.
    fn take_small(&mut self, words: u64) -> (u64, u64) {
        let list = &mut self.small[words as usize];
        let chunk = list.pop().unwrap_or_default();
        if list.is_empty() {
            self.small_mask &= !(1 << words);
        }
        self.total_bytes -= 8 * words;
        (chunk, 8 * words)
    }

    /// Total bytes in free chunks.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Every chunk as `(chunk, bytes)`.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let small = self
            .small
            .iter()
            .enumerate()
            .flat_map(|(words, chunks)| chunks.iter().map(move |c| (*c, 8 * words as u64)));
        let large = self
            .large
            .iter()
            .flat_map(|(size, chunks)| chunks.iter().map(move |c| (*c, *size)));
        small.chain(large)
    }
}

impl Heap {
    /// Turns `[chunk, chunk + bytes)` of old space into a free chunk and records it.
    pub(crate) fn add_free_chunk(&mut self, chunk: u64, bytes: u64) {
        debug_assert!(bytes >= MIN_CHUNK_BYTES && bytes.is_multiple_of(8));
        self.write_free_chunk_header(chunk, bytes);
        self.free_chunks.insert(chunk, bytes);
    }

    /// Writes the header of a free chunk. Chunks of 2048 bytes or more use an
    /// overflow word (whose count may then be 254, as Spur allows), so every
    /// size from 16 bytes up in steps of 8 is representable.
    fn write_free_chunk_header(&mut self, chunk: u64, bytes: u64) {
        let plain_slots = bytes / 8 - 1;
        let oop = if plain_slots < header::OVERFLOW_SLOTS {
            self.write_header_at(chunk, plain_slots, ObjectFormat::ZERO_SIZED, 0)
        } else {
            let slots = plain_slots - 1;
            self.memory.write_u64(chunk, header::overflow_word(slots));
            let free = ObjectHeader::new(header::OVERFLOW_SLOTS, ObjectFormat::ZERO_SIZED, 0);
            self.memory.write_u64(chunk + 8, free.bits());
            Oop::from_address(chunk + 8)
        };
        self.memory.write_u64(oop.address() + 8, 0);
    }

    /// Takes `bytes` from a free chunk, returning the rest to the index.
    pub(crate) fn allocate_from_free_chunks(&mut self, bytes: u64) -> Option<u64> {
        let (chunk, size) = self.free_chunks.take_fitting(bytes)?;
        if size > bytes {
            self.add_free_chunk(chunk + bytes, size - bytes);
        }
        Some(chunk)
    }

    /// Rebuilds the free-chunk index by walking old space (after adopting one).
    pub(crate) fn rebuild_free_chunks(&mut self) {
        self.free_chunks.clear();
        let mut found = Vec::new();
        for segment in &self.old_space.segments {
            let mut chunk = segment.start;
            while chunk < segment.top {
                let oop = self.object_starting_at(chunk);
                let next = self.address_after(oop);
                if next > segment.top {
                    break;
                }
                if self.header(oop).is_free() {
                    found.push((chunk, next - chunk));
                }
                chunk = next;
            }
        }
        for (chunk, bytes) in found {
            self.free_chunks.insert(chunk, bytes);
        }
    }

    /// Bytes of old space held in free chunks.
    pub fn free_chunk_bytes(&self) -> u64 {
        self.free_chunks.total_bytes()
    }

    /// The index's chunks as a set of `(chunk, bytes)` (for the verifier).
    pub(crate) fn listed_free_chunks(&self) -> std::collections::HashSet<(u64, u64)> {
        self.free_chunks.iter().collect()
    }
}
