//! `become:` — two-way (`elementsExchangeIdentityWith:`, primitive 128) and
//! one-way (`becomeForward:`, primitives 72, 248, 249).
//!
//! Implemented by a heap scan, not forwarders: every reference (roots, the
//! special objects array, the mourn queue, every traced slot of every object,
//! class-table pages included) to a left object is replaced by the right one
//! (and, two-way, the reverse). Nothing moves, so no forwarder is ever left for
//! the interpreter to follow. When every object whose references change is
//! young, only new space, the remembered set and the roots are scanned (young
//! objects cannot be referenced from anywhere else).
//!
//! Identity hashes (as Pharo/Spur): two-way with `copy_hash` swaps the two
//! objects' hashes, so the hash stays with the identity (a reference's
//! `identityHash` is unchanged and hashed collections stay valid); without it
//! each object keeps its own. One-way: the right object keeps its hash unless
//! `copy_hash`, then it takes the left object's.
//!
//! Refusals (as Spur's `containsOnlyValidBecomeObjects`): arrays of unequal
//! length; an immediate on the left (or on the right when two-way, or one-way
//! with `copy_hash`); a pinned object on the left (or on the right when
//! two-way); a read-only object on the left (or on the right when two-way, or
//! one-way with `copy_hash`, since its hash would change). Pairs of identical
//! objects are skipped. An object may not appear in two pairs with different
//! partners. One-way chains (`a → b`, `b → c`) are followed, as Spur's
//! forwarders are: references to `a` end up at `c`.
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use stvm_object_model::Oop;

use crate::heap::Heap;
use crate::roots::RootSource;

/// Why a become was refused (nothing was changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BecomeError {
    /// The two arrays differ in length (PrimErrBadArgument).
    LengthMismatch,
    /// An immediate where an object is needed (PrimErrInappropriate).
    Immediate,
    /// A pinned object that would change identity (PrimErrObjectIsPinned).
    Pinned,
    /// A read-only object that would change (PrimErrNoModification).
    ReadOnly,
    /// An object paired with two different partners (PrimErrInappropriate).
    DuplicateObject,
}

impl fmt::Display for BecomeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            BecomeError::LengthMismatch => "become arrays differ in length",
            BecomeError::Immediate => "cannot become an immediate",
            BecomeError::Pinned => "cannot become a pinned object",
            BecomeError::ReadOnly => "cannot become a read-only object",
            BecomeError::DuplicateObject => "an object appears in two become pairs",
        };
        f.write_str(text)
    }
}

impl std::error::Error for BecomeError {}

impl Heap {
    /// Exchanges (`two_way`) or forwards (one-way) the identities of
    /// `left[i]` and `right[i]`; see the module documentation for hashes and
    /// refusals. `roots` are updated like every other reference.
    pub fn become_objects(
        &mut self,
        left: &[Oop],
        right: &[Oop],
        two_way: bool,
        copy_hash: bool,
        roots: &mut dyn RootSource,
    ) -> Result<(), BecomeError> {
        if left.len() != right.len() {
            return Err(BecomeError::LengthMismatch);
        }
        for (a, b) in left.iter().zip(right) {
            self.check_become_pair(*a, *b, two_way, copy_hash)?;
        }
        let map = become_map(left, right, two_way)?;
        if map.is_empty() {
            return Ok(());
        }
        let is_young_only = map.keys().all(|o| self.is_young(*o));
        self.remap_references(&map, is_young_only, roots);
        if copy_hash {
            self.copy_hashes_after_become(left, right, two_way);
        }
        Ok(())
    }

    fn check_become_pair(
        &self,
        left: Oop,
        right: Oop,
        two_way: bool,
        copy_hash: bool,
    ) -> Result<(), BecomeError> {
        self.check_becoming_object(left, true)?;
        if left == right {
            return Ok(());
        }
        if two_way {
            self.check_becoming_object(right, true)
        } else if copy_hash {
            self.check_becoming_object(right, false)
        } else {
            Ok(())
        }
    }

    fn check_becoming_object(&self, oop: Oop, is_pin_checked: bool) -> Result<(), BecomeError> {
        if oop.is_immediate() {
            return Err(BecomeError::Immediate);
        }
        let header = self.header(oop);
        if is_pin_checked && header.is_pinned() {
            return Err(BecomeError::Pinned);
        }
        if header.is_immutable() {
            return Err(BecomeError::ReadOnly);
        }
        Ok(())
    }

    fn copy_hashes_after_become(&mut self, left: &[Oop], right: &[Oop], two_way: bool) {
        for (a, b) in left.iter().zip(right) {
            if a == b {
                continue;
            }
            let hash_a = self.header(*a).identity_hash();
            let hash_b = self.header(*b).identity_hash();
            let new_b = self.header(*b).with_identity_hash(hash_a);
            self.set_header(*b, new_b);
            if two_way {
                let new_a = self.header(*a).with_identity_hash(hash_b);
                self.set_header(*a, new_a);
            }
        }
    }

    /// Replaces every reference to a key of `map` by its value, remembering
    /// old holders that come to refer to young objects.
    pub(crate) fn remap_references(
        &mut self,
        map: &HashMap<Oop, Oop>,
        is_young_only: bool,
        roots: &mut dyn RootSource,
    ) {
        let low = map.keys().map(|o| o.bits()).min().unwrap_or(0);
        let high = map.keys().map(|o| o.bits()).max().unwrap_or(0);
        let lookup = |value: Oop| -> Option<Oop> {
            if value.is_pointer() && value.bits() >= low && value.bits() <= high {
                map.get(&value).copied()
            } else {
                None
            }
        };
        roots.visit_roots(&mut |slot: &mut Oop| {
            if let Some(target) = lookup(*slot) {
                *slot = target;
            }
        });
        self.special_objects = lookup(self.special_objects).unwrap_or(self.special_objects);
        for entry in self.mourn_queue.iter_mut() {
            *entry = lookup(*entry).unwrap_or(*entry);
        }
        let remap_object = |heap: &mut Heap, object: Oop| {
            for index in 0..heap.traced_slot_count(object) {
                if let Some(target) = lookup(Oop(heap.fetch_u64(object, index))) {
                    heap.store_u64(object, index, target.bits());
                    heap.store_check(object, target);
                }
            }
        };
        if is_young_only {
            for holder in self.remembered_set.clone() {
                remap_object(self, holder);
            }
            self.for_each_young_object_mut(remap_object);
        } else {
            self.for_each_object_mut(remap_object);
        }
    }
}

/// The reference map of a become: left → right (and right → left two-way),
/// one-way chains resolved to their ends.
fn become_map(
    left: &[Oop],
    right: &[Oop],
    two_way: bool,
) -> Result<HashMap<Oop, Oop>, BecomeError> {
    let mut map = HashMap::with_capacity(left.len() * 2);
    let mut insert = |from: Oop, to: Oop| match map.insert(from, to) {
        Some(previous) if previous != to => Err(BecomeError::DuplicateObject),
        _ => Ok(()),
    };
    for (a, b) in left.iter().zip(right) {
        if a == b {
            continue;
        }
        insert(*a, *b)?;
        if two_way {
            insert(*b, *a)?;
        }
    }
    if !two_way {
        resolve_chains(&mut map);
    }
    Ok(map)
}

/// Makes every key map to the end of its chain (cycles stop after one lap).
fn resolve_chains(map: &mut HashMap<Oop, Oop>) {
    let keys: Vec<Oop> = map.keys().copied().collect();
    for key in keys {
        let mut target = map[&key];
        let mut steps = 0;
        while let Some(next) = map.get(&target) {
            if steps >= map.len() || *next == key {
                break;
            }
            target = *next;
            steps += 1;
        }
        map.insert(key, target);
    }
}
