//! Context primitives 210 `at:`, 211 `at:put:`, 212 `size`: indexed access to a
//! context's stack slots, read and written through its frame when married.
use stvm_object_model::{class_index, layout::context as ctx, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// `aContext at: index` (1-based over args, temps and stack, up to stackp).
    pub(crate) fn primitive_context_at(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let (context, slot) = self.context_and_slot(num_args, 1)?;
        let value = self.context_field(context, slot);
        self.answer(num_args, value)
    }

    /// `aContext at: index put: value`.
    pub(crate) fn primitive_context_at_put(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let (context, slot) = self.context_and_slot(num_args, 2)?;
        let value = self.top();
        self.sp -= num_args;
        self.stack.put(self.sp, value);
        self.store_context_field(context, slot, value);
        Ok(())
    }

    /// `aContext size` (its stackp).
    pub(crate) fn primitive_context_size(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let context = self.stack_value(num_args);
        if num_args != 0 || !self.is_context(context) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        let stackp = self.context_field(context, ctx::STACKP);
        let size = if stackp.is_small_integer() {
            stackp
        } else {
            Oop::small_integer_unchecked(0)
        };
        self.answer(0, size)
    }

    /// The receiver context and the heap slot of its 1-based index argument.
    fn context_and_slot(
        &mut self,
        num_args: usize,
        expected: usize,
    ) -> Result<(Oop, usize), PrimitiveFailure> {
        if num_args != expected {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let context = self.stack_value(num_args);
        let index = self.stack_value(num_args - 1);
        if !context.is_pointer() || self.heap.header(context).class_index() != class_index::CONTEXT
        {
            return Err(PrimitiveFailure::BadReceiver);
        }
        let stackp = self
            .context_field(context, ctx::STACKP)
            .small_integer_value();
        let index = index
            .as_small_integer()
            .ok_or(PrimitiveFailure::BadArgument)?;
        let capacity = (self.heap.num_slots(context) - ctx::TEMP_FRAME_START) as i64;
        if index < 1 || index > stackp.max(0).min(capacity) {
            return Err(PrimitiveFailure::BadIndex);
        }
        Ok((context, ctx::TEMP_FRAME_START + index as usize - 1))
    }
}
