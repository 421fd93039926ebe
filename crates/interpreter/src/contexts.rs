//! Contexts and frames: marrying a frame to a Context on demand, reading and
//! writing a married context's fields through its frame, divorcing a page's
//! frames into heap Contexts, and resuming (re-framing) a divorced context.
//!
//! Invariant: a Context is *married* iff its sender slot holds a SmallInteger
//! (the fp of its frame) and that frame still names it; when a married frame
//! returns, its context is *widowed* at once (sender and pc set to nil = dead).
use stvm_object_model::{class_index, layout::context as ctx, ObjectFormat, Oop};

use crate::error::InterpreterError;
use crate::interpreter::{Interpreter, ENTRY_MARKER, NO_FRAME};
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::stack_zone::frame;

impl Interpreter {
    /// True if `oop` is a Context.
    #[inline(always)]
    pub(crate) fn is_context(&self, oop: Oop) -> bool {
        oop.is_pointer() && self.heap.header(oop).class_index() == class_index::CONTEXT
    }

    /// The fp of the frame `context` is married to, if it is.
    pub(crate) fn married_frame(&self, context: Oop) -> Option<usize> {
        let sender = self.heap.fetch_pointer(context, ctx::SENDER);
        if !sender.is_small_integer() {
            return None;
        }
        let fp = usize::try_from(sender.small_integer_value()).ok()?;
        if fp == NO_FRAME || fp + frame::FIRST_TEMP >= self.stack.pages_len() {
            return None;
        }
        let page = self.stack.page_of(fp);
        (self.stack.pages[page].is_in_use && self.stack.at(fp + frame::CONTEXT) == context)
            .then_some(fp)
    }

    /// True if `context` can still be returned to (married, or divorced with a pc).
    pub(crate) fn is_live_context(&self, context: Oop) -> bool {
        self.is_context(context)
            && (self.married_frame(context).is_some()
                || self.heap.fetch_pointer(context, ctx::PC).is_small_integer())
    }

    /// The context of the frame at `fp`, creating and marrying one if needed.
    pub(crate) fn ensure_frame_context(&mut self, fp: usize) -> Option<Oop> {
        let existing = self.stack.at(fp + frame::CONTEXT);
        if existing != self.nil {
            return Some(existing);
        }
        let method = self.stack.at(fp + frame::METHOD);
        let size = MethodHeaderBits::of(&self.heap, method).frame_slots();
        let (_, stackp) = self.frame_top_and_ip(fp);
        let size = size.max(self.frame_stackp(fp, stackp));
        let context = match self.heap.allocate(
            class_index::CONTEXT,
            ObjectFormat::FIXED_AND_INDEXABLE,
            ctx::TEMP_FRAME_START + size,
        ) {
            Ok(context) => context,
            Err(error) => {
                self.fail_run(InterpreterError::OutOfMemory(error));
                return None;
            }
        };
        let marker = Oop::small_integer_unchecked(fp as i64);
        let closure = if self.stack.frame_is_block(fp) {
            self.stack.at(self.stack.frame_stacked_receiver_index(fp))
        } else {
            self.nil
        };
        let receiver = self.stack.at(fp + frame::RECEIVER);
        let heap = &mut self.heap;
        heap.store_pointer(context, ctx::SENDER, marker);
        heap.store_pointer(context, ctx::PC, marker);
        heap.store_pointer(context, ctx::STACKP, Oop::small_integer_unchecked(0));
        heap.store_pointer(context, ctx::METHOD, method);
        heap.store_pointer(context, ctx::CLOSURE_OR_NIL, closure);
        heap.store_pointer(context, ctx::RECEIVER, receiver);
        self.stack.put(fp + frame::CONTEXT, context);
        Some(context)
    }

    /// Marks a context whose frame is gone as dead (sender and pc nil).
    #[inline]
    pub(crate) fn widow(&mut self, context: Oop) {
        let nil = self.nil;
        self.heap.store_pointer_unchecked(context, ctx::SENDER, nil);
        self.heap.store_pointer_unchecked(context, ctx::PC, nil);
    }

    /// (top-of-stack slot, ip) of the frame at `fp`, wherever it is in its page.
    pub(crate) fn frame_top_and_ip(&self, fp: usize) -> (usize, usize) {
        let page = self.stack.page_of(fp);
        let is_current = page == self.stack.current_page && self.fp != NO_FRAME;
        let (head_fp, head_sp, head_ip) = if is_current {
            (self.fp, self.sp, self.ip)
        } else {
            let state = &self.stack.pages[page];
            (state.head_fp, state.head_sp, state.head_ip)
        };
        if fp == head_fp {
            return (head_sp, head_ip);
        }
        let mut callee = head_fp;
        while !self.stack.frame_is_base(callee) {
            let caller = self.stack.int_at(callee + frame::SAVED_FP);
            if caller == fp {
                return (
                    self.stack.frame_stacked_receiver_index(callee) - 1,
                    self.stack.int_at(callee + frame::SAVED_IP),
                );
            }
            callee = caller;
        }
        (fp + frame::RECEIVER, 0)
    }

    /// The context stackp of the frame at `fp` whose top is slot `top`.
    fn frame_stackp(&self, fp: usize, top: usize) -> usize {
        top.saturating_sub(fp + frame::RECEIVER)
            .max(self.stack.frame_num_args(fp))
    }

    /// Slot index in the stack zone of context slot `index` (≥ 6) of the frame at `fp`.
    fn frame_slot_of_context_index(&self, fp: usize, index: usize) -> usize {
        self.stack.temp_index(fp, index - ctx::TEMP_FRAME_START)
    }

    /// The sender of the frame at `fp` as a context (nil at the bottom).
    fn frame_sender_context(&mut self, fp: usize) -> Oop {
        if self.stack.frame_is_base(fp) {
            let caller = self
                .stack
                .at(self.stack.pages[self.stack.page_of(fp)].start);
            if caller == ENTRY_MARKER {
                self.nil
            } else {
                caller
            }
        } else {
            let caller_fp = self.stack.int_at(fp + frame::SAVED_FP);
            self.ensure_frame_context(caller_fp).unwrap_or(self.nil)
        }
    }

    /// Field `index` of a context, read through its frame when married
    /// (sender, pc, stackp and stack slots live in the frame).
    pub(crate) fn context_field(&mut self, context: Oop, index: usize) -> Oop {
        let Some(fp) = self.married_frame(context) else {
            return if index < self.heap.num_slots(context) {
                self.heap.fetch_pointer(context, index)
            } else {
                self.nil
            };
        };
        let (top, ip) = self.frame_top_and_ip(fp);
        let stackp = self.frame_stackp(fp, top);
        match index {
            ctx::SENDER => self.frame_sender_context(fp),
            ctx::PC => Oop::small_integer_unchecked(ip as i64 + 1),
            ctx::STACKP => Oop::small_integer_unchecked(stackp as i64),
            ctx::METHOD | ctx::CLOSURE_OR_NIL | ctx::RECEIVER => {
                self.heap.fetch_pointer(context, index)
            }
            _ if index - ctx::TEMP_FRAME_START < stackp => {
                self.stack.at(self.frame_slot_of_context_index(fp, index))
            }
            _ => self.nil,
        }
    }

    /// Stores field `index` of a context. Stack slots of a married context go to
    /// its frame; other fields divorce its page first (re-framing the active
    /// context if its page was the current one). Answers true to stop the run.
    pub(crate) fn store_context_field(&mut self, context: Oop, index: usize, value: Oop) -> bool {
        let Some(fp) = self.married_frame(context) else {
            if index < self.heap.num_slots(context) {
                self.heap.store_pointer(context, index, value);
            }
            return false;
        };
        let (top, _) = self.frame_top_and_ip(fp);
        if index >= ctx::TEMP_FRAME_START
            && index - ctx::TEMP_FRAME_START < self.frame_stackp(fp, top)
        {
            let slot = self.frame_slot_of_context_index(fp, index);
            self.stack.put(slot, value);
            return false;
        }
        let page = self.stack.page_of(fp);
        let active = if page == self.stack.current_page && self.fp != NO_FRAME {
            let Some(active) = self.ensure_frame_context(self.fp) else {
                return true;
            };
            self.save_registers_to_page();
            Some(active)
        } else {
            None
        };
        if !self.divorce_page(page) {
            return true;
        }
        if index < self.heap.num_slots(context) {
            self.heap.store_pointer(context, index, value);
        }
        match active {
            Some(active) => !self.resume_context(active),
            None => false,
        }
    }

    /// Writes every frame of `page` into its (possibly new) context, linking each
    /// to its caller, and frees the page. Answers false after a fatal error.
    pub(crate) fn divorce_page(&mut self, page: usize) -> bool {
        let state = self.stack.pages[page].clone();
        if !state.is_in_use || state.head_fp == NO_FRAME {
            self.stack.free(page);
            return true;
        }
        let frames = self.stack.frames_of_page(state.head_fp);
        let mut sender = self.stack.at(state.start);
        let is_entry = sender == ENTRY_MARKER;
        if is_entry {
            sender = self.nil;
        }
        for position in (0..frames.len()).rev() {
            let fp = frames[position];
            let (top, ip) = match position {
                0 => (state.head_sp, state.head_ip),
                _ => {
                    let callee = frames[position - 1];
                    (
                        self.stack.frame_stacked_receiver_index(callee) - 1,
                        self.stack.int_at(callee + frame::SAVED_IP),
                    )
                }
            };
            let Some(context) = self.ensure_frame_context(fp) else {
                return false;
            };
            if is_entry && position == frames.len() - 1 {
                self.entry_context = context;
            }
            self.write_frame_into_context(fp, context, sender, top, ip);
            sender = context;
        }
        self.stack.free(page);
        true
    }

    /// Copies a frame's state into `context`, which becomes divorced.
    fn write_frame_into_context(
        &mut self,
        fp: usize,
        context: Oop,
        sender: Oop,
        top: usize,
        ip: usize,
    ) {
        let capacity = self.heap.num_slots(context) - ctx::TEMP_FRAME_START;
        let stackp = self.frame_stackp(fp, top).min(capacity);
        self.heap.store_pointer(context, ctx::SENDER, sender);
        self.heap.store_pointer(
            context,
            ctx::PC,
            Oop::small_integer_unchecked(ip as i64 + 1),
        );
        self.heap.store_pointer(
            context,
            ctx::STACKP,
            Oop::small_integer_unchecked(stackp as i64),
        );
        for index in 0..stackp {
            let value = self.stack.at(self.stack.temp_index(fp, index));
            self.heap
                .store_pointer(context, ctx::TEMP_FRAME_START + index, value);
        }
        for index in stackp..capacity {
            self.heap
                .store_pointer_unchecked(context, ctx::TEMP_FRAME_START + index, self.nil);
        }
    }

    /// Makes `context` the running activation: switches to its frame if it is
    /// married, else builds a base frame for it on a fresh page. False (with the
    /// run failed) if the context is malformed.
    pub(crate) fn resume_context(&mut self, context: Oop) -> bool {
        if let Some(fp) = self.married_frame(context) {
            return self.resume_married_frame(fp);
        }
        let Some(shape) = self.divorced_context_shape(context) else {
            self.fail_run(InterpreterError::BadContext);
            return false;
        };
        let Some(page) = self.new_stack_page() else {
            return false;
        };
        self.frame_divorced_context(context, page, shape);
        true
    }

    /// Continues the frame at `fp` as the head of its page, discarding (and
    /// widowing) any frames above it.
    fn resume_married_frame(&mut self, fp: usize) -> bool {
        let page = self.stack.page_of(fp);
        if page == self.stack.current_page && self.fp != NO_FRAME {
            self.save_registers_to_page();
        }
        let (top, ip) = self.frame_top_and_ip(fp);
        let head = self.stack.pages[page].head_fp;
        let mut callee = head;
        while callee != fp && callee != NO_FRAME && !self.stack.frame_is_base(callee) {
            let context = self.stack.at(callee + frame::CONTEXT);
            if context != self.nil {
                self.widow(context);
            }
            callee = self.stack.int_at(callee + frame::SAVED_FP);
        }
        self.stack.make_current(page);
        (self.fp, self.sp, self.ip) = (fp, top, ip);
        let method = self.stack.at(fp + frame::METHOD);
        self.set_method(method);
        true
    }

    /// (numArgs, stackp, ip, is_block) of a divorced context, if it can run.
    fn divorced_context_shape(&mut self, context: Oop) -> Option<(usize, usize, usize, bool)> {
        if !self.is_context(context) || self.heap.num_slots(context) < ctx::TEMP_FRAME_START {
            return None;
        }
        let method = self.heap.fetch_pointer(context, ctx::METHOD);
        let pc = self.heap.fetch_pointer(context, ctx::PC);
        let stackp = self.heap.fetch_pointer(context, ctx::STACKP);
        if !is_compiled_code(&self.heap, method)
            || !pc.is_small_integer()
            || !stackp.is_small_integer()
        {
            return None;
        }
        let closure = self.heap.fetch_pointer(context, ctx::CLOSURE_OR_NIL);
        let num_args = if closure == self.nil {
            MethodHeaderBits::of(&self.heap, method).num_args()
        } else if self.heap.class_index_of(closure) == class_index::BLOCK_CLOSURE {
            self.heap
                .fetch_pointer(closure, stvm_object_model::layout::block_closure::NUM_ARGS)
                .small_integer_value()
                .clamp(0, 15) as usize
        } else {
            MethodHeaderBits::of(&self.heap, method).num_args()
        };
        let capacity = self.heap.num_slots(context) - ctx::TEMP_FRAME_START;
        let stackp = usize::try_from(stackp.small_integer_value()).ok()?;
        let pc = usize::try_from(pc.small_integer_value()).ok()?;
        if stackp > capacity || stackp < num_args || pc < 1 || pc > self.heap.byte_size(method) {
            return None;
        }
        let receiver = self.heap.fetch_pointer(context, ctx::RECEIVER);
        if !self.check_resumable(method, receiver, pc - 1, stackp, closure != self.nil) {
            return None;
        }
        Some((num_args, stackp, pc - 1, closure != self.nil))
    }

    /// Builds the base frame of `page` from a divorced context and runs it.
    fn frame_divorced_context(
        &mut self,
        context: Oop,
        page: usize,
        shape: (usize, usize, usize, bool),
    ) {
        let (num_args, stackp, ip, is_block) = shape;
        let start = self.stack.pages[page].start;
        let sender = self.heap.fetch_pointer(context, ctx::SENDER);
        let caller = if context == self.entry_context {
            ENTRY_MARKER
        } else {
            sender
        };
        self.stack.put(start, caller);
        let receiver = self.heap.fetch_pointer(context, ctx::RECEIVER);
        let closure = self.heap.fetch_pointer(context, ctx::CLOSURE_OR_NIL);
        self.stack
            .put(start + 1, if is_block { closure } else { receiver });
        for index in 0..num_args {
            let value = self
                .heap
                .fetch_pointer(context, ctx::TEMP_FRAME_START + index);
            self.stack.put(start + 2 + index, value);
        }
        let fp = start + 2 + num_args;
        self.stack.put_int(fp + frame::SAVED_IP, 0);
        self.stack.put_int(fp + frame::SAVED_FP, NO_FRAME);
        let method = self.heap.fetch_pointer(context, ctx::METHOD);
        self.stack.put(fp + frame::METHOD, method);
        self.stack.put(fp + frame::CONTEXT, context);
        let flags = num_args as i64 | if is_block { frame::IS_BLOCK_FLAG } else { 0 };
        self.stack
            .put(fp + frame::FLAGS, Oop::small_integer_unchecked(flags));
        self.stack.put(fp + frame::RECEIVER, receiver);
        for index in 0..stackp {
            let value = self
                .heap
                .fetch_pointer(context, ctx::TEMP_FRAME_START + index);
            self.stack.put(self.stack.temp_index(fp, index), value);
        }
        let marker = Oop::small_integer_unchecked(fp as i64);
        self.heap
            .store_pointer_unchecked(context, ctx::SENDER, marker);
        self.heap.store_pointer_unchecked(context, ctx::PC, marker);
        (self.fp, self.sp, self.ip) = (fp, fp + frame::RECEIVER + stackp, ip);
        self.set_method(method);
    }
}
