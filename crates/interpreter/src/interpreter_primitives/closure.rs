//! Closure evaluation primitives: 201–205, 207, 209, 221, 222 (`value`…) and
//! 206, 208 (`valueWithArguments:`), for FullBlockClosures and BlockClosures.
use stvm_object_model::class_index;

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// `aClosure value…`: activate with the stacked arguments.
    pub(crate) fn primitive_closure_value(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let closure = self.stack_value(num_args);
        if !self.is_closure(closure) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if self.activate_closure(closure, num_args) {
            Ok(())
        } else {
            Err(PrimitiveFailure::BadNumberOfArguments)
        }
    }

    /// `aClosure valueWithArguments: anArray`.
    pub(crate) fn primitive_closure_value_with_arguments(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 1 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let closure = self.stack_value(1);
        let arguments = self.top();
        if !self.is_closure(closure) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if !arguments.is_pointer()
            || self.heap.header(arguments).class_index() != class_index::ARRAY
        {
            return Err(PrimitiveFailure::BadArgument);
        }
        let count = self.heap.num_slots(arguments);
        let expected = self.heap.fetch_pointer(closure, 2);
        if count > 15 || expected.small_integer_value() != count as i64 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        self.sp -= 1;
        for index in 0..count {
            let value = self.heap.fetch_pointer(arguments, index);
            self.push(value);
        }
        if self.activate_closure(closure, count) {
            Ok(())
        } else {
            self.sp -= count;
            self.push(arguments);
            Err(PrimitiveFailure::BadReceiver)
        }
    }

    fn is_closure(&self, oop: stvm_object_model::Oop) -> bool {
        oop.is_pointer()
            && matches!(
                self.heap.header(oop).class_index(),
                class_index::FULL_BLOCK_CLOSURE | class_index::BLOCK_CLOSURE
            )
    }
}
