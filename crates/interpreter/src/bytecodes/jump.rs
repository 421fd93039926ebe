//! Jump bytecodes: unconditional jumps (backward jumps are interrupt-check
//! points) and conditional jumps, which send `#mustBeBoolean` to a non-Boolean.
use stvm_object_model::special_objects;

use crate::interpreter::Interpreter;

impl Interpreter {
    /// Jump by `offset` bytes from the next instruction.
    #[inline(always)]
    pub(crate) fn jump_bytecode(&mut self, offset: i64) -> bool {
        self.ip = (self.ip as i64 + offset) as usize;
        if offset < 0 {
            return self.check_for_interrupts();
        }
        false
    }

    /// Pop the top; jump by `offset` if it is `jump_if`, go on if it is the other
    /// Boolean, else send `#mustBeBoolean` to it.
    #[inline(always)]
    pub(crate) fn conditional_jump_bytecode(&mut self, offset: i64, jump_if: bool) -> bool {
        let value = self.pop();
        if value == self.boolean(jump_if) {
            return self.jump_bytecode(offset);
        }
        if value == self.boolean(!jump_if) {
            return false;
        }
        self.send_must_be_boolean(value)
    }

    /// Sends `#mustBeBoolean` to `value`, leaving it on the stack as the receiver.
    fn send_must_be_boolean(&mut self, value: stvm_object_model::Oop) -> bool {
        self.push(value);
        let Some(selector) =
            self.required_special_object(special_objects::SELECTOR_MUST_BE_BOOLEAN)
        else {
            return true;
        };
        self.send(selector, 0);
        self.exit.is_some()
    }
}
