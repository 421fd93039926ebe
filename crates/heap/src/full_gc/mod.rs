//! The full (global) collection: tenure, mark, compact (selectively or all).
//!
//! 1. **Tenure everything**: a scavenge that copies every new-space survivor
//!    into old space, so new space ends empty and the remembered set with it.
//!    (Simpler than teaching the marker and compactor about new space; the cost
//!    is that short-lived survivors age at once.)
//! 2. **Mark** old space from the roots: the `RootSource`, the special objects
//!    array, nil/false/true, the free-lists and hidden-roots objects (so the
//!    whole class table is a strong root: a class stays alive while it is in
//!    the table, whether or not it has instances), and the mourn queue. The
//!    marker uses an explicit mark stack (no recursion) and a mark bitmap
//!    (see `mark_bitmap`; headers are never written). Each scanned object's
//!    whole chunk is marked in the bitmap and its first word in a second
//!    bitmap of object starts; live pinned objects are listed for the
//!    compactor. Weak objects' indexable slots are not traced; ephemerons
//!    whose keys are unmarked are set aside, as in the scavenger, and mourned
//!    when nothing else reaches their keys. Afterwards weak slots referring to
//!    unmarked objects are set to nil.
//! 3. **Choose** what to compact (see `regions`): `full_gc` keeps the regions
//!    of old space that are at least `compaction_occupancy_percent` live in
//!    place (selective compaction); `full_gc_compacting` keeps none.
//! 4. **Compact** old space (see `compact`): live objects outside the kept
//!    regions slide down in address order, across segments; pinned objects
//!    and the extents of kept regions stay put; holes before them become
//!    free chunks; the kept extents are swept (see `sweep`): each run of dead
//!    words in them becomes one free chunk; empty segments are released. The
//!    dense prefix (everything below the first hole) is never planned or
//!    moved, and when nothing moves at all references are left alone.
//!    Forwarding addresses live in a side table (see `forwarding`), so
//!    references are updated as objects move, in one pass. The side tables
//!    are kept for the next full GC (see `side_tables`).
#[cfg(test)]
mod tests;

mod compact;
mod forwarding;
mod mark_bitmap;
mod regions;
mod side_tables;
mod sweep;

use std::time::Instant;

use stvm_object_model::{header, Oop};

use crate::heap::Heap;
use crate::roots::RootSource;
use compact::CompactionTables;
use mark_bitmap::MarkBitmap;
use regions::KeptRegions;
pub(crate) use side_tables::SideTables;

/// Work lists and results of the mark phase.
struct MarkState {
    /// End of the five objects old space starts with (nil … hidden roots):
    /// they are marked as roots, so references below this need no work.
    first_movable: u64,
    /// Marked objects and, once scanned, their whole chunks.
    marks: MarkBitmap,
    /// The first word (overflow word or header) of each scanned object.
    starts: MarkBitmap,
    /// Chunks `(start, end)` of live pinned objects, in scanning order.
    pinned: Vec<(u64, u64)>,
    mark_stack: Vec<Oop>,
    weaklings: Vec<Oop>,
    unscanned_ephemerons: Vec<Oop>,
}

impl Heap {
    /// Collects the whole heap with selective compaction: afterwards new
    /// space is empty, there are no forwarders, the sparse regions of old
    /// space are compacted and the dead objects of the dense ones are free
    /// chunks (see `regions`); every root slot holds its object's new address.
    pub fn full_gc(&mut self, roots: &mut dyn RootSource) {
        self.collect_all(roots, true);
    }

    /// Collects the whole heap compacting all of old space: as
    /// [`Heap::full_gc`], but every live object that is not pinned slides
    /// down, so the only free chunks left are holes before pinned objects
    /// (what a snapshot wants to write).
    pub fn full_gc_compacting(&mut self, roots: &mut dyn RootSource) {
        self.collect_all(roots, false);
    }

    fn collect_all(&mut self, roots: &mut dyn RootSource, is_selective: bool) {
        self.check_heap_before_gc(roots);
        let started = Instant::now();
        self.scavenge_new_space(roots, true);
        let SideTables {
            marks,
            starts,
            bases,
        } = self.take_side_tables();
        let MarkState {
            marks,
            starts,
            pinned,
            ..
        } = self.mark_live_objects(roots, marks, starts);
        let kept = if is_selective {
            self.choose_kept_regions(&marks)
        } else {
            KeptRegions::none()
        };
        let tables = CompactionTables {
            marks,
            starts: &starts,
            bases,
        };
        let (marks, bases) = self.compact_old_space(tables, pinned, kept, roots);
        self.keep_side_tables(SideTables {
            marks,
            starts,
            bases,
        });
        self.statistics.full_gcs += 1;
        self.statistics.full_gc_time += started.elapsed();
        self.check_heap_after_gc(roots);
    }

    #[inline(never)] // a phase: kept whole for profiles
    fn mark_live_objects(
        &mut self,
        roots: &mut dyn RootSource,
        marks: MarkBitmap,
        starts: MarkBitmap,
    ) -> MarkState {
        let mut state = MarkState {
            first_movable: self.first_movable_address(),
            marks,
            starts,
            pinned: Vec::new(),
            mark_stack: Vec::new(),
            weaklings: Vec::new(),
            unscanned_ephemerons: Vec::new(),
        };
        roots.visit_roots(&mut |slot: &mut Oop| self.mark_and_push(*slot, &mut state));
        let fixed_roots = [
            self.nil,
            self.false_object,
            self.true_object,
            self.free_lists,
            self.hidden_roots,
            self.special_objects,
        ];
        for root in fixed_roots {
            self.mark_and_push(root, &mut state);
        }
        for index in 0..self.mourn_queue.len() {
            self.mark_and_push(self.mourn_queue[index], &mut state);
        }
        loop {
            while let Some(object) = state.mark_stack.pop() {
                self.scan_marked_object(object, &mut state);
            }
            if !self.mark_through_ephemerons(&mut state) {
                break;
            }
        }
        self.nil_unmarked_weak_slots(&state.weaklings, &state.marks);
        state
    }

    /// The address after the hidden-roots object: nil, false, true, the
    /// free-lists and hidden-roots objects lie below it, are always live and
    /// never move (nothing precedes them).
    pub(super) fn first_movable_address(&self) -> u64 {
        self.address_after(self.hidden_roots)
    }

    #[inline]
    fn mark_and_push(&mut self, oop: Oop, state: &mut MarkState) {
        if self.is_old(oop) && state.marks.mark(oop.address()) {
            state.mark_stack.push(oop);
        }
    }

    /// Marks the whole chunk of a newly popped object, lists it if pinned,
    /// and marks what it refers to.
    #[inline(always)]
    fn scan_marked_object(&mut self, object: Oop, state: &mut MarkState) {
        let header = self.header(object);
        let (chunk, num_slots) = if header.has_overflow_slots() {
            let word = self.memory.read_u64(object.address() - 8);
            (
                object.address() - 8,
                header::overflow_word_slots(word) as usize,
            )
        } else {
            (object.address(), header.raw_num_slots() as usize)
        };
        let end = object.address() + 8 + 8 * num_slots.max(1) as u64;
        state.marks.mark_range(chunk, end);
        state.starts.mark(chunk);
        if header.is_pinned() {
            state.pinned.push((chunk, end));
        }
        let format = header.format();
        if format.is_pointers() && !format.is_weak() && !format.is_ephemeron() {
            self.mark_slots(object, num_slots, state);
        } else {
            self.mark_referents(object, state);
        }
    }

    /// Marks what `object` refers to, setting weak objects and ephemerons
    /// whose keys are not yet marked aside.
    fn mark_referents(&mut self, object: Oop, state: &mut MarkState) {
        let header = self.header(object);
        let format = header.format();
        let num_slots = self.num_slots(object);
        let strong_slots = if format.is_weak() {
            state.weaklings.push(object);
            self.weak_fixed_slot_count(object)
        } else if format.is_ephemeron() && !self.is_ephemeron_key_marked(object, &state.marks) {
            state.unscanned_ephemerons.push(object);
            return;
        } else if num_slots == 0 {
            0
        } else {
            Heap::traced_slot_count_for(format, num_slots, self.fetch_u64(object, 0))
        };
        self.mark_slots(object, strong_slots, state);
    }

    /// Marks and pushes the unmarked objects the first `count` slots of
    /// `object` refer to. Slots are screened four at a time: most hold
    /// immediates or the five fixed objects and need no further look.
    #[inline(always)]
    fn mark_slots(&self, object: Oop, count: usize, state: &mut MarkState) {
        let first_movable = state.first_movable;
        let words = self.memory.words(object.address() + 8, count);
        let mut groups = words.chunks_exact(4);
        for group in &mut groups {
            let screen = group.iter().fold(!0, |all, value| {
                all & movable_reference_screen(*value, first_movable)
            });
            if screen < MOVABLE_REFERENCE_LIMIT {
                for value in group {
                    mark_and_push_slot(*value, state);
                }
            }
        }
        for value in groups.remainder() {
            mark_and_push_slot(*value, state);
        }
    }

    fn is_ephemeron_key_marked(&self, ephemeron: Oop, marks: &MarkBitmap) -> bool {
        if self.num_slots(ephemeron) == 0 {
            return true;
        }
        let key = Oop(self.fetch_u64(ephemeron, 0));
        !self.is_old(key) || marks.is_marked(key.address())
    }

    /// Traces ephemerons whose keys got marked; if none did, mourns the rest.
    /// Answers false when there was nothing to do.
    fn mark_through_ephemerons(&mut self, state: &mut MarkState) -> bool {
        if state.unscanned_ephemerons.is_empty() {
            return false;
        }
        let pending = std::mem::take(&mut state.unscanned_ephemerons);
        let (reached, unreached): (Vec<Oop>, Vec<Oop>) = pending
            .into_iter()
            .partition(|e| self.is_ephemeron_key_marked(*e, &state.marks));
        if reached.is_empty() {
            for ephemeron in unreached {
                self.queue_mourner(ephemeron);
                self.mark_referents(ephemeron, state);
            }
        } else {
            state.unscanned_ephemerons = unreached;
            for ephemeron in reached {
                self.mark_referents(ephemeron, state);
            }
        }
        true
    }

    fn nil_unmarked_weak_slots(&mut self, weaklings: &[Oop], marks: &MarkBitmap) {
        for weakling in weaklings {
            let first_weak = self.weak_fixed_slot_count(*weakling);
            for index in first_weak..self.num_slots(*weakling) {
                let value = Oop(self.fetch_u64(*weakling, index));
                if self.is_old(value) && !marks.is_marked(value.address()) {
                    self.store_u64(*weakling, index, self.nil.bits());
                }
            }
        }
    }
}

/// Values below this from `movable_reference_screen` are references to
/// objects that may move (a slot value is an old address below 2^61).
const MOVABLE_REFERENCE_LIMIT: u64 = 1 << 61;

/// A word below `MOVABLE_REFERENCE_LIMIT` exactly when `value` is an object
/// reference (tag bits clear) at or above `first_movable`: the tag bits go to
/// the top, and references below `first_movable` wrap around. The bitwise
/// AND of several screens is below the limit if any one of them is.
#[inline(always)]
fn movable_reference_screen(value: u64, first_movable: u64) -> u64 {
    value.wrapping_sub(first_movable) | (value << 61)
}

/// Marks and pushes the object `value` refers to, if it is a movable,
/// unmarked object.
#[inline(always)]
fn mark_and_push_slot(value: u64, state: &mut MarkState) {
    if movable_reference_screen(value, state.first_movable) < MOVABLE_REFERENCE_LIMIT
        && state.marks.mark(value)
    {
        state.mark_stack.push(Oop(value));
    }
}
