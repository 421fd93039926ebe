//! Push bytecodes: receiver variables, literals, literal variables, temps,
//! remote temps, constants, thisContext, the active process, new arrays, dup.
use stvm_object_model::{class_index, layout, Oop};

use crate::error::InterpreterError;
use crate::interpreter::Interpreter;

impl Interpreter {
    /// Push receiver variable `index` (married contexts answer their frame's state).
    #[inline(always)]
    pub(crate) fn push_receiver_variable_bytecode(&mut self, index: usize) {
        let receiver = self.receiver();
        let value = if index <= layout::context::STACKP && self.is_context(receiver) {
            self.context_field(receiver, index)
        } else {
            self.heap.fetch_pointer(receiver, index)
        };
        self.push(value);
    }

    /// Push the value of literal variable `index` (slot 1 of the binding).
    #[inline(always)]
    pub(crate) fn push_literal_variable_bytecode(&mut self, index: usize) {
        let binding = self.literal(index);
        let value = self.heap.fetch_pointer(binding, layout::association::VALUE);
        self.push(value);
    }

    /// Push literal `index`.
    #[inline(always)]
    pub(crate) fn push_literal_constant_bytecode(&mut self, index: usize) {
        let literal = self.literal(index);
        self.push(literal);
    }

    /// Push temp `index` (arguments first).
    #[inline(always)]
    pub(crate) fn push_temporary_variable_bytecode(&mut self, index: usize) {
        let slot = self.stack.temp_index(self.fp, index);
        let value = self.stack.at(slot);
        self.push(value);
    }

    /// Push the receiver.
    #[inline(always)]
    pub(crate) fn push_receiver_bytecode(&mut self) {
        let receiver = self.receiver();
        self.push(receiver);
    }

    /// Duplicate the top of stack.
    #[inline(always)]
    pub(crate) fn duplicate_top_bytecode(&mut self) {
        let top = self.top();
        self.push(top);
    }

    /// Push a SmallInteger.
    #[inline(always)]
    pub(crate) fn push_integer(&mut self, value: i64) {
        self.push(Oop::small_integer_unchecked(value));
    }

    /// Push a Character (nil-safe: an out-of-range code pushes nil).
    pub(crate) fn push_character(&mut self, code: i64) {
        let value = u32::try_from(code)
            .ok()
            .and_then(Oop::character)
            .unwrap_or(self.nil);
        self.push(value);
    }

    /// Push thisContext (marrying the frame when needed).
    pub(crate) fn push_active_context_bytecode(&mut self) -> bool {
        match self.ensure_frame_context(self.fp) {
            Some(context) => {
                self.push(context);
                false
            }
            None => true,
        }
    }

    /// Push the active Process (Sista 82 with extB 1).
    pub(crate) fn push_active_process_bytecode(&mut self) {
        let process = self.active_process().unwrap_or(self.nil);
        self.push(process);
    }

    /// Push remote temp `index` of the temp vector in temp `vector_index`.
    #[inline(always)]
    pub(crate) fn push_remote_temp_bytecode(&mut self, index: usize, vector_index: usize) {
        let Some(vector) = self.temp_vector_with(vector_index, index) else {
            return;
        };
        let value = self.heap.fetch_pointer(vector, index);
        self.push(value);
    }

    /// Push a new Array: `descriptor` bit 7 = pop the elements from the stack,
    /// bits 0–6 = size.
    pub(crate) fn push_new_array_bytecode(&mut self, descriptor: u8) -> bool {
        let size = usize::from(descriptor & 0x7F);
        let array = match self.heap.allocate(
            class_index::ARRAY,
            stvm_object_model::ObjectFormat::INDEXABLE,
            size,
        ) {
            Ok(array) => array,
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                return true;
            }
        };
        if descriptor & 0x80 != 0 {
            for index in 0..size {
                let value = self.stack.at(self.sp + 1 - size + index);
                self.heap.store_pointer_unchecked(array, index, value);
            }
            self.sp -= size;
        }
        self.push(array);
        false
    }
}
