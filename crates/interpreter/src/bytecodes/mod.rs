//! Bytecode handlers, one file per family. Each handler decodes nothing itself:
//! the dispatch loop (`dispatch.rs`) passes the operands. Handlers that can end
//! the run (returns, sends reaching a fatal error) answer `true` to stop the loop.
mod closure;
mod jump;
mod push;
mod returns;
mod send;
pub(crate) mod special_selectors;
mod store;

use stvm_object_model::Oop;

use crate::interpreter::Interpreter;
use crate::stack_zone::frame;

impl Interpreter {
    /// Pushes `value` on the operand stack; a push past the end of the stack
    /// page (only a malformed method does that) stops the run with `StackOverflow`.
    #[inline(always)]
    pub(crate) fn push(&mut self, value: Oop) {
        if self.sp + 1 >= self.stack.page_end_of(self.sp) {
            self.fail_run(crate::InterpreterError::StackOverflow);
            return;
        }
        self.sp += 1;
        self.stack.put(self.sp, value);
    }

    /// Pops and answers the top of stack.
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> Oop {
        let value = self.stack.at(self.sp);
        self.sp -= 1;
        value
    }

    /// The top of stack.
    #[inline(always)]
    pub(crate) fn top(&self) -> Oop {
        self.stack.at(self.sp)
    }

    /// The value `depth` slots below the top (0 = top).
    #[inline(always)]
    pub(crate) fn stack_value(&self, depth: usize) -> Oop {
        self.stack.at(self.sp - depth)
    }

    /// The next bytecode byte; advances ip.
    #[inline(always)]
    pub(crate) fn fetch_byte(&mut self) -> u8 {
        let byte = self.heap.fetch_byte(self.method, self.ip);
        self.ip += 1;
        byte
    }

    /// The receiver of the current frame.
    #[inline(always)]
    pub(crate) fn receiver(&self) -> Oop {
        self.stack.at(self.fp + frame::RECEIVER)
    }

    /// Literal `index` (0-based) of the current method.
    #[inline(always)]
    pub(crate) fn literal(&self, index: usize) -> Oop {
        self.heap.fetch_pointer(self.method, index + 1)
    }

    /// The extA prefix value, reset to 0.
    #[inline(always)]
    pub(crate) fn take_ext_a(&mut self) -> i64 {
        std::mem::take(&mut self.ext_a)
    }

    /// The extB prefix value, reset to 0.
    #[inline(always)]
    pub(crate) fn take_ext_b(&mut self) -> i64 {
        self.num_ext_b = 0;
        std::mem::take(&mut self.ext_b)
    }

    /// extA prefix (224): `extA := extA << 8 + byte`.
    pub(crate) fn ext_a_bytecode(&mut self, byte: u8) {
        self.ext_a = (self.ext_a << 8) + i64::from(byte);
    }

    /// extB prefix (225): the first byte is signed, later ones extend it.
    pub(crate) fn ext_b_bytecode(&mut self, byte: u8) {
        self.ext_b = if self.num_ext_b == 0 && byte > 127 {
            i64::from(byte) - 256
        } else {
            (self.ext_b << 8) + i64::from(byte)
        };
        self.num_ext_b += 1;
    }

    /// true or false.
    #[inline(always)]
    pub(crate) fn boolean(&self, value: bool) -> Oop {
        if value {
            self.true_object
        } else {
            self.false_object
        }
    }

    /// An unknown bytecode: back up to it and send `#unusedBytecode` to thisContext.
    pub(crate) fn unknown_bytecode(&mut self) -> bool {
        self.ip -= 1;
        self.ext_a = 0;
        self.ext_b = 0;
        self.num_ext_b = 0;
        let Some(selector) = self
            .required_special_object(stvm_object_model::special_objects::SELECTOR_UNKNOWN_BYTECODE)
        else {
            return true;
        };
        let Some(context) = self.ensure_frame_context(self.fp) else {
            return true;
        };
        self.push(context);
        self.send(selector, 0);
        self.exit.is_some()
    }
}
