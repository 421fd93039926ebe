//! Sliding compaction of old space with pinned objects (a Lisp-2 compactor in
//! the manner of Spur's planning compactor), run right after marking.
//!
//! ```text
//! before:  |A|x|B|x x|P|C|x|D|        (x dead, P pinned, segments left to right)
//! after:   |A|B|free|P|C|D|     top
//! ```
//! * **plan**: walk old space in address order with a destination cursor that
//!   starts at the bottom. Each live movable object gets the next place at the
//!   cursor (possibly in an earlier segment); its slot 0 is saved in a side
//!   vector and replaced by its new address (every object has a slot).
//!   Destination space is old space minus live pinned objects, in intervals
//!   ending at a pinned object or a segment's limit. An object never leaves
//!   exactly 8 bytes before a pinned object (no chunk is 8 bytes); since the
//!   cursor never passes the object being placed and every object or hole is
//!   at least 16 bytes, an object always fits by the time the cursor reaches
//!   its own interval.
//! * **update**: every traced slot of every live object, every root, the
//!   special objects array and the mourn queue are mapped to new addresses.
//! * **move**: objects are copied down in address order (a destination never
//!   lies above its source), slot 0 restored, mark bits cleared.
//! * **finish**: holes before pinned objects become free chunks, segment tops
//!   drop to the cursor, and segments left empty (except the first) are
//!   released with `decommit`.
use std::collections::VecDeque;

use stvm_object_model::Oop;

use crate::free_space::MIN_CHUNK_BYTES;
use crate::heap::Heap;
use crate::roots::RootSource;

/// A live pinned object seen by the plan walk: (segment, chunk start, end).
type Barrier = (usize, u64, u64);

/// The compactor's decisions.
struct Plan {
    /// Original slot 0 of each live movable object, in address order.
    saved_first_slots: Vec<u64>,
    /// Holes before pinned objects: (chunk start, bytes).
    free_chunks: Vec<(u64, u64)>,
    /// New top of each segment.
    tops: Vec<u64>,
}

/// Where the next live object goes.
struct Cursor {
    segment: usize,
    position: u64,
    barriers: VecDeque<Barrier>,
}

impl Heap {
    pub(super) fn compact_old_space(&mut self, roots: &mut dyn RootSource) {
        let mut plan = self.plan_compaction();
        self.update_references_for_compaction(&mut plan.saved_first_slots, roots);
        self.move_objects_for_compaction(&plan.saved_first_slots);
        self.finish_compaction(&plan);
    }

    /// Calls `visit(chunk, oop, next_chunk)` for every chunk of old space as
    /// it was before compaction (segment tops are only changed at the end).
    fn for_each_old_chunk(&mut self, mut visit: impl FnMut(&mut Heap, usize, u64, Oop, u64)) {
        for index in 0..self.old_space.segments.len() {
            let segment = self.old_space.segments[index];
            let mut chunk = segment.start;
            while chunk < segment.top {
                let oop = self.object_starting_at(chunk);
                let next = self.address_after(oop);
                visit(self, index, chunk, oop, next);
                chunk = next;
            }
        }
    }

    fn plan_compaction(&mut self) -> Plan {
        let segments = self.old_space.segments.len();
        let mut plan = Plan {
            saved_first_slots: Vec::new(),
            free_chunks: Vec::new(),
            tops: self.old_space.segments.iter().map(|s| s.start).collect(),
        };
        let mut cursor = Cursor {
            segment: 0,
            position: self.old_space.segments[0].start,
            barriers: VecDeque::new(),
        };
        self.for_each_old_chunk(|heap, segment, chunk, oop, next| {
            let header = heap.header(oop);
            if !header.is_marked() {
                return;
            }
            if header.is_pinned() {
                cursor.barriers.push_back((segment, chunk, next));
                return;
            }
            let destination = heap.place(&mut cursor, &mut plan, segment, chunk, next - chunk);
            plan.saved_first_slots.push(heap.fetch_u64(oop, 0));
            let new_oop = destination + (oop.address() - chunk);
            heap.store_u64(oop, 0, new_oop);
        });
        while cursor.segment < segments {
            self.advance_cursor(&mut cursor, &mut plan);
        }
        plan
    }

    /// The destination chunk for `bytes` from `source` (in `segment`).
    fn place(
        &self,
        cursor: &mut Cursor,
        plan: &mut Plan,
        segment: usize,
        source: u64,
        bytes: u64,
    ) -> u64 {
        loop {
            assert!(
                cursor.segment < segment
                    || (cursor.segment == segment && cursor.position <= source),
                "compaction cursor passed the object at {source:#x}"
            );
            let (end, is_before_pinned) = self.interval_end(cursor);
            let after = cursor.position + bytes;
            let fits = if is_before_pinned {
                after == end || after + MIN_CHUNK_BYTES <= end
            } else {
                after <= end
            };
            if fits {
                let destination = cursor.position;
                cursor.position = after;
                return destination;
            }
            self.advance_cursor(cursor, plan);
        }
    }

    /// End of the cursor's interval, and whether a pinned object starts there.
    fn interval_end(&self, cursor: &Cursor) -> (u64, bool) {
        match cursor.barriers.front() {
            Some(&(segment, start, _)) if segment == cursor.segment => (start, true),
            _ => (self.old_space.segments[cursor.segment].limit, false),
        }
    }

    /// Moves the cursor past the next pinned object or to the next segment.
    fn advance_cursor(&self, cursor: &mut Cursor, plan: &mut Plan) {
        match cursor.barriers.front() {
            Some(&(segment, start, end)) if segment == cursor.segment => {
                if start > cursor.position {
                    let hole = start - cursor.position;
                    assert!(hole >= MIN_CHUNK_BYTES, "8-byte hole at {start:#x}");
                    plan.free_chunks.push((cursor.position, hole));
                }
                cursor.position = end;
                cursor.barriers.pop_front();
            }
            _ => {
                plan.tops[cursor.segment] = cursor.position;
                cursor.segment += 1;
                if let Some(next) = self.old_space.segments.get(cursor.segment) {
                    cursor.position = next.start;
                }
            }
        }
    }

    /// The address `oop` will have after compaction.
    #[inline]
    fn compacted_address(&self, oop: Oop) -> Oop {
        if !self.is_old(oop) {
            return oop;
        }
        let header = self.header(oop);
        if header.is_marked() && !header.is_pinned() {
            Oop(self.fetch_u64(oop, 0))
        } else {
            oop
        }
    }

    /// Maps every reference to its object's new address; the saved slot 0
    /// values are updated in `saved`.
    fn update_references_for_compaction(&mut self, saved: &mut [u64], roots: &mut dyn RootSource) {
        let mut next_saved = 0;
        let first_movable = self.first_movable_address();
        self.for_each_old_chunk(|heap, _, _, oop, _| {
            let header = heap.header(oop);
            if !header.is_marked() {
                return;
            }
            if header.is_pinned() {
                let traced = heap.traced_slot_count(oop);
                heap.update_slots_from(oop, 0, traced, first_movable);
                return;
            }
            let first = saved[next_saved];
            let traced = heap.traced_slot_count_with_first(oop, first);
            if traced > 0 {
                saved[next_saved] = heap.compacted_address(Oop(first)).bits();
                heap.update_slots_from(oop, 1, traced, first_movable);
            }
            next_saved += 1;
        });
        self.update_roots_for_compaction(roots);
    }

    fn update_slots_from(&mut self, oop: Oop, first: usize, end: usize, first_movable: u64) {
        for index in first..end {
            let value = self.fetch_u64(oop, index);
            if value < first_movable || value & 7 != 0 {
                continue; // immediate, or an object that never moves
            }
            let moved = self.compacted_address(Oop(value));
            if moved.bits() != value {
                self.store_u64(oop, index, moved.bits());
            }
        }
    }

    fn update_roots_for_compaction(&mut self, roots: &mut dyn RootSource) {
        roots.visit_roots(&mut |slot: &mut Oop| *slot = self.compacted_address(*slot));
        self.special_objects = self.compacted_address(self.special_objects);
        self.nil = self.compacted_address(self.nil);
        self.false_object = self.compacted_address(self.false_object);
        self.true_object = self.compacted_address(self.true_object);
        self.free_lists = self.compacted_address(self.free_lists);
        self.hidden_roots = self.compacted_address(self.hidden_roots);
        for index in 0..self.mourn_queue.len() {
            self.mourn_queue[index] = self.compacted_address(self.mourn_queue[index]);
        }
        for index in 0..self.remembered_set.len() {
            self.remembered_set[index] = self.compacted_address(self.remembered_set[index]);
        }
    }

    fn move_objects_for_compaction(&mut self, saved: &[u64]) {
        let mut next_saved = 0;
        self.for_each_old_chunk(|heap, _, chunk, oop, next| {
            let header = heap.header(oop);
            if !header.is_marked() {
                return;
            }
            heap.set_header(oop, header.with_marked(false));
            if header.is_pinned() {
                return;
            }
            let new_oop = heap.fetch_u64(oop, 0);
            heap.store_u64(oop, 0, saved[next_saved]);
            next_saved += 1;
            let destination = new_oop - (oop.address() - chunk);
            if destination != chunk {
                heap.memory
                    .copy(chunk, destination, (next - chunk) as usize);
            }
        });
    }

    fn finish_compaction(&mut self, plan: &Plan) {
        for (segment, top) in self.old_space.segments.iter_mut().zip(&plan.tops) {
            segment.top = *top;
        }
        self.free_chunks.clear();
        for &(chunk, bytes) in &plan.free_chunks {
            self.add_free_chunk(chunk, bytes);
        }
        self.release_empty_segments();
    }

    /// Gives back every empty segment but the first.
    fn release_empty_segments(&mut self) {
        let mut index = 1;
        while index < self.old_space.segments.len() {
            let segment = self.old_space.segments[index];
            if segment.top == segment.start {
                // Decommitting memory we committed cannot fail for a range
                // inside the reservation; a failure would only keep it mapped.
                let _ = self
                    .memory
                    .decommit(segment.start, segment.capacity_bytes());
                self.old_space.segments.remove(index);
            } else {
                index += 1;
            }
        }
    }
}
