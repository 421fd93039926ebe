//! Sliding compaction of old space with pinned objects (a Lisp-2-style
//! compactor in the manner of Spur's planning compactor, with off-heap
//! forwarding), run right after marking.
//!
//! ```text
//! before:  |A|x|B|x x|P|C|x|D|        (x dead, P pinned, segments left to right)
//! after:   |A|B|free|P|C|D|     top
//! ```
//! * **start**: the dense prefix needs nothing: everything below the first
//!   unmarked word of old space (found by scanning the mark bitmap) keeps its
//!   place, as does a dense segment whose first object does not fit in the
//!   free tail of the segment before. If all of old space is such a prefix,
//!   nothing moves and compaction ends here.
//! * **plan**: walk the live chunks above the prefix (skipping dead space
//!   through the bitmaps) with a destination cursor. Each live movable object
//!   gets the next place at the cursor (possibly in an earlier segment),
//!   recorded in the `Forwarding` table; the heap is not written. Destination
//!   space is old space minus live pinned objects, in intervals ending at a
//!   pinned object or a segment's limit. An object never leaves exactly 8
//!   bytes before a pinned object (no chunk is 8 bytes); since the cursor
//!   never passes the object being placed and every object or hole is at
//!   least 16 bytes, an object always fits by the time the cursor reaches its
//!   own interval. The walk reads only the mark bitmaps (object starts and
//!   extents): the objects starting in one 64-word block are placed together
//!   when they surely fit, a run of live chunks the cursor has reached stays
//!   put at once, and only objects near an interval's end or a pinned object
//!   are placed one by one (reading their headers) by the rule above.
//! * **update and move** (one pass, skipped when nothing moves): every live
//!   object, in address order, is copied to its new address (a destination
//!   never lies above its source) and its traced slots there are mapped to
//!   new addresses, which come from the table, not from the objects. Roots,
//!   the special objects array and the mourn queue are mapped too.
//! * **finish**: holes before pinned objects become free chunks, segment tops
//!   drop to the cursor (the whole pages freed above a top are given back to
//!   the system, staying committed), and segments left empty (except the
//!   first) are released with `decommit`.
use std::collections::VecDeque;

use stvm_object_model::Oop;

use super::forwarding::Forwarding;
use super::mark_bitmap::MarkBitmap;
use super::regions::KeptRegions;
use crate::free_space::MIN_CHUNK_BYTES;
use crate::heap::Heap;
use crate::memory::ZeroedWords;
use crate::object_access::ChunkedObject;
use crate::roots::RootSource;
use crate::space::Space;

/// A live pinned object ahead of the cursor: (segment, chunk start, end).
type Barrier = (usize, u64, u64);

/// The compactor's decisions.
struct Plan {
    /// Holes before pinned objects: (chunk start, bytes).
    free_chunks: Vec<(u64, u64)>,
    /// New top of each segment.
    tops: Vec<u64>,
    /// True if some object gets a new address.
    moves_any: bool,
}

/// Where the next live object goes.
struct Cursor {
    segment: usize,
    position: u64,
    barriers: VecDeque<Barrier>,
}

/// The state of the plan walk.
struct PlanWalk {
    plan: Plan,
    cursor: Cursor,
    /// The live pinned objects and kept extents ahead of the cursor, in
    /// order, as `(chunk, end)`.
    pinned_chunks: Vec<(u64, u64)>,
    /// Index in `pinned_chunks` of the first one the walk has not reached.
    next_pinned: usize,
}

/// Objects to place together: those starting in `chunk`'s mark-bitmap block
/// from `chunk` on, which must end at or before `limit` (the next pinned
/// object or the segment's top).
#[derive(Debug, Clone, Copy)]
struct Group {
    segment: usize,
    chunk: u64,
    limit: u64,
}

/// The side tables compaction reads (`starts`) and takes over.
pub(super) struct CompactionTables<'t> {
    pub(super) marks: MarkBitmap,
    pub(super) starts: &'t MarkBitmap,
    pub(super) bases: ZeroedWords,
}

/// `start`, moved to the end of the kept extent its first dead word lies
/// in, if any: that extent is swept, not compacted.
fn start_after_extent(start: CompactionStart, extents: &[(u64, u64)]) -> CompactionStart {
    let index = extents.partition_point(|(_, end)| *end <= start.walk);
    match extents.get(index) {
        Some(&(first, end)) if first < start.walk && start.cursor == start.walk => {
            CompactionStart {
                cursor: end,
                walk: end,
                ..start
            }
        }
        _ => start,
    }
}

/// Where planning starts: the cursor, and the first chunk to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CompactionStart {
    cursor_segment: usize,
    cursor: u64,
    walk_segment: usize,
    walk: u64,
}

impl Heap {
    /// Compacts old space but for the extents of `kept` regions (none in a
    /// full compaction), which are swept; gives back the tables it used.
    pub(super) fn compact_old_space(
        &mut self,
        tables: CompactionTables<'_>,
        pinned: Vec<(u64, u64)>,
        kept: KeptRegions,
        roots: &mut dyn RootSource,
    ) -> (MarkBitmap, ZeroedWords) {
        let CompactionTables {
            marks,
            starts,
            bases,
        } = tables;
        let Some(start) = self.compaction_start(&marks) else {
            return (marks, bases); // old space is one dense prefix: nothing moves, no holes
        };
        let extents = self.kept_extents(&kept, starts);
        let stays = self.stay_put_chunks(&extents, pinned, &kept);
        let start = start_after_extent(start, &extents);
        let mut forwarding = Forwarding::with_bases(marks, bases, start.walk, kept);
        let plan = self.plan_compaction(&mut forwarding, starts, start, stays);
        if plan.moves_any {
            self.update_and_move_objects(&forwarding);
            self.update_roots_for_compaction(&forwarding, roots);
        }
        self.finish_compaction(&plan, &extents, forwarding.marks());
        forwarding.into_tables()
    }

    /// The chunks that do not move, sorted: the kept extents and the live
    /// pinned objects outside them.
    fn stay_put_chunks(
        &self,
        extents: &[(u64, u64)],
        mut pinned: Vec<(u64, u64)>,
        kept: &KeptRegions,
    ) -> Vec<(u64, u64)> {
        pinned.retain(|(chunk, _)| !kept.contains(self.object_starting_at(*chunk).address()));
        pinned.extend_from_slice(extents);
        pinned.sort_unstable();
        pinned
    }

    /// The end of the dense prefix (see the module documentation), or `None`
    /// when it covers all of old space.
    #[inline(never)] // a phase: kept whole for profiles
    fn compaction_start(&self, marks: &MarkBitmap) -> Option<CompactionStart> {
        let segments = &self.old_space.segments;
        for (index, segment) in segments.iter().enumerate() {
            let gap = marks.next_unmarked(segment.start, segment.top);
            if gap < segment.top {
                return Some(CompactionStart {
                    cursor_segment: index,
                    cursor: gap,
                    walk_segment: index,
                    walk: gap,
                });
            }
            let next = *segments.get(index + 1)?;
            if !self.first_chunk_stays(*segment, next, marks) {
                return Some(CompactionStart {
                    cursor_segment: index,
                    cursor: segment.top,
                    walk_segment: index + 1,
                    walk: next.start,
                });
            }
        }
        None
    }

    /// True if `next`'s first chunk is a live, movable object too big for
    /// the free tail of the dense segment before it, so it stays in place.
    fn first_chunk_stays(&self, dense: Space, next: Space, marks: &MarkBitmap) -> bool {
        if next.top == next.start || !marks.is_marked(next.start) {
            return false;
        }
        let object = self.object_at_chunk(next.start);
        !object.header.is_pinned() && dense.top + (object.end - next.start) > dense.limit
    }

    /// Walks the live chunks from `start`, giving each movable one its place.
    /// Reads only the bitmaps, but for objects near a chunk that stays put
    /// (`pinned`: pinned objects and kept extents, sorted) or an interval's
    /// end, which are placed one by one.
    #[inline(never)] // a phase: kept whole for profiles
    fn plan_compaction(
        &self,
        forwarding: &mut Forwarding,
        starts: &MarkBitmap,
        start: CompactionStart,
        mut pinned: Vec<(u64, u64)>,
    ) -> Plan {
        let segments = &self.old_space.segments;
        pinned.retain(|(chunk, _)| *chunk >= start.cursor);
        let mut walk = PlanWalk {
            plan: Plan {
                free_chunks: Vec::new(),
                tops: segments.iter().map(|s| s.top).collect(),
                moves_any: false,
            },
            cursor: Cursor {
                segment: start.cursor_segment,
                position: start.cursor,
                barriers: self.barriers(&pinned),
            },
            pinned_chunks: pinned,
            next_pinned: 0,
        };
        for (index, segment) in segments.iter().enumerate().skip(start.walk_segment) {
            let from = segment.start.max(start.walk);
            self.plan_segment(index, from, &mut walk, forwarding, starts);
        }
        while walk.cursor.segment < segments.len() {
            self.advance_cursor(&mut walk.cursor, &mut walk.plan);
        }
        walk.plan
    }

    /// Places the live chunks of segment `index` from `from` on.
    fn plan_segment(
        &self,
        index: usize,
        from: u64,
        walk: &mut PlanWalk,
        forwarding: &mut Forwarding,
        starts: &MarkBitmap,
    ) {
        let top = self.old_space.segments[index].top;
        let mut position = from;
        loop {
            let chunk = starts.next_marked(position, top);
            if chunk >= top {
                return;
            }
            let next_pinned = walk.pinned_chunks.get(walk.next_pinned).copied();
            if let Some((_, end)) = next_pinned.filter(|(pinned, _)| *pinned == chunk) {
                walk.next_pinned += 1;
                let oop = self.object_starting_at(chunk).address();
                if !forwarding.is_kept(oop) {
                    forwarding.record_pinned(oop);
                }
                position = end;
                continue;
            }
            let next_pinned = next_pinned.map(|(pinned, _)| pinned);
            let limit = next_pinned.map_or(top, |pinned| pinned.min(top));
            if let Some(end) = self.keep_run_in_place(walk, forwarding, index, chunk, limit) {
                position = end;
                continue;
            }
            let group = Group {
                segment: index,
                chunk,
                limit,
            };
            let (cursor, plan) = (&mut walk.cursor, &mut walk.plan);
            if let Some(end) = self.place_group(cursor, plan, forwarding, starts, group) {
                position = end;
                continue;
            }
            let object = self.object_at_chunk(chunk);
            let destination = self.place(cursor, plan, index, chunk, object.end - chunk);
            plan.moves_any |= destination != chunk;
            forwarding.record_move(chunk, object.oop.address(), object.end, destination);
            position = object.end;
        }
    }

    /// When the cursor stands at `chunk`, the run of live chunks from it up
    /// to the next dead word or `limit` (the next pinned object or the top)
    /// stays where it is: records that at once and answers the run's end.
    fn keep_run_in_place(
        &self,
        walk: &mut PlanWalk,
        forwarding: &mut Forwarding,
        segment: usize,
        chunk: u64,
        limit: u64,
    ) -> Option<u64> {
        let cursor = &mut walk.cursor;
        if cursor.segment != segment
            || cursor.position != chunk
            || !forwarding.follows_block_formula(chunk, chunk)
        {
            return None;
        }
        let end = forwarding.marks().next_unmarked(chunk, limit);
        forwarding.record_run(chunk, end, chunk);
        cursor.position = end;
        Some(end)
    }

    /// Places the objects that start in `group.chunk`'s block from it on, all
    /// at once, if they surely fit at the cursor and no pinned object lies
    /// among them; answers the end of the last one. `None` leaves the cursor
    /// alone: the caller then places one object exactly.
    fn place_group(
        &self,
        cursor: &mut Cursor,
        plan: &mut Plan,
        forwarding: &mut Forwarding,
        starts: &MarkBitmap,
        group: Group,
    ) -> Option<u64> {
        let marks = forwarding.marks();
        let block = marks.block_of(group.chunk);
        let last_start = starts
            .last_marked_in_block(block)
            .filter(|last| *last < group.limit)?;
        // Objects end at or before the limit: at the next start or dead word.
        let end = starts
            .next_marked(last_start + 8, group.limit)
            .min(marks.next_unmarked(last_start, group.limit));
        let block_end = marks.block_start(block + 1);
        let bytes = 8 * marks.live_words_from(group.chunk) + end.saturating_sub(block_end);
        let (interval_end, is_before_pinned) = self.interval_end(cursor);
        let after = cursor.position + bytes;
        let surely_fits = if is_before_pinned {
            after + MIN_CHUNK_BYTES <= interval_end
        } else {
            after <= interval_end
        };
        if !surely_fits || !forwarding.follows_block_formula(group.chunk, cursor.position) {
            return None;
        }
        debug_assert!(
            cursor.segment < group.segment || cursor.position <= group.chunk,
            "compaction cursor passed the object at {:#x}",
            group.chunk
        );
        let destination = cursor.position;
        cursor.position = after;
        plan.moves_any |= destination != group.chunk;
        forwarding.record_run(group.chunk, end, destination);
        Some(end)
    }

    /// The barriers of the live pinned objects `pinned` (sorted chunks).
    fn barriers(&self, pinned: &[(u64, u64)]) -> VecDeque<Barrier> {
        let segments = &self.old_space.segments;
        pinned
            .iter()
            .map(|&(start, end)| {
                let segment = segments.partition_point(|s| s.limit <= start);
                (segment, start, end)
            })
            .collect()
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
    #[inline]
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

    /// Maps the traced slots of every live object and copies each object
    /// that moves to its new place, in address order.
    #[inline(never)] // a phase: kept whole for profiles
    fn update_and_move_objects(&mut self, forwarding: &Forwarding) {
        for index in 0..self.old_space.segments.len() {
            let segment = self.old_space.segments[index];
            let mut position = segment.start;
            loop {
                let chunk = forwarding.marks().next_marked(position, segment.top);
                if chunk >= segment.top {
                    break;
                }
                let object = self.object_at_chunk(chunk);
                position = object.end;
                self.update_and_move(chunk, object, forwarding);
            }
        }
    }

    /// Copies `object` (whose chunk starts at `chunk`) to its new address,
    /// if it moves, and updates its traced slots there.
    #[inline(always)]
    fn update_and_move(&mut self, chunk: u64, object: ChunkedObject, forwarding: &Forwarding) {
        let oop = object.oop.address();
        let first_slot = self.memory.read_u64(oop + 8);
        let traced =
            Heap::traced_slot_count_for(object.header.format(), object.num_slots, first_slot);
        let new_oop = forwarding.new_address(oop);
        if new_oop != oop {
            let destination = new_oop - (oop - chunk);
            self.memory
                .copy(chunk, destination, (object.end - chunk) as usize);
        }
        let slots = self.memory.words_mut(new_oop + 8, traced);
        update_references(slots, forwarding);
    }

    fn update_roots_for_compaction(&mut self, forwarding: &Forwarding, roots: &mut dyn RootSource) {
        let old_start = self.old_start;
        let new_oop = |oop: Oop| -> Oop {
            if oop.is_pointer() && oop.address() >= old_start {
                Oop(forwarding.new_address(oop.address()))
            } else {
                oop
            }
        };
        roots.visit_roots(&mut |slot: &mut Oop| *slot = new_oop(*slot));
        self.special_objects = new_oop(self.special_objects);
        for entry in self.mourn_queue.iter_mut() {
            *entry = new_oop(*entry);
        }
        for entry in self.remembered_set.iter_mut() {
            *entry = new_oop(*entry);
        }
    }

    /// Lowers the segment tops, indexes the holes before the chunks that
    /// stayed put, sweeps the kept `extents` and releases empty segments.
    #[inline(never)] // a phase: kept whole for profiles
    fn finish_compaction(&mut self, plan: &Plan, extents: &[(u64, u64)], marks: &MarkBitmap) {
        for (segment, top) in self.old_space.segments.iter_mut().zip(&plan.tops) {
            if *top < segment.top {
                self.memory.discard(*top, segment.top - *top);
            }
            segment.top = *top;
        }
        self.free_chunks.clear();
        for &(chunk, bytes) in &plan.free_chunks {
            self.add_free_chunk(chunk, bytes);
        }
        self.sweep_extents(extents, marks);
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

/// Values below this from `moving_reference_screen` are references at or
/// above the dense prefix's end (slot values are addresses below 2^61).
const MOVING_REFERENCE_LIMIT: u64 = 1 << 61;

/// A word below `MOVING_REFERENCE_LIMIT` exactly when `value` is an object
/// reference (tag bits clear) at or above `prefix_end`; the bitwise AND of
/// several screens is below the limit if any one of them is.
#[inline(always)]
fn moving_reference_screen(value: u64, prefix_end: u64) -> u64 {
    value.wrapping_sub(prefix_end) | (value << 61)
}

/// Maps the references in `slots` to their objects' new addresses,
/// screening four slots at a time.
#[inline(always)]
fn update_references(slots: &mut [u64], forwarding: &Forwarding) {
    let prefix_end = forwarding.prefix_end();
    let mut groups = slots.chunks_exact_mut(4);
    for group in &mut groups {
        let screen = group.iter().fold(!0, |all, value| {
            all & moving_reference_screen(*value, prefix_end)
        });
        if screen < MOVING_REFERENCE_LIMIT {
            group
                .iter_mut()
                .for_each(|slot| update_reference(slot, forwarding));
        }
    }
    for slot in groups.into_remainder() {
        update_reference(slot, forwarding);
    }
}

/// Maps one slot's reference, if it refers to an object that may move.
#[inline(always)]
fn update_reference(slot: &mut u64, forwarding: &Forwarding) {
    let value = *slot;
    if moving_reference_screen(value, forwarding.prefix_end()) < MOVING_REFERENCE_LIMIT {
        let new_value = forwarding.new_address(value);
        if new_value != value {
            *slot = new_value;
        }
    }
}
