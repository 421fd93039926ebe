//! Become primitives over two Arrays of objects: 128 `elementsExchangeIdentityWith:`
//! (two-way, hashes follow the identities), 72 `elementsForwardIdentityTo:`
//! (one-way, the target takes the source's hash), 248 (one-way, hashes kept)
//! and 249 `elementsForwardIdentityTo:copyHash:` (one-way, hash copied when
//! the Boolean argument is true), as Spur's `become:with:twoWay:copyHash:`.
//!
//! The heap rewrites every reference, the interpreter's roots (stack pages,
//! registers) included; afterwards the lookup and named-primitive caches are
//! flushed (by `with_roots`) and the current method register is reloaded.
//! Refusals become primitive failures: unequal sizes → BadArgument,
//! immediates and duplicates → InappropriateOperation, pinned →
//! ObjectIsPinned, read-only → NoModification. On success the receiver is
//! answered.
use stvm_heap::BecomeError;
use stvm_object_model::{class_index, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::{Interpreter, NO_FRAME};
use crate::primitives::PrimitiveFailure;
use crate::stack_zone::frame;

/// The four become primitives, by what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BecomeKind {
    /// 128: exchange identities (and hashes).
    TwoWay,
    /// 72: forward, the target takes the source's hash.
    ForwardCopyingHash,
    /// 248: forward, every object keeps its hash.
    ForwardKeepingHash,
    /// 249: forward, hash copied if the extra Boolean argument is true.
    ForwardWithHashArgument,
}

impl BecomeKind {
    /// The kind of primitive `number` (72, 128, 248 or 249).
    pub(crate) fn of_primitive(number: u16) -> BecomeKind {
        match number {
            128 => BecomeKind::TwoWay,
            248 => BecomeKind::ForwardKeepingHash,
            249 => BecomeKind::ForwardWithHashArgument,
            _ => BecomeKind::ForwardCopyingHash,
        }
    }

    fn expected_arguments(self) -> usize {
        if self == BecomeKind::ForwardWithHashArgument {
            2
        } else {
            1
        }
    }
}

/// Maps a heap refusal to the primitive failure code Spur uses.
pub(crate) fn become_failure(error: BecomeError) -> PrimitiveFailure {
    match error {
        BecomeError::LengthMismatch => PrimitiveFailure::BadArgument,
        BecomeError::Immediate | BecomeError::DuplicateObject => {
            PrimitiveFailure::InappropriateOperation
        }
        BecomeError::Pinned => PrimitiveFailure::ObjectIsPinned,
        BecomeError::ReadOnly => PrimitiveFailure::NoModification,
    }
}

impl Interpreter {
    /// Primitives 72, 128, 248, 249: `receiverArray become…: argumentArray`.
    pub(crate) fn primitive_array_become(
        &mut self,
        num_args: usize,
        kind: BecomeKind,
    ) -> InterpreterPrimitiveResult {
        if num_args != kind.expected_arguments() {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let copy_hash = match kind {
            BecomeKind::TwoWay | BecomeKind::ForwardCopyingHash => true,
            BecomeKind::ForwardKeepingHash => false,
            BecomeKind::ForwardWithHashArgument => self.boolean_argument(self.top())?,
        };
        let left_array = self.stack_value(num_args);
        let right_array = self.stack_value(num_args - 1);
        if !self.is_array(left_array) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if !self.is_array(right_array) {
            return Err(PrimitiveFailure::BadArgument);
        }
        let left = self.array_elements(left_array);
        let right = self.array_elements(right_array);
        self.become_objects(&left, &right, kind == BecomeKind::TwoWay, copy_hash)
            .map_err(become_failure)?;
        self.sp -= num_args;
        Ok(())
    }

    /// Runs the heap's become with the interpreter's roots, then refreshes
    /// every register that caches an oop.
    pub(crate) fn become_objects(
        &mut self,
        left: &[Oop],
        right: &[Oop],
        two_way: bool,
        copy_hash: bool,
    ) -> Result<(), BecomeError> {
        let mut outcome = Ok(());
        self.with_roots(|heap, roots| {
            outcome = heap.become_objects(left, right, two_way, copy_hash, roots);
        });
        if outcome.is_ok() && self.fp != NO_FRAME {
            let method = self.stack.at(self.fp + frame::METHOD);
            self.set_method(method);
        }
        outcome
    }

    /// True for an Array (class index 51).
    fn is_array(&self, oop: Oop) -> bool {
        oop.is_pointer() && self.heap.header(oop).class_index() == class_index::ARRAY
    }

    /// The elements of an Array.
    pub(crate) fn array_elements(&self, array: Oop) -> Vec<Oop> {
        (0..self.heap.num_slots(array))
            .map(|index| self.heap.fetch_pointer(array, index))
            .collect()
    }

    /// `true` / `false` as a Rust bool, else BadArgument.
    pub(crate) fn boolean_argument(&self, oop: Oop) -> Result<bool, PrimitiveFailure> {
        if oop == self.true_object {
            Ok(true)
        } else if oop == self.false_object {
            Ok(false)
        } else {
            Err(PrimitiveFailure::BadArgument)
        }
    }
}
