//! The heap verifier: checks the invariants every collection must leave
//! behind. Run after every GC in tests, before and after with the
//! `heap-verify` feature, and after with `HeapConfig::verify_after_gc`.
//!
//! Checked: every space walks object by object exactly to its top; every
//! object has a valid class index (a pun an object may carry, or a class in the
//! class table) and format; there are no forwarders and no marked objects;
//! young objects carry neither the remembered nor the pinned bit; every
//! reference (in traced slots, roots, the heap's own fields and the mourn
//! queue) is an immediate or the start of an object that is not a free chunk;
//! every old object referring to a young one is remembered, and every
//! remembered-set entry is a remembered old object; free chunks lie in old
//! space and match the free-chunk index exactly.
#[cfg(test)]
mod tests;
mod violation;

use std::collections::HashSet;

use stvm_object_model::{class_index, Oop};

pub use violation::{HeapViolation, ReferenceHolder};

use crate::heap::Heap;
use crate::roots::RootSource;

/// Class-index puns an object may carry.
const OBJECT_PUNS: [u32; 6] = [
    class_index::SEGMENT_BRIDGE,
    class_index::HIDDEN_ARRAY,
    class_index::HIDDEN_WEAK_ARRAY,
    class_index::HIDDEN_WORDS32,
    class_index::HIDDEN_WORDS64,
    class_index::CLASS_IS_ITSELF,
];

/// What checking one object needs besides the object.
struct VerifyContext<'v> {
    /// Every object's address, sorted.
    starts: &'v [u64],
    remembered: &'v HashSet<Oop>,
    /// The free-chunk index as `(chunk, bytes)`.
    free_chunks: &'v HashSet<(u64, u64)>,
}

impl Heap {
    /// Checks the heap's invariants; answers every violation found.
    pub fn verify(&self, roots: &mut dyn RootSource) -> Result<(), Vec<HeapViolation>> {
        let mut violations = Vec::new();
        let objects = self.walk_spaces_for_verification(&mut violations);
        let mut starts: Vec<u64> = objects.iter().map(|o| o.address()).collect();
        starts.sort_unstable();
        let remembered: HashSet<Oop> = self.remembered_set.iter().copied().collect();
        let context = VerifyContext {
            starts: &starts,
            remembered: &remembered,
            free_chunks: &self.listed_free_chunks(),
        };
        for object in &objects {
            self.verify_object(*object, &context, &mut violations);
        }
        self.verify_remembered_set(&starts, &mut violations);
        self.verify_free_chunk_index(&mut violations);
        self.verify_external_references(roots, &starts, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(violations)
        }
    }

    /// Walks every space, checking the walk ends at each top; answers the objects.
    fn walk_spaces_for_verification(&self, violations: &mut Vec<HeapViolation>) -> Vec<Oop> {
        let mut objects = Vec::new();
        for space in self.occupied_spaces() {
            let mut chunk = space.start;
            while chunk + 16 <= space.top {
                let oop = self.object_starting_at(chunk);
                let next = self.address_after(oop);
                if next > space.top {
                    break;
                }
                objects.push(oop);
                chunk = next;
            }
            if chunk != space.top {
                violations.push(HeapViolation::WalkDoesNotEndAtTop {
                    space_start: space.start,
                    top: space.top,
                    walk_end: chunk,
                });
            }
        }
        objects
    }

    fn verify_object(
        &self,
        object: Oop,
        context: &VerifyContext<'_>,
        violations: &mut Vec<HeapViolation>,
    ) {
        let (starts, remembered) = (context.starts, context.remembered);
        let header = self.header(object);
        if header.is_free() {
            self.verify_free_chunk(object, context.free_chunks, violations);
            return;
        }
        self.verify_header(object, remembered, violations);
        if header.is_forwarded() {
            return;
        }
        let mut refers_to_young = false;
        for slot in 0..self.traced_slot_count(object) {
            let value = Oop(self.fetch_u64(object, slot));
            refers_to_young |= self.is_young(value);
            if !self.is_valid_reference(value, starts) {
                let holder = ReferenceHolder::Object { object, slot };
                violations.push(HeapViolation::DanglingReference { holder, value });
            }
        }
        if refers_to_young && !self.is_young(object) && !remembered.contains(&object) {
            violations.push(HeapViolation::MissingRememberedEntry(object));
        }
    }

    fn verify_header(
        &self,
        object: Oop,
        remembered: &HashSet<Oop>,
        violations: &mut Vec<HeapViolation>,
    ) {
        let header = self.header(object);
        if header.is_forwarded() {
            violations.push(HeapViolation::Forwarder(object));
            return;
        }
        let class_index = header.class_index();
        let is_valid_class = if class_index::is_hidden(class_index) {
            OBJECT_PUNS.contains(&class_index)
        } else {
            self.class_at_index(class_index) != self.nil
        };
        if !is_valid_class {
            violations.push(HeapViolation::InvalidClassIndex {
                object,
                class_index,
            });
        }
        let format = header.format().value();
        if matches!(format, 6..=8) {
            violations.push(HeapViolation::InvalidFormat { object, format });
        }
        if header.is_marked() {
            violations.push(HeapViolation::MarkBitLeftSet(object));
        }
        if self.is_young(object) && (header.is_remembered() || header.is_pinned()) {
            violations.push(HeapViolation::YoungObjectWithOldFlags(object));
        }
        if header.is_remembered() && !remembered.contains(&object) {
            violations.push(HeapViolation::RememberedBitWithoutEntry(object));
        }
    }

    fn verify_free_chunk(
        &self,
        chunk: Oop,
        listed: &HashSet<(u64, u64)>,
        violations: &mut Vec<HeapViolation>,
    ) {
        let start = self.chunk_start(chunk);
        if !self.is_old(chunk) {
            violations.push(HeapViolation::FreeChunkOutsideOldSpace(chunk));
        } else if !listed.contains(&(start, self.address_after(chunk) - start)) {
            violations.push(HeapViolation::UnlistedFreeChunk(chunk));
        }
    }

    /// True for immediates and starts of objects that are not free chunks.
    fn is_valid_reference(&self, value: Oop, starts: &[u64]) -> bool {
        value.is_immediate()
            || (starts.binary_search(&value.address()).is_ok() && !self.header(value).is_free())
    }

    fn verify_remembered_set(&self, starts: &[u64], violations: &mut Vec<HeapViolation>) {
        for entry in &self.remembered_set {
            let is_valid = self.is_valid_reference(*entry, starts)
                && entry.is_pointer()
                && self.is_old(*entry)
                && self.header(*entry).is_remembered();
            if !is_valid {
                violations.push(HeapViolation::InvalidRememberedEntry(*entry));
            }
        }
    }

    fn verify_free_chunk_index(&self, violations: &mut Vec<HeapViolation>) {
        for (chunk, bytes) in self.free_chunks.iter() {
            let is_chunk = self
                .old_space
                .segments
                .iter()
                .any(|s| chunk >= s.start && chunk + bytes <= s.top)
                && {
                    let oop = self.object_starting_at(chunk);
                    self.header(oop).is_free() && self.address_after(oop) == chunk + bytes
                };
            if !is_chunk {
                violations.push(HeapViolation::BadFreeListEntry { chunk, bytes });
            }
        }
    }

    fn verify_external_references(
        &self,
        roots: &mut dyn RootSource,
        starts: &[u64],
        violations: &mut Vec<HeapViolation>,
    ) {
        let mut index = 0;
        roots.visit_roots(&mut |slot: &mut Oop| {
            if !self.is_valid_reference(*slot, starts) {
                let holder = ReferenceHolder::Root(index);
                violations.push(HeapViolation::DanglingReference {
                    holder,
                    value: *slot,
                });
            }
            index += 1;
        });
        let fields = [
            ("nil", self.nil),
            ("false", self.false_object),
            ("true", self.true_object),
            ("free lists", self.free_lists),
            ("hidden roots", self.hidden_roots),
            ("special objects", self.special_objects),
        ];
        for (name, value) in fields {
            if !self.is_valid_reference(value, starts) {
                let holder = ReferenceHolder::HeapField(name);
                violations.push(HeapViolation::DanglingReference { holder, value });
            }
        }
        for (index, value) in self.mourn_queue.iter().enumerate() {
            if !self.is_valid_reference(*value, starts) {
                let holder = ReferenceHolder::MournQueue(index);
                violations.push(HeapViolation::DanglingReference {
                    holder,
                    value: *value,
                });
            }
        }
    }

    /// With the `heap-verify` feature, verifies before a collection and panics
    /// with the violations (a debugging mode).
    pub(crate) fn check_heap_before_gc(&self, roots: &mut dyn RootSource) {
        if cfg!(feature = "heap-verify") {
            self.panic_on_violations(roots, "before");
        }
    }

    /// Verifies after a collection when `verify_after_gc` is set or with the
    /// `heap-verify` feature, panicking with the violations.
    pub(crate) fn check_heap_after_gc(&self, roots: &mut dyn RootSource) {
        if cfg!(feature = "heap-verify") || self.config.verify_after_gc {
            self.panic_on_violations(roots, "after");
        }
    }

    fn panic_on_violations(&self, roots: &mut dyn RootSource, when: &str) {
        if let Err(violations) = self.verify(roots) {
            let list: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
            panic!(
                "heap verification failed {when} GC ({} violations):\n{}",
                violations.len(),
                list.join("\n")
            );
        }
    }
}
