//! Closure creation: Sista full blocks (249) and non-full BlockClosures
//! (V3 143, Sista 250) with their copied values.
use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

use crate::error::InterpreterError;
use crate::interpreter::Interpreter;
use crate::method_header::{is_compiled_code, MethodHeaderBits};

impl Interpreter {
    /// Push a FullBlockClosure of the CompiledBlock literal `literal_index`;
    /// `flags` bit 7 = receiver on stack, bit 6 = ignore outer context, bits 0–5 = copied.
    pub(crate) fn push_full_closure_bytecode(&mut self, literal_index: usize, flags: u8) -> bool {
        let block = self.literal(literal_index);
        if !is_compiled_code(&self.heap, block) {
            self.fail_run(InterpreterError::BadMethod);
            return true;
        }
        let num_copied = usize::from(flags & 0x3F);
        let outer = if flags & 0x40 != 0 {
            self.nil
        } else {
            match self.ensure_frame_context(self.fp) {
                Some(context) => context,
                None => return true,
            }
        };
        let closure = match self.heap.allocate(
            class_index::FULL_BLOCK_CLOSURE,
            ObjectFormat::FIXED_AND_INDEXABLE,
            layout::full_block_closure::FIRST_COPIED_VALUE + num_copied,
        ) {
            Ok(closure) => closure,
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                return true;
            }
        };
        let num_args = MethodHeaderBits::of(&self.heap, block).num_args() as i64;
        self.fill_copied_values(
            closure,
            layout::full_block_closure::FIRST_COPIED_VALUE,
            num_copied,
        );
        let receiver = if flags & 0x80 != 0 {
            self.pop()
        } else {
            self.receiver()
        };
        use layout::full_block_closure as slots;
        self.heap
            .store_pointer(closure, slots::OUTER_CONTEXT, outer);
        self.heap
            .store_pointer(closure, slots::COMPILED_BLOCK, block);
        self.heap.store_pointer(
            closure,
            slots::NUM_ARGS,
            Oop::small_integer_unchecked(num_args),
        );
        self.heap.store_pointer(closure, slots::RECEIVER, receiver);
        self.push(closure);
        false
    }

    /// Push a BlockClosure whose `block_size`-byte body starts at the current ip,
    /// then skip the body.
    pub(crate) fn push_closure_bytecode(
        &mut self,
        num_copied: usize,
        num_args: usize,
        block_size: usize,
    ) -> bool {
        let Some(outer) = self.ensure_frame_context(self.fp) else {
            return true;
        };
        let closure = match self.heap.allocate(
            class_index::BLOCK_CLOSURE,
            ObjectFormat::FIXED_AND_INDEXABLE,
            layout::block_closure::FIRST_COPIED_VALUE + num_copied,
        ) {
            Ok(closure) => closure,
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                return true;
            }
        };
        self.fill_copied_values(
            closure,
            layout::block_closure::FIRST_COPIED_VALUE,
            num_copied,
        );
        use layout::block_closure as slots;
        self.heap
            .store_pointer(closure, slots::OUTER_CONTEXT, outer);
        let start_pc = Oop::small_integer_unchecked(self.ip as i64 + 1);
        self.heap.store_pointer(closure, slots::START_PC, start_pc);
        self.heap.store_pointer(
            closure,
            slots::NUM_ARGS,
            Oop::small_integer_unchecked(num_args as i64),
        );
        self.ip += block_size;
        self.push(closure);
        false
    }

    /// Moves the top `count` stack values (deepest first) into `closure` from slot `first`.
    fn fill_copied_values(&mut self, closure: Oop, first: usize, count: usize) {
        for index in 0..count {
            let value = self.stack.at(self.sp + 1 - count + index);
            self.heap.store_pointer(closure, first + index, value);
        }
        self.sp -= count;
    }
}
