//! Finalization: primitive 172 `fetchMourner` hands out the ephemerons the
//! collectors queued, and after a collection that queued some the
//! finalization semaphore (special object 41) is signalled. The signal is
//! sent from the periodic checks (a safe point for a process switch), never
//! from inside a primitive; primitives 130/131 ask for an early check.
use stvm_object_model::special_objects;

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// Primitive 172: the next mourner, failing (NotFound) when none is queued.
    pub(crate) fn primitive_fetch_mourner(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 0 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let mourner = self.heap.next_mourner().ok_or(PrimitiveFailure::NotFound)?;
        self.answer(0, mourner)
    }

    /// Signals the finalization semaphore if a collection queued mourners
    /// since the last call (may switch processes).
    pub(crate) fn signal_finalization_if_needed(&mut self) {
        if !self.heap.take_finalization_signal() {
            return;
        }
        let semaphore = self
            .heap
            .special_object(special_objects::THE_FINALIZATION_SEMAPHORE);
        self.synchronous_signal(semaphore);
    }

    /// Makes the next send run the periodic checks (after a GC primitive,
    /// so that the finalization semaphore is signalled promptly).
    pub(crate) fn request_early_check(&mut self) {
        self.check_countdown = 1;
    }
}
