//! Store and pop-into bytecodes for receiver variables, literal variables, temps
//! and remote temps. Stores into read-only objects send `#attemptToAssign:withIndex:`.
use stvm_object_model::{layout, special_objects, Oop};

use crate::interpreter::Interpreter;

impl Interpreter {
    /// Store the top into receiver variable `index`; pop it when `pop`.
    #[inline(always)]
    pub(crate) fn store_receiver_variable_bytecode(&mut self, index: usize, pop: bool) -> bool {
        let receiver = self.receiver();
        let value = self.top();
        if self.heap.header(receiver).is_immutable() {
            return self.send_attempt_to_assign(receiver, value, index, pop);
        }
        if pop {
            self.sp -= 1;
        }
        if index <= layout::context::STACKP && self.is_context(receiver) {
            return self.store_context_field(receiver, index, value);
        }
        self.heap.store_pointer(receiver, index, value);
        false
    }

    /// Store the top into literal variable `index`; pop it when `pop`.
    pub(crate) fn store_literal_variable_bytecode(&mut self, index: usize, pop: bool) -> bool {
        let binding = self.literal(index);
        let value = self.top();
        if self.heap.is_immutable(binding) {
            return self.send_attempt_to_assign(binding, value, layout::association::VALUE, pop);
        }
        if pop {
            self.sp -= 1;
        }
        self.heap
            .store_pointer(binding, layout::association::VALUE, value);
        false
    }

    /// Store the top into temp `index`; pop it when `pop`.
    #[inline(always)]
    pub(crate) fn store_temporary_variable_bytecode(&mut self, index: usize, pop: bool) {
        let slot = self.stack.temp_index(self.fp, index);
        let value = self.top();
        self.stack.put(slot, value);
        if pop {
            self.sp -= 1;
        }
    }

    /// Store the top into remote temp `index` of the vector in temp `vector_index`.
    #[inline(always)]
    pub(crate) fn store_remote_temp_bytecode(
        &mut self,
        index: usize,
        vector_index: usize,
        pop: bool,
    ) -> bool {
        let Some(vector) = self.temp_vector_with(vector_index, index) else {
            return true;
        };
        let value = self.top();
        if self.heap.is_immutable(vector) {
            return self.send_attempt_to_assign(vector, value, index, pop);
        }
        if pop {
            self.sp -= 1;
        }
        self.heap.store_pointer(vector, index, value);
        false
    }

    /// Sends `#attemptToAssign: value withIndex: index + 1` to a read-only `object`.
    /// The value is popped and the send's result takes its place, which is the
    /// store's own stack effect; for a pop-into the result stays on the stack
    /// (one extra slot until the frame returns), a known simplification.
    fn send_attempt_to_assign(
        &mut self,
        object: Oop,
        value: Oop,
        index: usize,
        _pop: bool,
    ) -> bool {
        let Some(selector) =
            self.required_special_object(special_objects::SELECTOR_ATTEMPT_TO_ASSIGN)
        else {
            return true;
        };
        self.sp -= 1;
        self.push(object);
        self.push(value);
        self.push(Oop::small_integer_unchecked(index as i64 + 1));
        self.send(selector, 2);
        self.exit.is_some()
    }
}
