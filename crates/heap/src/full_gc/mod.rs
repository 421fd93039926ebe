//! The full (global) collection: tenure, mark, compact.
//!
//! 1. **Tenure everything**: a scavenge that copies every new-space survivor
//!    into old space, so new space ends empty and the remembered set with it.
//!    (Simpler than teaching the marker and compactor about new space; the cost
//!    is that short-lived survivors age at once.)
//! 2. **Mark** old space from the roots: the `RootSource`, the special objects
//!    array, nil/false/true, the free-lists and hidden-roots objects (so the
//!    whole class table is a strong root: a class stays alive while it is in
//!    the table, whether or not it has instances), and the mourn queue. The
//!    marker uses an explicit mark stack (no recursion) and the header's
//!    marked bit. Weak objects' indexable slots are not traced; ephemerons
//!    whose keys are unmarked are set aside, as in the scavenger, and mourned
//!    when nothing else reaches their keys. Afterwards weak slots referring to
//!    unmarked objects are set to nil.
//! 3. **Compact** old space (see `compact`): live objects slide down in address
//!    order, across segments; pinned objects stay put; holes before pinned
//!    objects become free chunks; empty segments are released.
#[cfg(test)]
mod tests;

mod compact;

use std::time::Instant;

use stvm_object_model::Oop;

use crate::heap::Heap;
use crate::roots::RootSource;

/// Work lists of the mark phase.
#[derive(Default)]
struct MarkState {
    /// End of the five objects old space starts with (nil … hidden roots):
    /// they are marked as roots, so references below this need no work.
    first_movable: u64,
    mark_stack: Vec<Oop>,
    weaklings: Vec<Oop>,
    unscanned_ephemerons: Vec<Oop>,
}

impl Heap {
    /// Collects the whole heap: afterwards new space is empty, old space is
    /// compacted, there are no forwarders, and every root slot holds its
    /// object's new address.
    pub fn full_gc(&mut self, roots: &mut dyn RootSource) {
        self.check_heap_before_gc(roots);
        let started = Instant::now();
        self.scavenge_new_space(roots, true);
        self.mark_live_objects(roots);
        self.compact_old_space(roots);
        self.statistics.full_gcs += 1;
        self.statistics.full_gc_time += started.elapsed();
        self.check_heap_after_gc(roots);
    }

    fn mark_live_objects(&mut self, roots: &mut dyn RootSource) {
        let mut state = MarkState {
            first_movable: self.first_movable_address(),
            ..MarkState::default()
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
                self.mark_referents(object, &mut state);
            }
            if !self.mark_through_ephemerons(&mut state) {
                break;
            }
        }
        self.nil_unmarked_weak_slots(&state.weaklings);
    }

    /// The address after the hidden-roots object: nil, false, true, the
    /// free-lists and hidden-roots objects lie below it, are always live and
    /// never move (nothing precedes them).
    pub(super) fn first_movable_address(&self) -> u64 {
        self.address_after(self.hidden_roots)
    }

    #[inline]
    fn mark_and_push(&mut self, oop: Oop, state: &mut MarkState) {
        if !self.is_old(oop) {
            return;
        }
        let header = self.header(oop);
        if !header.is_marked() {
            self.set_header(oop, header.with_marked(true));
            state.mark_stack.push(oop);
        }
    }

    fn mark_referents(&mut self, object: Oop, state: &mut MarkState) {
        let format = self.format_of(object);
        let strong_slots = if format.is_weak() {
            state.weaklings.push(object);
            self.weak_fixed_slot_count(object)
        } else if format.is_ephemeron() && !self.is_ephemeron_key_marked(object) {
            state.unscanned_ephemerons.push(object);
            return;
        } else {
            self.traced_slot_count(object)
        };
        let first_movable = state.first_movable;
        for index in 0..strong_slots {
            let value = self.fetch_u64(object, index);
            if value >= first_movable && value & 7 == 0 {
                self.mark_and_push(Oop(value), state);
            }
        }
    }

    fn is_ephemeron_key_marked(&self, ephemeron: Oop) -> bool {
        if self.num_slots(ephemeron) == 0 {
            return true;
        }
        let key = Oop(self.fetch_u64(ephemeron, 0));
        !key.is_pointer() || self.header(key).is_marked()
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
            .partition(|e| self.is_ephemeron_key_marked(*e));
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

    fn nil_unmarked_weak_slots(&mut self, weaklings: &[Oop]) {
        for weakling in weaklings {
            let first_weak = self.weak_fixed_slot_count(*weakling);
            for index in first_weak..self.num_slots(*weakling) {
                let value = Oop(self.fetch_u64(*weakling, index));
                if value.is_pointer() && !self.header(value).is_marked() {
                    self.store_u64(*weakling, index, self.nil.bits());
                }
            }
        }
    }
}
