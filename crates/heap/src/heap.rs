//! The `Heap` value: the reserved memory, its spaces, and the well-known objects
//! every Spur heap starts with (nil, false, true, the free-lists object and the
//! hidden-roots object, in that order at the start of old space).
use stvm_object_model::{
    class_index, header, layout::hidden_roots, ObjectFormat, ObjectHeader, Oop,
};

use std::collections::VecDeque;

use crate::config::HeapConfig;
use crate::error::HeapError;
use crate::free_space::FreeChunks;
use crate::full_gc::SideTables;
use crate::memory::Memory;
use crate::space::{NewSpace, OldSpace, Space};
use crate::statistics::HeapStatistics;

/// Number of free lists in the free-lists object (64-bit Spur).
pub const NUM_FREE_LISTS: usize = 64;

/// A Spur 64-bit object memory.
pub struct Heap {
    pub(crate) memory: Memory,
    pub(crate) config: HeapConfig,
    pub(crate) new_space: NewSpace,
    pub(crate) old_space: OldSpace,
    pub(crate) nil: Oop,
    pub(crate) false_object: Oop,
    pub(crate) true_object: Oop,
    pub(crate) free_lists: Oop,
    pub(crate) hidden_roots: Oop,
    pub(crate) special_objects: Oop,
    pub(crate) last_hash: u64,
    pub(crate) remembered_set: Vec<Oop>,
    pub(crate) needs_scavenge: bool,
    pub(crate) next_free_class_index: u32,
    pub(crate) statistics: HeapStatistics,
    /// Free chunks of old space (see `free_space`).
    pub(crate) free_chunks: FreeChunks,
    /// Ephemerons whose keys died, waiting for primitive 172 (see `mourning`).
    pub(crate) mourn_queue: VecDeque<Oop>,
    /// Set when mourners were queued; taken by the interpreter.
    pub(crate) finalization_signal: bool,
    /// Scavenges survived by each object in the survivor spaces (see `scavenge`).
    pub(crate) survivor_ages: Vec<u8>,
    /// First address of new space (cached: tested on every pointer store).
    pub(crate) young_start: u64,
    /// Bytes of new space; young addresses are `[young_start, young_start + young_bytes)`.
    pub(crate) young_bytes: u64,
    /// First address of old space (cached).
    pub(crate) old_start: u64,
    /// The full GC's side tables, kept clear between collections.
    pub(crate) gc_side_tables: Option<SideTables>,
}

impl Heap {
    /// A fresh heap holding only nil, false, true, the free-lists object, the
    /// hidden-roots object and class-table page 0. Their class indices are
    /// placeholders until the bootstrap calls `set_class_index_of`.
    pub fn new(config: HeapConfig) -> Result<Heap, HeapError> {
        let mut heap = Heap::with_empty_old_space(config)?;
        heap.add_old_segment(heap.config.old_segment_bytes)?;
        heap.nil = heap.allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::ZERO_SIZED, 0)?;
        heap.false_object =
            heap.allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::ZERO_SIZED, 0)?;
        heap.true_object =
            heap.allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::ZERO_SIZED, 0)?;
        heap.free_lists = heap.allocate_old(
            class_index::HIDDEN_WORDS64,
            ObjectFormat::WORDS64,
            NUM_FREE_LISTS,
        )?;
        heap.hidden_roots = heap.allocate_old(
            class_index::HIDDEN_ARRAY,
            ObjectFormat::INDEXABLE,
            hidden_roots::NUM_SLOTS,
        )?;
        // Objects allocated before nil existed were filled with the zero word; fix them.
        let nil = heap.nil;
        heap.fill_pointers(heap.hidden_roots, nil);
        heap.special_objects = nil;
        let page = heap.new_class_table_page()?;
        heap.store_pointer(heap.hidden_roots, 0, page);
        Ok(heap)
    }

    /// A heap with new space ready and no old space, waiting for
    /// [`Heap::adopt_old_space`] (image loading). Old space will start at
    /// [`Heap::old_space_start`].
    pub fn with_empty_old_space(config: HeapConfig) -> Result<Heap, HeapError> {
        let memory = Memory::reserve(config.base_address, config.reserved_bytes)?;
        let base = memory.base();
        let new_space_bytes = config.new_space_bytes();
        if new_space_bytes >= config.reserved_bytes {
            return Err(HeapError::ReservationFailed {
                bytes: new_space_bytes,
            });
        }
        memory.commit(base, new_space_bytes)?;
        let eden = Space::new(base, base + config.eden_bytes);
        let past = Space::new(eden.limit, eden.limit + config.survivor_bytes);
        let future = Space::new(past.limit, past.limit + config.survivor_bytes);
        let scavenge_threshold =
            base + config.eden_bytes * config.scavenge_threshold_percent.min(100) / 100;
        Ok(Heap {
            memory,
            new_space: NewSpace {
                eden,
                past,
                future,
                scavenge_threshold,
            },
            old_space: OldSpace::default(),
            nil: Oop(0),
            false_object: Oop(0),
            true_object: Oop(0),
            free_lists: Oop(0),
            hidden_roots: Oop(0),
            special_objects: Oop(0),
            last_hash: config.hash_seed,
            remembered_set: Vec::new(),
            needs_scavenge: false,
            next_free_class_index: class_index::FIRST_UNRESERVED,
            statistics: HeapStatistics::default(),
            free_chunks: FreeChunks::default(),
            mourn_queue: VecDeque::new(),
            finalization_signal: false,
            survivor_ages: vec![0; (2 * config.survivor_bytes / 8) as usize],
            young_start: base,
            young_bytes: future.limit - base,
            old_start: base + new_space_bytes,
            gc_side_tables: None,
            config,
        })
    }

    /// Where old space begins (the address nil has in a loaded image).
    #[inline(always)]
    pub fn old_space_start(&self) -> u64 {
        self.old_start
    }

    /// The configuration the heap was made with.
    pub fn config(&self) -> &HeapConfig {
        &self.config
    }

    /// True if the heap lives at the base address its configuration asked for.
    pub fn is_at_requested_base(&self) -> bool {
        self.memory.is_at_requested_base()
    }

    /// Adds an old-space segment of at least `min_bytes`: in the lowest gap
    /// released segments left, else after the last one. Segments stay sorted
    /// by address; answers the new segment's index.
    pub(crate) fn add_old_segment(&mut self, min_bytes: u64) -> Result<usize, HeapError> {
        let bytes = min_bytes
            .max(self.config.old_segment_bytes)
            .checked_next_multiple_of(4096)
            .ok_or(HeapError::OutOfMemory { bytes: min_bytes })?;
        let (index, start) = self.place_for_segment(bytes);
        let limit = start
            .checked_add(bytes)
            .filter(|l| *l <= self.memory.limit());
        let limit = limit.ok_or(HeapError::OutOfMemory { bytes: min_bytes })?;
        self.memory.commit(start, bytes)?;
        self.old_space
            .segments
            .insert(index, Space::new(start, limit));
        Ok(index)
    }

    /// Where a segment of `bytes` goes: (index in the list, start address).
    fn place_for_segment(&self, bytes: u64) -> (usize, u64) {
        let mut gap_start = self.old_space_start();
        for (index, segment) in self.old_space.segments.iter().enumerate() {
            if segment.start >= gap_start + bytes {
                return (index, gap_start);
            }
            gap_start = segment.limit;
        }
        (self.old_space.segments.len(), gap_start)
    }

    /// Takes over an old space made elsewhere (by the image loader): `bytes` are
    /// 64-bit Spur objects already relocated to [`Heap::old_space_start`], starting
    /// with nil, false, true, the free-lists object and the hidden-roots object.
    pub fn adopt_old_space(
        &mut self,
        bytes: &[u8],
        special_objects: Oop,
        last_hash: u64,
    ) -> Result<(), HeapError> {
        if !self.old_space.segments.is_empty() {
            return Err(HeapError::MalformedOldSpace(
                "old space is not empty".into(),
            ));
        }
        if !bytes.len().is_multiple_of(8) {
            return Err(HeapError::MalformedOldSpace(
                "length is not a multiple of 8".into(),
            ));
        }
        let length = bytes.len() as u64;
        self.add_old_segment(length + self.config.old_segment_bytes)?;
        let start = self.old_space_start();
        self.memory
            .slice_mut(start, bytes.len())
            .copy_from_slice(bytes);
        self.old_space.segments[0].top = start + length;
        self.clear_gc_bits_of_adopted_objects()?;
        self.rebuild_free_chunks();
        let first_five = self.first_objects(start, start + length, 5)?;
        [
            self.nil,
            self.false_object,
            self.true_object,
            self.free_lists,
            self.hidden_roots,
        ] = [
            first_five[0],
            first_five[1],
            first_five[2],
            first_five[3],
            first_five[4],
        ];
        if self.header(self.hidden_roots).class_index() != class_index::HIDDEN_ARRAY
            || self.num_slots(self.hidden_roots) < hidden_roots::CLASS_TABLE_PAGES
        {
            return Err(HeapError::MalformedOldSpace(
                "fifth object is not the hidden-roots object".into(),
            ));
        }
        self.special_objects = special_objects;
        self.last_hash = last_hash;
        self.next_free_class_index = class_index::FIRST_UNRESERVED;
        Ok(())
    }

    /// The first `count` objects of `[start, end)`, checking that each fits.
    fn first_objects(&self, start: u64, end: u64, count: usize) -> Result<Vec<Oop>, HeapError> {
        let mut objects = Vec::with_capacity(count);
        let mut chunk = start;
        while objects.len() < count {
            if chunk + 16 > end {
                return Err(HeapError::MalformedOldSpace(format!(
                    "fewer than {count} objects"
                )));
            }
            let oop = self.object_starting_at(chunk);
            let next = self.address_after(oop);
            if next > end {
                return Err(HeapError::MalformedOldSpace(format!(
                    "object at {:#x} runs past the end",
                    oop.0
                )));
            }
            objects.push(oop);
            chunk = next;
        }
        Ok(objects)
    }

    /// Writes a fresh header (and overflow word) for an object at `chunk`.
    pub(crate) fn write_header_at(
        &mut self,
        chunk: u64,
        num_slots: u64,
        format: ObjectFormat,
        class: u32,
    ) -> Oop {
        let oop_address = chunk + header::header_prefix_bytes(num_slots);
        if header::needs_overflow_word(num_slots) {
            self.memory
                .write_u64(chunk, header::overflow_word(num_slots));
        }
        self.memory.write_u64(
            oop_address,
            ObjectHeader::new(num_slots, format, class).bits(),
        );
        Oop::from_address(oop_address)
    }
}
