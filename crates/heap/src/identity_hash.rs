//! Identity hashes: 22-bit, non-zero, assigned lazily from a seeded generator
//! (Spur's `newObjectHash`), stored in the header so they survive moves.
use stvm_object_model::{header, Oop};

use crate::heap::Heap;

impl Heap {
    /// The identity hash of a non-immediate, assigning one on first use.
    pub fn identity_hash(&mut self, oop: Oop) -> u32 {
        let header = self.header(oop);
        let existing = header.identity_hash();
        if existing != 0 {
            return existing;
        }
        let hash = self.new_object_hash();
        self.set_header(oop, header.with_identity_hash(hash));
        hash
    }

    /// True if `oop` already has an identity hash.
    pub fn has_identity_hash(&self, oop: Oop) -> bool {
        oop.is_pointer() && self.header(oop).identity_hash() != 0
    }

    /// The next value of the hash generator (never 0).
    fn new_object_hash(&mut self) -> u32 {
        if self.last_hash & 0xFFFF_FFFF == 0 {
            self.last_hash = 1; // a zero state would never leave zero
        }
        loop {
            self.last_hash = self.last_hash.wrapping_mul(16807) & 0xFFFF_FFFF;
            let hash =
                (self.last_hash.wrapping_add(self.last_hash >> 4) & header::HASH_MASK) as u32;
            if hash != 0 {
                return hash;
            }
        }
    }

    /// The generator's state (saved in image headers as "last hash").
    pub fn last_hash(&self) -> u64 {
        self.last_hash
    }
}
