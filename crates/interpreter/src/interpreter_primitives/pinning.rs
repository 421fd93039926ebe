//! Primitive 184 `pin:` for young objects: pinned objects must be old, so
//! pinning a young one moves it to old space (`Heap::pin`, with the
//! interpreter's roots so every frame sees the new address). Every other case
//! (unpinning, old objects, bad arguments) is the pure primitive's.
use stvm_heap::PinError;
use stvm_object_model::Oop;

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::{pure_primitive, PrimitiveCall, PrimitiveFailure};

impl Interpreter {
    /// `anObject pin: aBoolean`: answers whether it was pinned before.
    pub(crate) fn primitive_pin(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let receiver = self.stack_value(num_args);
        if num_args == 1
            && self.top() == self.true_object
            && receiver.is_pointer()
            && !self.is_context(receiver)
            && self.heap.is_young(receiver)
        {
            return self.pin_young_object(receiver);
        }
        self.delegate_to_pure_primitive(184, num_args)
    }

    /// Moves a young object to old space and pins it (it was not pinned).
    fn pin_young_object(&mut self, object: Oop) -> InterpreterPrimitiveResult {
        let mut outcome = Ok(());
        self.with_roots(|heap, roots| {
            outcome = heap.pin(object, roots).map(|_| ());
        });
        match outcome {
            Ok(()) => self.answer(1, self.false_object),
            Err(PinError::Immediate) => Err(PrimitiveFailure::BadReceiver),
            Err(PinError::OutOfMemory(_)) => Err(PrimitiveFailure::InsufficientObjectMemory),
        }
    }

    /// Runs pure primitive `number` on the stacked receiver and arguments.
    pub(crate) fn delegate_to_pure_primitive(
        &mut self,
        number: u16,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let function = pure_primitive(number).ok_or(PrimitiveFailure::Generic)?;
        let arguments: Vec<Oop> = (0..num_args)
            .map(|index| self.stack_value(num_args - 1 - index))
            .collect();
        let receiver = self.stack_value(num_args);
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: self.platform.as_mut(),
            receiver,
            arguments: &arguments,
        };
        let result = function(&mut call)?;
        self.answer(num_args, result)
    }
}
