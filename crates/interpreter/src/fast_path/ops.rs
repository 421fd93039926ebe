//! Pre-decoded ops: the fast loop runs each Sista method or block from an array
//! of 8-byte [`Op`]s, one per bytecode byte offset, kept in one [`OpArena`].
//!
//! An op's `kind` is either the byte at its offset (0–255: the plain bytecode,
//! run by the fast loop's per-byte arms, which read their operands from the
//! method as before) or a superinstruction (`FIRST_SUPERINSTRUCTION..`) covering
//! several instructions with its operands decoded (see `translate.rs` for which
//! sequences, `superinstructions.rs` for how they run). Because there is an op
//! at every offset, ip stays the bytecode offset: jumps into the middle of a
//! fused sequence, frames, contexts and the slow decoder are unaffected.
//!
//! Code is found by its `code_base`: op `(code_base + ip) & ARENA_MASK` is the
//! op at ip. The fast loop keeps `pc = code_base + ip` as its register and
//! works out ip only when it needs it (operand bytes, frames, slow paths). Bases are kept by code oop and invalidated with the method
//! verdicts (`method_facts.rs`): scavenge drops young code's, full GC / become /
//! `flushCache` drop theirs. When the arena is full it starts again empty; the
//! caller then flushes every cache holding a base (lookup cache, summaries).
use std::cell::Cell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use stvm_heap::Heap;
use stvm_object_model::Oop;

use crate::method_facts::OopHasher;

/// Ops in the arena (a power of two: 512 KB of ops; `stvm bench` translates
/// about 13 000 bytes of bytecodes, so a reset is rare; a power of 2¹⁶ also
/// makes the index mask a 16-bit zero extension).
#[cfg(not(test))]
pub(crate) const ARENA_OPS: usize = 1 << 16;
/// Ops in the arena of unit tests: small, so that tests fill it.
#[cfg(test)]
pub(crate) const ARENA_OPS: usize = 1 << 12;
/// Mask of an arena index.
pub(crate) const ARENA_MASK: usize = ARENA_OPS - 1;
/// A code base meaning "no ops" (code too large for the arena, or not Sista).
pub(crate) const NO_BASE: u32 = u32::MAX;

/// One pre-decoded op (see the module doc). Operand meaning depends on `kind`.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
#[repr(C, align(8))]
pub(crate) struct Op {
    /// The byte (0–255) or a superinstruction kind.
    pub(crate) kind: u16,
    /// A superinstruction's lengths in bytes (prefixes included): covered
    /// (low nibble) and of its first instruction (high nibble); see `lengths`.
    pub(crate) lengths: u8,
    /// First operand: a frame slot offset (from fp).
    pub(crate) a: u8,
    /// Second operand: a frame slot offset, a tagged SmallInteger (i16 bits) or
    /// a literal index.
    pub(crate) b: u16,
    /// Third operand: a frame slot offset, a jump target (an i16 offset from
    /// the op's first byte), or a value as `b`.
    pub(crate) c: u16,
}

impl Op {
    /// The `lengths` field of `covered` bytes whose first instruction has
    /// `first` bytes (both below 16).
    pub(crate) const fn lengths(covered: u8, first: u8) -> u8 {
        covered | first << 4
    }

    /// Bytes covered.
    #[inline(always)]
    pub(crate) fn covered(self) -> usize {
        usize::from(self.lengths & 15)
    }

    /// Bytes of the first instruction covered.
    #[inline(always)]
    pub(crate) fn first_length(self) -> usize {
        usize::from(self.lengths >> 4)
    }

    /// The plain op of `byte`.
    pub(crate) const fn plain(byte: u8) -> Op {
        Op {
            kind: byte as u16,
            lengths: Op::lengths(1, 1),
            a: 0,
            b: 0,
            c: 0,
        }
    }
}

/// Outcome of [`OpArena::install`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Installed {
    /// Installed at this base; every other base is still valid.
    At(u32),
    /// Installed at this base after emptying the arena: every other base is gone.
    AfterReset(u32),
    /// Larger than the whole arena: the code has no ops.
    TooLarge,
}

/// The code the fast loop last ran and its base, valid while the arena's
/// epoch is unchanged: after a slow step in the same method (the common
/// case), the fast loop's registers reload without probing for the base.
#[derive(Clone, Copy, Default)]
pub(crate) struct LastCode {
    /// The method (compared only, never followed: the epoch changes at every GC).
    pub(crate) method: Oop,
    /// Its base.
    pub(crate) code_base: usize,
    /// The epoch the base was valid in (0: never).
    pub(crate) epoch: u64,
}

/// The ops themselves, shared with the running loop (`OpArena::shared`): held in
/// a local there, their address stays in a register instead of being reloaded
/// from the interpreter at every op; `Cell`s let translation write them
/// through the arena's own handle meanwhile.
pub(crate) type Ops = Rc<[Cell<Op>; ARENA_OPS]>;

/// The op at arena position `pc` (a code base plus an ip).
#[inline(always)]
pub(crate) fn op_at(ops: &Ops, pc: usize) -> Op {
    ops[pc & ARENA_MASK].get()
}

/// The ops of all translated code, and the base of each code oop.
pub(crate) struct OpArena {
    ops: Ops,
    next: usize,
    bases: HashMap<u64, u32, BuildHasherDefault<OopHasher>>,
    /// Times the arena was full and started again.
    resets: u64,
    /// Changes whenever a base may have become invalid (see `epoch`).
    epoch: u64,
    /// The code the fast loop last ran.
    pub(crate) last_code: LastCode,
}

impl Default for OpArena {
    fn default() -> Self {
        OpArena {
            ops: std::iter::repeat_n(Cell::new(Op::default()), ARENA_OPS)
                .collect::<Rc<[Cell<Op>]>>()
                .try_into()
                .unwrap_or_else(|_| unreachable!("the vector has ARENA_OPS ops")),
            next: 0,
            bases: HashMap::default(),
            resets: 0,
            epoch: 1,
            last_code: LastCode::default(),
        }
    }
}

impl OpArena {
    /// The ops, for the loop that runs them.
    pub(crate) fn shared(&self) -> Ops {
        Rc::clone(&self.ops)
    }

    /// The op at arena position `pc` (for tests).
    #[cfg(test)]
    pub(crate) fn at(&self, pc: usize) -> Op {
        op_at(&self.ops, pc)
    }

    /// The base of `code`'s ops, if it has been translated.
    pub(crate) fn base_of(&self, code: Oop) -> Option<u32> {
        self.bases.get(&code.bits()).copied()
    }

    /// Copies `ops` (the ops of ips `initial_ip..`) into the arena for `code`.
    pub(crate) fn install(&mut self, code: Oop, initial_ip: usize, ops: &[Op]) -> Installed {
        if ops.len() > ARENA_OPS {
            return Installed::TooLarge;
        }
        let was_reset = self.next + ops.len() > ARENA_OPS;
        if was_reset {
            self.clear();
            self.resets += 1;
        }
        let start = self.next;
        for (cell, op) in self.ops[start..start + ops.len()].iter().zip(ops) {
            cell.set(*op);
        }
        self.next += ops.len();
        let base = (start.wrapping_sub(initial_ip) & ARENA_MASK) as u32;
        self.bases.insert(code.bits(), base);
        if was_reset {
            Installed::AfterReset(base)
        } else {
            Installed::At(base)
        }
    }

    /// Forgets every translation (the ops are overwritten from the start).
    pub(crate) fn clear(&mut self) {
        self.bases.clear();
        self.next = 0;
        self.epoch += 1;
    }

    /// Forgets the translation of `code`.
    pub(crate) fn forget(&mut self, code: Oop) {
        self.bases.remove(&code.bits());
        self.epoch += 1;
    }

    /// After a scavenge: forgets young code (it moved or died; it is translated
    /// again when it next runs).
    pub(crate) fn forget_young(&mut self, heap: &Heap) {
        self.bases.retain(|key, _| !heap.is_young(Oop(*key)));
        self.epoch += 1;
    }

    /// A number that changes whenever a base handed out may have become
    /// invalid (a translation forgotten, the arena emptied): a base known under
    /// an epoch is valid while the epoch is the same (never 0).
    #[inline(always)]
    pub(crate) fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Ops in use (for tests).
    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.next
    }

    /// Times the arena was full and started again (for tests).
    #[cfg(test)]
    pub(crate) fn resets(&self) -> u64 {
        self.resets
    }
}

#[cfg(test)]
mod tests;
