//! Encoding a decoded [`Instruction`] back into Sista V1 (used by round-trip tests and
//! by tools that rewrite code).

use super::Encoder;
use crate::instruction::Instruction::{self, *};

impl Encoder {
    /// Appends `instruction` in its shortest form. Returns false, emitting nothing, when
    /// Sista V1 has no bytecode for it (unknown opcodes, out-of-range constants,
    /// negative conditional jumps). Out-of-range indices panic as in the named methods.
    pub fn emit_instruction(&mut self, instruction: &Instruction) -> bool {
        match *instruction {
            PushSmallInteger(value) => return self.push_small_integer(value),
            PushCharacter(code) => return self.push_character(code),
            JumpIfTrue(offset) => {
                return u32::try_from(offset).map(|o| self.jump_if_true(o)).is_ok()
            }
            JumpIfFalse(offset) => {
                return u32::try_from(offset).map(|o| self.jump_if_false(o)).is_ok()
            }
            Unknown(_) => return false,
            _ => {}
        }
        self.emit_variable_access(instruction)
            || self.emit_control(instruction)
            || self.emit_other(instruction)
    }

    emit_variable_access!();

    fn emit_control(&mut self, instruction: &Instruction) -> bool {
        match *instruction {
            Send {
                selector_literal,
                num_args,
            } => self.send(selector_literal, num_args),
            SendSpecial(index) => self.send_special(index),
            SuperSend {
                selector_literal,
                num_args,
            } => self.super_send(selector_literal, num_args),
            DirectedSuperSend {
                selector_literal,
                num_args,
            } => self.directed_super_send(selector_literal, num_args),
            ReturnReceiver => self.return_receiver(),
            ReturnTrue => self.return_true(),
            ReturnFalse => self.return_false(),
            ReturnNil => self.return_nil(),
            ReturnTop => self.return_top(),
            BlockReturnTop => self.block_return_top(),
            BlockReturnNil => self.block_return_nil(),
            Jump(offset) => self.jump(offset),
            CallPrimitive(number) => self.call_primitive(number),
            CallInlinePrimitive(number) => self.call_inline_primitive(number),
            CallMappedInlinedPrimitive(index) => self.call_mapped_inlined_primitive(index),
            Trap => self.trap(),
            _ => return false,
        }
        true
    }

    fn emit_other(&mut self, instruction: &Instruction) -> bool {
        match *instruction {
            PushReceiver => self.push_receiver(),
            PushTrue => self.push_true(),
            PushFalse => self.push_false(),
            PushNil => self.push_nil(),
            PushThisContext => self.push_this_context(),
            PushActiveProcess => self.push_active_process(),
            Dup => self.dup(),
            Pop => self.pop(),
            Nop => self.nop(),
            PushNewArray { size, pop_elements } => {
                self.push_new_array(u32::from(size), pop_elements)
            }
            PushFullClosure {
                literal_index,
                num_copied,
                receiver_on_stack,
                ignore_outer_context,
            } => self.push_full_closure(
                literal_index,
                num_copied,
                receiver_on_stack,
                ignore_outer_context,
            ),
            PushClosure {
                num_copied,
                num_args,
                block_size,
            } => self.push_closure(num_copied, num_args, block_size),
            _ => return false,
        }
        true
    }
}
