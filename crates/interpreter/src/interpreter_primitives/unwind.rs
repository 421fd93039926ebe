//! Unwinding support, as the OpenSmalltalk VM's primitives over married and
//! divorced contexts: 195 `findNextUnwindContextUpTo:`, 196 `terminateTo:`,
//! 197 `findNextHandlerContextStarting`.
//!
//! The sender chain is walked as a mix of frames (on stack pages, read without
//! marrying them) and heap contexts: a married context continues at its frame,
//! a base frame continues at its page's caller context. Only the activation
//! found is married (to answer it as a Context). An unwind context is a method
//! (not block) activation whose method has primitive 198; a handler context
//! one with primitive 199. The kernel's Smalltalk fallbacks do the same, more
//! slowly; a chain longer than [`MAX_CHAIN`] makes the primitives fail so that
//! the fallbacks run.
//!
//! `terminateTo:` divorces the pages holding the activations it kills (and
//! the receiver's), widows every context strictly between the receiver and
//! the argument, makes the argument the receiver's sender and re-frames the
//! active context if its page was divorced.
use stvm_object_model::{layout::context as ctx, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::{Interpreter, ENTRY_MARKER, NO_FRAME};
use crate::method_header::{is_compiled_code, primitive_index_of};
use crate::primitives::PrimitiveFailure;
use crate::stack_zone::frame;

/// Longest sender chain the primitives walk before failing.
pub(crate) const MAX_CHAIN: usize = 10_000_000;
/// Primitive marking `ensure:` / `ifCurtailed:` methods.
const UNWIND_MARKER: u16 = 198;
/// Primitive marking `on:do:` methods.
const HANDLER_MARKER: u16 = 199;

/// One activation of a sender chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Activation {
    /// A frame on a stack page (its fp).
    Frame(usize),
    /// A divorced (heap) context.
    Context(Oop),
    /// Past the bottom of the chain.
    End,
}

impl Interpreter {
    /// 195: the next unwind context after the receiver, up to (not including)
    /// the argument (a Context or nil); nil if none.
    pub(crate) fn primitive_find_next_unwind_context(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 1 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let receiver = self.stack_value(1);
        let stop = self.top();
        if !self.is_context(receiver) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if stop != self.nil && !self.is_context(stop) {
            return Err(PrimitiveFailure::BadArgument);
        }
        let start = self.chain_sender(self.chain_activation_of(receiver));
        let found = self.find_marked_activation(start, UNWIND_MARKER, stop)?;
        self.answer_activation(1, found)
    }

    /// 197: the first handler context from the receiver on (itself included); nil if none.
    pub(crate) fn primitive_find_handler_context(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let receiver = self.stack_value(num_args);
        if num_args != 0 || !self.is_context(receiver) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        let start = self.chain_activation_of(receiver);
        let found = self.find_marked_activation(start, HANDLER_MARKER, self.nil)?;
        self.answer_activation(0, found)
    }

    /// Answers the context of `found` (nil for `End`), marrying a frame.
    fn answer_activation(
        &mut self,
        num_args: usize,
        found: Activation,
    ) -> InterpreterPrimitiveResult {
        let result = match found {
            Activation::End => self.nil,
            Activation::Context(context) => context,
            Activation::Frame(fp) => match self.ensure_frame_context(fp) {
                Some(context) => context,
                None => return Ok(()), // out of memory: the run has failed
            },
        };
        self.answer(num_args, result)
    }

    /// The first activation from `start` whose method has primitive `marker`,
    /// stopping (with `End`) at the end of the chain or at `stop` (unless nil).
    fn find_marked_activation(
        &self,
        start: Activation,
        marker: u16,
        stop: Oop,
    ) -> Result<Activation, PrimitiveFailure> {
        let mut cursor = start;
        for _ in 0..MAX_CHAIN {
            if cursor == Activation::End
                || (stop != self.nil && self.chain_is_activation_of(cursor, stop))
            {
                return Ok(Activation::End);
            }
            if self.activation_has_primitive(cursor, marker) {
                return Ok(cursor);
            }
            cursor = self.chain_sender(cursor);
        }
        Err(PrimitiveFailure::LimitExceeded)
    }

    /// Where `context` runs: its frame when married, else the context itself.
    pub(crate) fn chain_activation_of(&self, context: Oop) -> Activation {
        if !self.is_context(context) {
            return Activation::End;
        }
        match self.married_frame(context) {
            Some(fp) => Activation::Frame(fp),
            None => Activation::Context(context),
        }
    }

    /// The sender of an activation.
    pub(crate) fn chain_sender(&self, activation: Activation) -> Activation {
        match activation {
            Activation::End => Activation::End,
            Activation::Context(context) => {
                self.chain_activation_of(self.heap.fetch_pointer(context, ctx::SENDER))
            }
            Activation::Frame(fp) if self.stack.frame_is_base(fp) => {
                let page = self.stack.page_of(fp);
                let caller = self.stack.at(self.stack.pages[page].start);
                if caller == ENTRY_MARKER {
                    Activation::End
                } else {
                    self.chain_activation_of(caller)
                }
            }
            Activation::Frame(fp) => Activation::Frame(self.stack.int_at(fp + frame::SAVED_FP)),
        }
    }

    /// True if `activation` is `context` (a frame married to it, or itself).
    pub(crate) fn chain_is_activation_of(&self, activation: Activation, context: Oop) -> bool {
        match activation {
            Activation::Frame(fp) => self.stack.at(fp + frame::CONTEXT) == context,
            Activation::Context(other) => other == context,
            Activation::End => false,
        }
    }

    /// True for a method (not block) activation whose method has primitive `number`.
    fn activation_has_primitive(&self, activation: Activation, number: u16) -> bool {
        match activation {
            Activation::Frame(fp) => {
                !self.stack.frame_is_block(fp)
                    && primitive_index_of(&self.heap, self.stack.at(fp + frame::METHOD)) == number
            }
            Activation::Context(context) => {
                let method = self.heap.fetch_pointer(context, ctx::METHOD);
                self.heap.fetch_pointer(context, ctx::CLOSURE_OR_NIL) == self.nil
                    && is_compiled_code(&self.heap, method)
                    && primitive_index_of(&self.heap, method) == number
            }
            Activation::End => false,
        }
    }
}

impl Interpreter {
    /// 196: `aContext terminateTo: previousContext`; answers the receiver.
    pub(crate) fn primitive_terminate_to(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        if num_args != 1 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let receiver = self.stack_value(1);
        let previous = self.top();
        if !self.is_context(receiver) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if !self.is_context(previous) {
            return Err(PrimitiveFailure::BadArgument);
        }
        if !self.chain_reaches(receiver, previous)? {
            if self.store_context_field(receiver, ctx::SENDER, previous) {
                return Ok(()); // the run has failed
            }
            return self.answer(1, receiver);
        }
        if self.terminate_between(receiver, previous) {
            self.answer(1, receiver)
        } else {
            Ok(()) // the run has failed
        }
    }

    /// True if `target` is a sender (strictly) of `context`; fails when the
    /// active frame lies between them (it cannot be terminated).
    fn chain_reaches(&self, context: Oop, target: Oop) -> Result<bool, PrimitiveFailure> {
        if context == target {
            return Ok(false);
        }
        let mut cursor = self.chain_sender(self.chain_activation_of(context));
        for _ in 0..MAX_CHAIN {
            if cursor == Activation::End {
                return Ok(false);
            }
            if self.chain_is_activation_of(cursor, target) {
                return Ok(true);
            }
            if self.fp != NO_FRAME && cursor == Activation::Frame(self.fp) {
                return Err(PrimitiveFailure::InappropriateOperation);
            }
            cursor = self.chain_sender(cursor);
        }
        Err(PrimitiveFailure::LimitExceeded)
    }

    /// Kills every context between `receiver` and its sender `previous` and
    /// links them; false if the run failed (out of memory, bad context).
    fn terminate_between(&mut self, receiver: Oop, previous: Oop) -> bool {
        let active = if self.fp == NO_FRAME {
            None
        } else {
            let Some(active) = self.ensure_frame_context(self.fp) else {
                return false;
            };
            self.save_registers_to_page();
            Some(active)
        };
        let active_page = self.stack.current_page;
        if !self.divorce_if_married(receiver) {
            return false;
        }
        let mut current = self.heap.fetch_pointer(receiver, ctx::SENDER);
        for _ in 0..MAX_CHAIN {
            if current == previous || !self.is_context(current) {
                break;
            }
            if !self.divorce_if_married(current) {
                return false;
            }
            let next = self.heap.fetch_pointer(current, ctx::SENDER);
            self.widow(current);
            current = next;
        }
        self.heap.store_pointer(receiver, ctx::SENDER, previous);
        match active {
            Some(active) if !self.stack.pages[active_page].is_in_use => {
                self.fp = NO_FRAME;
                self.resume_context(active)
            }
            _ => true,
        }
    }

    /// Divorces the page of `context`'s frame, if it has one.
    fn divorce_if_married(&mut self, context: Oop) -> bool {
        match self.married_frame(context) {
            Some(fp) => self.divorce_page(self.stack.page_of(fp)),
            None => true,
        }
    }
}
