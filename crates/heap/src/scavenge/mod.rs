//! Generation scavenging (Spur's `SpurGenerationScavenger`): a Cheney-style
//! copying collection of new space. Survivors of eden and the past survivor
//! space are copied into the future survivor space (or tenured into old space),
//! then past and future swap.
//!
//! ```text
//!  roots ─┐  RootSource, special objects array, mourn queue,
//!         │  remembered set (old objects that may refer to young ones)
//!         ▼
//!  eden + past ──copy──► future          (age + 1)
//!              └─tenure─► old space      (age ≥ tenuring_age, future full,
//!                                         or a full GC's tenure-all pass)
//! ```
//! A copied object's from-space header becomes a forwarder (class index 8,
//! format 7) whose slot 0 holds the new address.
//!
//! Ages: `survivor_ages` is a side table with one byte per 8-byte word of the
//! two survivor spaces, indexed by the object's address; eden objects have age
//! 0. An object that has already survived `tenuring_age` scavenges is tenured
//! by the next one (`tenuring_age` 0 tenures every survivor).
//!
//! Weak objects (format 4): their indexable slots are not traced; afterwards a
//! weak slot still referring to an uncopied from-space object is set to nil.
//! Ephemerons (format 5) whose key is a from-space object nobody has copied yet
//! are set aside; when the closure is otherwise complete, those whose keys were
//! reached are traced, and if none were, every remaining one is mourned (queued
//! and traced strongly, keeping its key and value alive).
//!
//! The remembered set is rebuilt: an old object stays in it only if, after the
//! scavenge, it still refers to a young object.
#[cfg(test)]
mod tests;

use std::time::Instant;

use stvm_object_model::{class_index, header, ObjectFormat, ObjectHeader, Oop};

use crate::heap::Heap;
use crate::roots::RootSource;

/// Work lists of one scavenge.
#[derive(Default)]
struct ScavengeState {
    /// Tenure every survivor (the first step of a full GC).
    is_tenuring_all: bool,
    /// Objects copied to old space whose slots are not yet scanned.
    tenured_to_scan: Vec<Oop>,
    /// Weak objects seen (their weak slots are fixed at the end).
    weaklings: Vec<Oop>,
    /// Ephemerons whose keys were not yet known to survive.
    unscanned_ephemerons: Vec<Oop>,
}

impl Heap {
    /// Collects new space. `roots` are the VM's roots (frames, registers,
    /// handles); every root slot is updated to its object's new address.
    pub fn scavenge(&mut self, roots: &mut dyn RootSource) {
        self.check_heap_before_gc(roots);
        let started = Instant::now();
        self.scavenge_new_space(roots, false);
        self.statistics.scavenges += 1;
        self.statistics.scavenge_time += started.elapsed();
        self.check_heap_after_gc(roots);
    }

    /// The scavenge proper; with `is_tenuring_all` every survivor goes to old
    /// space, leaving new space empty.
    pub(crate) fn scavenge_new_space(&mut self, roots: &mut dyn RootSource, is_tenuring_all: bool) {
        let mut state = ScavengeState {
            is_tenuring_all,
            ..ScavengeState::default()
        };
        self.scavenge_roots(roots, &mut state);
        self.scavenge_remembered_set(&mut state);
        self.complete_scavenge_closure(&mut state);
        self.scavenge_weaklings(&mut state);
        self.new_space.eden.reset();
        self.new_space.past.reset();
        std::mem::swap(&mut self.new_space.past, &mut self.new_space.future);
        self.needs_scavenge = false;
    }

    fn scavenge_roots(&mut self, roots: &mut dyn RootSource, state: &mut ScavengeState) {
        roots.visit_roots(&mut |slot: &mut Oop| *slot = self.copy_and_forward(*slot, state));
        self.special_objects = self.copy_and_forward(self.special_objects, state);
        for index in 0..self.mourn_queue.len() {
            self.mourn_queue[index] = self.copy_and_forward(self.mourn_queue[index], state);
        }
    }

    /// Scans the old remembered set; entries are re-remembered as needed.
    fn scavenge_remembered_set(&mut self, state: &mut ScavengeState) {
        let remembered = std::mem::take(&mut self.remembered_set);
        for holder in &remembered {
            let header = self.header(*holder).with_remembered(false);
            self.set_header(*holder, header);
        }
        for holder in remembered {
            self.scavenge_object(holder, state);
        }
    }

    /// Scans future space (Cheney) and tenured objects until nothing is left,
    /// then deals with ephemerons, repeating while that finds more work.
    fn complete_scavenge_closure(&mut self, state: &mut ScavengeState) {
        let mut scan = self.new_space.future.start;
        loop {
            while scan < self.new_space.future.top || !state.tenured_to_scan.is_empty() {
                if scan < self.new_space.future.top {
                    let object = self.object_starting_at(scan);
                    scan = self.address_after(object);
                    self.scavenge_object(object, state);
                } else if let Some(object) = state.tenured_to_scan.pop() {
                    self.scavenge_object(object, state);
                }
            }
            if !self.scavenge_ephemerons(state) {
                return;
            }
        }
    }

    /// Scans the ephemerons whose keys have been reached; if none have, mourns
    /// all that are left. Answers false when there was nothing to do.
    fn scavenge_ephemerons(&mut self, state: &mut ScavengeState) -> bool {
        if state.unscanned_ephemerons.is_empty() {
            return false;
        }
        let pending = std::mem::take(&mut state.unscanned_ephemerons);
        let (reached, unreached): (Vec<Oop>, Vec<Oop>) = pending
            .into_iter()
            .partition(|e| self.is_ephemeron_key_surviving_scavenge(*e));
        if reached.is_empty() {
            for ephemeron in unreached {
                self.queue_mourner(ephemeron);
                self.scavenge_object(ephemeron, state);
            }
        } else {
            state.unscanned_ephemerons = unreached;
            for ephemeron in reached {
                self.scavenge_object(ephemeron, state);
            }
        }
        true
    }

    fn is_ephemeron_key_surviving_scavenge(&self, ephemeron: Oop) -> bool {
        if self.num_slots(ephemeron) == 0 {
            return true;
        }
        let key = Oop(self.fetch_u64(ephemeron, 0));
        !self.is_in_scavenge_from_space(key) || self.header(key).is_forwarded()
    }

    /// Copies the referents of `object`'s traced slots and updates the slots;
    /// remembers `object` if it is old and still refers to young objects.
    fn scavenge_object(&mut self, object: Oop, state: &mut ScavengeState) {
        let format = self.format_of(object);
        let strong_slots = if format.is_weak() {
            state.weaklings.push(object);
            self.weak_fixed_slot_count(object)
        } else if format.is_ephemeron() && !self.is_ephemeron_key_surviving_scavenge(object) {
            state.unscanned_ephemerons.push(object);
            return;
        } else {
            self.traced_slot_count(object)
        };
        let mut refers_to_young = false;
        let (young_start, young_bytes) = (self.young_start, self.young_bytes);
        for index in 0..strong_slots {
            let value = self.fetch_u64(object, index);
            if value.wrapping_sub(young_start) >= young_bytes || value & 7 != 0 {
                continue; // immediate or old: nothing to do
            }
            let moved = self.copy_and_forward(Oop(value), state);
            if moved.bits() != value {
                self.store_u64(object, index, moved.bits());
            }
            refers_to_young |= self.is_young(moved);
        }
        if refers_to_young && !format.is_weak() && !self.is_young(object) {
            self.remember(object);
        }
    }

    /// Nils weak slots whose referents died; follows those that moved.
    fn scavenge_weaklings(&mut self, state: &mut ScavengeState) {
        for weakling in std::mem::take(&mut state.weaklings) {
            let first_weak = self.weak_fixed_slot_count(weakling);
            for index in first_weak..self.num_slots(weakling) {
                let value = Oop(self.fetch_u64(weakling, index));
                if self.is_in_scavenge_from_space(value) {
                    let survivor = if self.header(value).is_forwarded() {
                        Oop(self.fetch_u64(value, 0))
                    } else {
                        self.nil
                    };
                    self.store_u64(weakling, index, survivor.bits());
                }
            }
            if !self.is_young(weakling) && self.has_young_referent(weakling) {
                self.remember(weakling);
            }
        }
    }

    /// True for objects in eden or the past survivor space (young, not future).
    #[inline(always)]
    fn is_in_scavenge_from_space(&self, oop: Oop) -> bool {
        self.is_young(oop) && !self.new_space.future.contains(oop.address())
    }

    /// The new address of a from-space object, copying it on first visit.
    fn copy_and_forward(&mut self, oop: Oop, state: &mut ScavengeState) -> Oop {
        if !self.is_in_scavenge_from_space(oop) {
            return oop;
        }
        let header = self.header(oop);
        if header.is_forwarded() {
            return Oop(self.fetch_u64(oop, 0));
        }
        let age = self.age_of(oop);
        let (chunk, bytes) = self.chunk_of(oop, header);
        let stays_young = !state.is_tenuring_all && age < self.config.tenuring_age;
        let new_chunk = if stays_young {
            self.new_space.future.bump(bytes)
        } else {
            None
        };
        let is_tenured = new_chunk.is_none();
        let new_chunk = new_chunk.unwrap_or_else(|| self.old_chunk_for_tenuring(bytes));
        self.copy_chunk(chunk, new_chunk, bytes);
        let moved = Oop::from_address(new_chunk + (oop.address() - chunk));
        if is_tenured {
            state.tenured_to_scan.push(moved);
            self.statistics.tenured_objects += 1;
        } else {
            self.set_age(moved, age.saturating_add(1));
        }
        self.forward(oop, moved);
        moved
    }

    /// Chunk start and size of `oop`, whose header is `header`.
    #[inline(always)]
    fn chunk_of(&self, oop: Oop, header: ObjectHeader) -> (u64, u64) {
        let raw = header.raw_num_slots();
        if raw == header::OVERFLOW_SLOTS {
            let slots = header::overflow_word_slots(self.memory.read_u64(oop.address() - 8));
            (oop.address() - 8, 16 + 8 * slots.max(1))
        } else {
            (oop.address(), 8 + 8 * raw.max(1))
        }
    }

    /// Copies a chunk word by word when small (cheaper than a `memmove` call).
    #[inline(always)]
    fn copy_chunk(&mut self, from: u64, to: u64, bytes: u64) {
        if bytes <= 128 {
            for offset in (0..bytes).step_by(8) {
                let word = self.memory.read_u64(from + offset);
                self.memory.write_u64(to + offset, word);
            }
        } else {
            self.memory.copy(from, to, bytes as usize);
        }
    }

    fn old_chunk_for_tenuring(&mut self, bytes: u64) -> u64 {
        match self.allocate_old_chunk(bytes) {
            Ok(chunk) => chunk,
            Err(error) => panic!("old space exhausted while tenuring: {error}"),
        }
    }

    /// Turns `from` into a forwarder to `to` (class index 8, format 7, slot 0).
    pub(crate) fn forward(&mut self, from: Oop, to: Oop) {
        let mut header = self
            .header(from)
            .with_class_index(class_index::FORWARDED)
            .with_format(ObjectFormat::FORWARDED);
        if header.raw_num_slots() == 0 {
            header = header.with_raw_num_slots(1);
        }
        self.set_header(from, header);
        self.store_u64(from, 0, to.bits());
    }

    fn survivor_age_index(&self, oop: Oop) -> usize {
        ((oop.address() - self.new_space.eden.limit) / 8) as usize
    }

    /// Scavenges survived by a young object (0 in eden).
    fn age_of(&self, oop: Oop) -> u8 {
        if self.new_space.eden.contains(oop.address()) {
            return 0;
        }
        self.survivor_ages
            .get(self.survivor_age_index(oop))
            .copied()
            .unwrap_or(0)
    }

    fn set_age(&mut self, oop: Oop, age: u8) {
        let index = self.survivor_age_index(oop);
        if let Some(entry) = self.survivor_ages.get_mut(index) {
            *entry = age;
        }
    }

    /// Scavenges a survivor in the past space has survived (for tests and tools).
    pub fn survivor_age(&self, oop: Oop) -> u8 {
        if self.is_young(oop) {
            self.age_of(oop)
        } else {
            0
        }
    }
}
