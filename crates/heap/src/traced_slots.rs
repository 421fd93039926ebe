//! Which slots of an object hold oops the collectors trace and update:
//! every slot of a pointer object (formats 0–5), the header and literals of
//! compiled code (formats 24–31), none of a bits object. Weak objects (format 4)
//! are split into a strong fixed part and a weak indexable part, whose boundary
//! comes from the class's format word.
use stvm_object_model::{layout, ObjectFormat, Oop};

use crate::heap::Heap;

/// Mask of the literal count in a compiled method's header SmallInteger.
const NUM_LITERALS_MASK: i64 = 0x7FFF;

impl Heap {
    /// Number of leading slots holding oops of an object with this `format`
    /// and `num_slots`, given the raw value of its slot 0 (ignored unless it
    /// is compiled code, whose method header says how many literals it has).
    #[inline(always)]
    pub(crate) fn traced_slot_count_for(
        format: ObjectFormat,
        num_slots: usize,
        first_slot: u64,
    ) -> usize {
        if format.is_pointers() {
            return num_slots;
        }
        if format.is_compiled_method() {
            let literals = Oop(first_slot)
                .as_small_integer()
                .map_or(0, |h| (h & NUM_LITERALS_MASK) as usize);
            return (literals + 1).min(num_slots);
        }
        0
    }

    /// Number of leading slots of `oop` that hold oops.
    #[inline]
    pub(crate) fn traced_slot_count(&self, oop: Oop) -> usize {
        let num_slots = self.num_slots(oop);
        if num_slots == 0 {
            return 0;
        }
        Heap::traced_slot_count_for(self.format_of(oop), num_slots, self.fetch_u64(oop, 0))
    }

    /// The number of strong (fixed) slots of a weak object: its class's fixed
    /// field count, 0 when the class is missing or malformed. Follows a
    /// forwarded class (the scavenger may have moved it already).
    pub(crate) fn weak_fixed_slot_count(&self, weak: Oop) -> usize {
        let class = self.follow_forwarded(self.class_at_index(self.header(weak).class_index()));
        if class == self.nil
            || !self.format_of(class).is_pointers()
            || self.num_slots(class) <= layout::class::FORMAT
        {
            return 0;
        }
        self.fetch_pointer(class, layout::class::FORMAT)
            .as_small_integer()
            .map_or(0, layout::class::fixed_fields)
            .min(self.num_slots(weak))
    }

    /// `oop`, or the object a chain of forwarders starting at it ends at.
    #[inline]
    pub(crate) fn follow_forwarded(&self, mut oop: Oop) -> Oop {
        while oop.is_pointer() && self.header(oop).is_forwarded() {
            oop = Oop(self.fetch_u64(oop, 0));
        }
        oop
    }

    /// Bytes the chunk of `oop` occupies (overflow word included).
    #[inline]
    pub(crate) fn chunk_bytes(&self, oop: Oop) -> u64 {
        self.address_after(oop) - self.chunk_start(oop)
    }

    /// True if any traced slot of `oop` refers to a young object.
    pub(crate) fn has_young_referent(&self, oop: Oop) -> bool {
        (0..self.traced_slot_count(oop)).any(|i| self.is_young(Oop(self.fetch_u64(oop, i))))
    }
}
