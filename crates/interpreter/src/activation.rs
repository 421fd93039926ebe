//! Activations: building method and block frames, running quick and pure
//! primitives, storing primitive error codes, and moving a send onto a fresh
//! stack page when the current one is full.
use stvm_object_model::{class_index, layout, special_objects, Oop};

use crate::error::InterpreterError;
use crate::interpreter::{Interpreter, NO_FRAME};
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::primitives::{PrimitiveCall, PrimitiveFailure, PurePrimitive};
use crate::stack_zone::frame;

impl Interpreter {
    /// Makes `method` current (and its bytecode set).
    #[inline(always)]
    pub(crate) fn set_method(&mut self, method: Oop) {
        self.method = method;
        self.is_sista = MethodHeaderBits::of(&self.heap, method).is_sista();
    }

    /// Activates `method` for the receiver and `num_args` arguments on the stack;
    /// `failure` is the code of its primitive when that failed.
    #[inline(always)]
    pub(crate) fn activate_method(
        &mut self,
        method: Oop,
        num_args: usize,
        failure: Option<PrimitiveFailure>,
    ) {
        let header = MethodHeaderBits::of(&self.heap, method);
        if header.num_args() != num_args {
            self.fail_run(InterpreterError::BadMethod);
            return;
        }
        let extra_temps = header.num_temps().saturating_sub(num_args);
        if !self.ensure_frame_room(num_args, num_args + extra_temps + header.frame_slots()) {
            return;
        }
        let receiver = self.stack_value(num_args);
        self.push_frame(method, num_args, receiver, 0);
        self.push_argument_copies(num_args);
        for _ in 0..extra_temps {
            self.push(self.nil);
        }
        self.is_sista = header.is_sista();
        self.ip = header.initial_ip();
        if header.has_primitive() {
            self.ip += 3;
            // The primitive failed: its body runs only if it verified (the run
            // stops with the new frame unrun otherwise).
            if !self.is_body_runnable(method, receiver) {
                return;
            }
            if let Some(failure) = failure {
                self.store_primitive_error_code(failure);
            }
        }
        self.count_send_for_interrupts();
    }

    /// Pushes copies of the new frame's `num_args` arguments (the caller's
    /// slots just below `fp`) as its first temps.
    #[inline(always)]
    fn push_argument_copies(&mut self, num_args: usize) {
        for index in 0..num_args {
            let argument = self.stack.at(self.fp - num_args + index);
            self.push(argument);
        }
    }

    /// Pushes a frame header for `method` and makes it the current frame.
    #[inline(always)]
    fn push_frame(&mut self, method: Oop, num_args: usize, receiver: Oop, flags: i64) {
        let new_fp = self.sp + 1;
        let stack = &mut self.stack;
        stack.put_int(new_fp + frame::SAVED_IP, self.ip);
        stack.put_int(new_fp + frame::SAVED_FP, self.fp);
        stack.put(new_fp + frame::METHOD, method);
        stack.put(new_fp + frame::CONTEXT, self.nil);
        stack.put(
            new_fp + frame::FLAGS,
            Oop::small_integer_unchecked(num_args as i64 | flags),
        );
        stack.put(new_fp + frame::RECEIVER, receiver);
        self.sp = new_fp + frame::RECEIVER;
        self.fp = new_fp;
        self.method = method;
    }

    /// Activates a FullBlockClosure or BlockClosure on the stack with `num_args`
    /// arguments; false (nothing done) if the arity or closure is wrong.
    pub(crate) fn activate_closure(&mut self, closure: Oop, num_args: usize) -> bool {
        let is_full = self.heap.header(closure).class_index() == class_index::FULL_BLOCK_CLOSURE;
        let (num_args_slot, first_copied) = if is_full {
            (
                layout::full_block_closure::NUM_ARGS,
                layout::full_block_closure::FIRST_COPIED_VALUE,
            )
        } else {
            (
                layout::block_closure::NUM_ARGS,
                layout::block_closure::FIRST_COPIED_VALUE,
            )
        };
        let num_slots = self.heap.num_slots(closure);
        if num_slots < first_copied
            || self.heap.fetch_pointer(closure, num_args_slot)
                != Oop::small_integer_unchecked(num_args as i64)
        {
            return false;
        }
        let num_copied = num_slots - first_copied;
        let Some((method, receiver, start_ip, extra_temps)) =
            self.closure_activation_parts(closure, is_full, num_args + num_copied)
        else {
            return false;
        };
        let embedded = (!is_full).then_some(crate::method_facts::EmbeddedStart {
            start_ip,
            num_args,
            num_copied,
        });
        if !self.check_closure_code(method, receiver, embedded) {
            return true;
        }
        let header = MethodHeaderBits::of(&self.heap, method);
        let temps = num_args + num_copied + extra_temps;
        if !self.ensure_frame_room(num_args, temps + header.frame_slots()) {
            return true;
        }
        self.push_frame(method, num_args, receiver, frame::IS_BLOCK_FLAG);
        self.push_argument_copies(num_args);
        for index in 0..num_copied {
            let value = self.heap.fetch_pointer(closure, first_copied + index);
            self.push(value);
        }
        for _ in 0..extra_temps {
            self.push(self.nil);
        }
        self.is_sista = header.is_sista();
        self.ip = start_ip;
        self.count_send_for_interrupts();
        true
    }

    /// (method, receiver, first ip, extra nil temps) of a closure activation.
    fn closure_activation_parts(
        &mut self,
        closure: Oop,
        is_full: bool,
        args_and_copied: usize,
    ) -> Option<(Oop, Oop, usize, usize)> {
        if is_full {
            let block = self
                .heap
                .fetch_pointer(closure, layout::full_block_closure::COMPILED_BLOCK);
            if !is_compiled_code(&self.heap, block) {
                return None;
            }
            let header = MethodHeaderBits::of(&self.heap, block);
            let receiver = self
                .heap
                .fetch_pointer(closure, layout::full_block_closure::RECEIVER);
            let extra = header.num_temps().saturating_sub(args_and_copied);
            return Some((block, receiver, header.initial_ip(), extra));
        }
        let outer = self
            .heap
            .fetch_pointer(closure, layout::block_closure::OUTER_CONTEXT);
        let start_pc = self
            .heap
            .fetch_pointer(closure, layout::block_closure::START_PC);
        if !self.is_context(outer)
            || !start_pc.is_small_integer()
            || start_pc.small_integer_value() < 1
        {
            return None;
        }
        let method = self.heap.fetch_pointer(outer, layout::context::METHOD);
        if !is_compiled_code(&self.heap, method) {
            return None;
        }
        let receiver = self.heap.fetch_pointer(outer, layout::context::RECEIVER);
        Some((
            method,
            receiver,
            start_pc.small_integer_value() as usize - 1,
            0,
        ))
    }

    /// Makes sure a frame with `frame_slots` slots beyond its header fits on the
    /// current page, moving the receiver and arguments to a new page if not.
    #[inline(always)]
    fn ensure_frame_room(&mut self, num_args: usize, frame_slots: usize) -> bool {
        let end = self.sp + 1 + frame::FIRST_TEMP + frame_slots;
        if end < self.stack.pages[self.stack.current_page].limit {
            return true;
        }
        self.move_send_to_new_page(num_args)
    }

    /// Moves the receiver and `num_args` arguments to a fresh page whose base
    /// frame's caller is the (married) current frame.
    #[inline(never)]
    fn move_send_to_new_page(&mut self, num_args: usize) -> bool {
        let first = self.sp - num_args;
        let values: Vec<Oop> = self.stack.slots()[first..=self.sp].to_vec();
        let caller_context = if self.fp == NO_FRAME {
            self.stack
                .at(self.stack.pages[self.stack.current_page].start)
        } else {
            match self.ensure_frame_context(self.fp) {
                Some(context) => context,
                None => return false,
            }
        };
        self.sp = first - 1;
        if self.fp != NO_FRAME {
            self.save_registers_to_page();
        } else {
            let current = self.stack.current_page;
            self.stack.free(current);
        }
        let Some(page) = self.new_stack_page() else {
            return false;
        };
        let start = self.stack.pages[page].start;
        self.stack.put(start, caller_context);
        self.stack.slots_mut()[start + 1..start + 1 + values.len()].copy_from_slice(&values);
        self.sp = start + values.len();
        self.fp = NO_FRAME;
        true
    }

    /// A page to run on (divorcing the least recently used one if none is free),
    /// made current.
    pub(crate) fn new_stack_page(&mut self) -> Option<usize> {
        let page = match self.stack.free_page() {
            Some(page) => page,
            None => {
                let victim = self.stack.least_recently_used_page(self.stack.current_page);
                if !self.divorce_page(victim) {
                    return None;
                }
                victim
            }
        };
        self.stack.make_current(page);
        Some(page)
    }

    /// Records the registers as the head frame state of the current page.
    pub(crate) fn save_registers_to_page(&mut self) {
        let page = &mut self.stack.pages[self.stack.current_page];
        page.head_fp = self.fp;
        page.head_sp = self.sp;
        page.head_ip = self.ip;
    }

    /// Quick primitives 256–519: answer without activating.
    pub(crate) fn quick_primitive(&mut self, method: Oop, primitive: u16, num_args: usize) {
        let receiver = self.stack_value(num_args);
        let result = match primitive {
            256 => receiver,
            257 => self.true_object,
            258 => self.false_object,
            259 => self.nil,
            260..=263 => Oop::small_integer_unchecked(i64::from(primitive) - 261),
            _ => {
                let index = usize::from(primitive - 264);
                if !receiver.is_pointer()
                    || !self.heap.format_of(receiver).is_pointers()
                    || index >= self.heap.num_slots(receiver)
                {
                    return self.activate_method(method, num_args, None);
                }
                if index <= layout::context::STACKP && self.is_context(receiver) {
                    self.context_field(receiver, index)
                } else {
                    self.heap.fetch_pointer(receiver, index)
                }
            }
        };
        self.sp -= num_args;
        self.stack.put(self.sp, result);
    }

    /// Runs a pure primitive; on failure activates `method` with the failure code.
    #[inline(always)]
    pub(crate) fn call_pure_primitive(
        &mut self,
        function: PurePrimitive,
        method: Oop,
        num_args: usize,
    ) {
        let first = self.sp + 1 - num_args;
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: self.platform.as_mut(),
            receiver: self.stack.at(self.sp - num_args),
            arguments: &self.stack.slots()[first..=self.sp],
        };
        match function(&mut call) {
            Ok(result) => {
                self.sp -= num_args;
                self.stack.put(self.sp, result);
            }
            Err(failure) => self.activate_method(method, num_args, Some(failure)),
        }
    }

    /// After a failed primitive: if the method starts with a long store temp
    /// (`<primitive: N error: ec>`), store the error object there and skip it.
    fn store_primitive_error_code(&mut self, failure: PrimitiveFailure) {
        let opcode = self.heap.fetch_byte(self.method, self.ip);
        let is_store = if self.is_sista {
            opcode == 245
        } else {
            opcode == 129 && self.heap.fetch_byte(self.method, self.ip + 1) >> 6 == 1
        };
        if !is_store {
            return;
        }
        let temp = usize::from(
            self.heap.fetch_byte(self.method, self.ip + 1)
                & if self.is_sista { 0xFF } else { 0x3F },
        );
        let error = self.primitive_error_object(failure);
        let slot = self.stack.temp_index(self.fp, temp);
        self.stack.put(slot, error);
        self.ip += 2;
    }

    /// The error object for a failure code: the primitive error table's entry,
    /// or the bare SmallInteger code when the table is missing or short.
    pub(crate) fn primitive_error_object(&self, failure: PrimitiveFailure) -> Oop {
        let code = usize::from(failure.code());
        let table = self
            .heap
            .special_object(special_objects::PRIM_ERR_TABLE_INDEX);
        if table.is_pointer()
            && table != self.nil
            && self.heap.format_of(table).is_pointers()
            && code >= 1
            && code <= self.heap.num_slots(table)
        {
            return self.heap.fetch_pointer(table, code - 1);
        }
        Oop::small_integer_unchecked(code as i64)
    }
}
