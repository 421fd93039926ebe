//! Free chunks in old space: holes the compactor leaves before pinned objects
//! (and free chunks found in an adopted image), reused by old-space allocation.
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
use std::collections::BTreeMap;

use stvm_object_model::{header, ObjectFormat, ObjectHeader, Oop};

use crate::heap::Heap;

/// Smallest chunk: a header and one slot.
pub(crate) const MIN_CHUNK_BYTES: u64 = 16;

/// Free chunks of old space by size in bytes (chunk start addresses).
#[derive(Debug, Default, Clone)]
pub(crate) struct FreeChunks {
    by_size: BTreeMap<u64, Vec<u64>>,
    total_bytes: u64,
}

impl FreeChunks {
    /// Forgets every chunk.
    pub(crate) fn clear(&mut self) {
        self.by_size.clear();
        self.total_bytes = 0;
    }

    /// Records a chunk of `bytes` at `chunk`.
    pub(crate) fn insert(&mut self, chunk: u64, bytes: u64) {
        self.by_size.entry(bytes).or_default().push(chunk);
        self.total_bytes += bytes;
    }

    /// Removes and answers a chunk that can hold `bytes` exactly or with a
    /// remainder of at least `MIN_CHUNK_BYTES`, as `(chunk, chunk_bytes)`.
    pub(crate) fn take_fitting(&mut self, bytes: u64) -> Option<(u64, u64)> {
        let size = self
            .by_size
            .range(bytes..)
            .map(|(size, _)| *size)
            .find(|size| *size == bytes || *size >= bytes + MIN_CHUNK_BYTES)?;
        let chunks = self.by_size.get_mut(&size)?;
        let chunk = chunks.pop()?;
        if chunks.is_empty() {
            self.by_size.remove(&size);
        }
        self.total_bytes -= size;
        Some((chunk, size))
    }

    /// Total bytes in free chunks.
    pub(crate) fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Every chunk as `(chunk, bytes)`.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.by_size
            .iter()
            .flat_map(|(size, chunks)| chunks.iter().map(move |c| (*c, *size)))
    }

    /// True if `chunk` is recorded with size `bytes`.
    pub(crate) fn contains(&self, chunk: u64, bytes: u64) -> bool {
        self.by_size.get(&bytes).is_some_and(|c| c.contains(&chunk))
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

    /// True if `oop` is a free chunk recorded in the index.
    pub(crate) fn is_listed_free_chunk(&self, oop: Oop) -> bool {
        let chunk = self.chunk_start(oop);
        self.free_chunks
            .contains(chunk, self.address_after(oop) - chunk)
    }
}
