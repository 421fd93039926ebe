//! Encoding a decoded [`Instruction`] back into V3PlusClosures (used by round-trip tests
//! and by tools that rewrite code).

use super::Encoder;
use crate::instruction::Instruction::{self, *};

impl Encoder {
    /// Appends `instruction` in its shortest form. Returns false, emitting nothing, when
    /// V3PlusClosures has no bytecode for it (Sista-only instructions, constants other
    /// than -1..=2, negative conditional jumps). Out-of-range indices panic as in the
    /// named methods.
    pub fn emit_instruction(&mut self, instruction: &Instruction) -> bool {
        match *instruction {
            PushSmallInteger(value) => return self.push_small_integer(value),
            JumpIfTrue(offset) => {
                return u32::try_from(offset).map(|o| self.jump_if_true(o)).is_ok()
            }
            JumpIfFalse(offset) => {
                return u32::try_from(offset).map(|o| self.jump_if_false(o)).is_ok()
            }
            _ => {}
        }
        self.emit_variable_access(instruction) || self.emit_other(instruction)
    }

    emit_variable_access!();

    fn emit_other(&mut self, instruction: &Instruction) -> bool {
        match *instruction {
            PushReceiver => self.push_receiver(),
            PushTrue => self.push_true(),
            PushFalse => self.push_false(),
            PushNil => self.push_nil(),
            PushThisContext => self.push_this_context(),
            Dup => self.dup(),
            Pop => self.pop(),
            PushNewArray { size, pop_elements } => {
                self.push_new_array(u32::from(size), pop_elements)
            }
            PushClosure {
                num_copied,
                num_args,
                block_size,
            } => self.push_closure(num_copied, num_args, block_size),
            Send {
                selector_literal,
                num_args,
            } => self.send(selector_literal, num_args),
            SendSpecial(index) => self.send_special(index),
            SuperSend {
                selector_literal,
                num_args,
            } => self.super_send(selector_literal, num_args),
            ReturnReceiver => self.return_receiver(),
            ReturnTrue => self.return_true(),
            ReturnFalse => self.return_false(),
            ReturnNil => self.return_nil(),
            ReturnTop => self.return_top(),
            BlockReturnTop => self.block_return_top(),
            Jump(offset) => self.jump(offset),
            CallPrimitive(number) => self.call_primitive(number),
            _ => return false,
        }
        true
    }
}
