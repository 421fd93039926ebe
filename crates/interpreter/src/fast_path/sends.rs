//! Fast sends and returns: a lookup-cache hit that activates a method (frame
//! built from the header decoded in the cache entry), runs a pure primitive or
//! a quick primitive; returns from frames that are neither married, nor a
//! page's base frame, nor (for `^`) block activations.
use stvm_object_model::oop::TAG_MASK;
use stvm_object_model::{class_index, header, ObjectHeader, Oop};

use super::{Registers, Step};
use crate::fast_path::ops::NO_BASE;
use crate::interpreter::Interpreter;
use crate::lookup::{CacheEntry, MethodKind};
use crate::method_header::MethodHeaderBits;
use crate::stack_zone::frame;

impl Interpreter {
    /// Sends `selector` with `num_args` arguments when the cache knows the
    /// target; anything unusual goes the slow way untouched.
    #[inline(always)]
    pub(super) fn fast_send(&mut self, r: &mut Registers, selector: Oop, num_args: usize) -> Step {
        let receiver = r.slots.at(r.sp - num_args);
        // Immediates' tags (001, 010, 100) are their class indices; other tag
        // patterns are not valid oops and simply miss the cache.
        let tag = receiver.bits() & TAG_MASK;
        let class_index = if tag != 0 {
            tag as u32
        } else {
            self.heap.header(receiver).class_index()
        };
        self.fast_send_to(r, selector, num_args, receiver, class_index)
    }

    /// `fast_send` to `receiver` (`num_args` down the stack) of class `class_index`.
    #[inline(always)]
    pub(super) fn fast_send_to(
        &mut self,
        r: &mut Registers,
        selector: Oop,
        num_args: usize,
        receiver: Oop,
        class_index: u32,
    ) -> Step {
        let Some(entry) = self.lookup_cache.probe(selector, class_index) else {
            return Step::Slow;
        };
        if usize::from(entry.fast_activation_args) == num_args {
            return self.fast_activate(r, &entry, receiver, num_args);
        }
        match entry.kind {
            MethodKind::Quick => self.fast_quick_primitive(r, &entry, receiver, num_args),
            // Everything else, pure primitives included, runs on the slow path:
            // a call in this loop would cost every fast bytecode registers
            // (spills around the call).
            _ => Step::Slow,
        }
    }

    /// Builds the frame of `entry`'s method (receiver and its `num_args`
    /// arguments stacked; the send site's count, known where it is a constant).
    #[inline(always)]
    fn fast_activate(
        &mut self,
        r: &mut Registers,
        entry: &CacheEntry,
        receiver: Oop,
        num_args: usize,
    ) -> Step {
        let info = entry.activation;
        if !r.frame_fits(info.frame_room) {
            return Step::Slow;
        }
        let new_fp = r.sp + 1;
        let slots = r.slots;
        let new_frame = slots.frame(new_fp);
        new_frame.put_header([
            Oop::small_integer_unchecked(r.ip() as i64),
            Oop::small_integer_unchecked(r.fp() as i64),
            entry.method,
            self.nil,
            Oop::small_integer_unchecked(
                num_args as i64 | (r.code_base as i64 + 1) << frame::CALLER_CODE_SHIFT,
            ),
            receiver,
        ]);
        r.sp = new_fp + frame::RECEIVER;
        for index in 0..num_args {
            r.sp += 1;
            slots.put(r.sp, slots.at(new_fp - num_args + index));
        }
        for _ in 0..info.extra_temps {
            r.sp += 1;
            slots.put(r.sp, self.nil);
        }
        r.frame = new_frame;
        r.method = entry.method;
        r.code_base = entry.code_base as usize;
        r.pc = r.code_base + info.start_ip as usize;
        // Cached `Activate` entries are Sista code with ops (`lookup_and_execute`).
        debug_assert!(info.is_sista && entry.code_base != NO_BASE);
        self.fast_count_check_point(r)
    }

    /// Quick primitives: constants, self, and instance variables of
    /// non-context pointer objects; the rest goes the slow way.
    #[inline(always)]
    fn fast_quick_primitive(
        &mut self,
        r: &mut Registers,
        entry: &CacheEntry,
        receiver: Oop,
        num_args: usize,
    ) -> Step {
        let result = match entry.primitive {
            256 => receiver,
            257 => self.true_object,
            258 => self.false_object,
            259 => self.nil,
            260..=263 => Oop::small_integer_unchecked(i64::from(entry.primitive) - 261),
            primitive => {
                let index = usize::from(primitive - 264);
                if !receiver.is_pointer() {
                    return Step::Slow;
                }
                let header = self.heap.header(receiver);
                if header.class_index() == class_index::CONTEXT
                    || !header.format().is_pointers()
                    || index >= self.heap.num_slots(receiver)
                {
                    return Step::Slow;
                }
                self.heap.fetch_pointer(receiver, index)
            }
        };
        r.sp -= num_args;
        r.slots.put(r.sp, result);
        Step::Done
    }

    /// `^ value` from a method frame; block frames (non-local return) go the slow way.
    #[inline(always)]
    pub(super) fn fast_method_return(&mut self, r: &mut Registers, value: Oop) -> Step {
        if r.frame.int_at(frame::FLAGS) as i64 & frame::IS_BLOCK_FLAG != 0 {
            return Step::Slow;
        }
        self.fast_return_to_caller(r, value)
    }

    /// Pops the frame and pushes `value` in the caller when the frame is an
    /// ordinary one (unmarried, not its page's base frame) and the caller's ops
    /// are known: noted in the frame by the fast send that built it, else in
    /// the summary cache (or the caller is V3 code).
    #[inline(always)]
    pub(super) fn fast_return_to_caller(&mut self, r: &mut Registers, value: Oop) -> Step {
        let (fp, callee) = (r.fp(), r.frame);
        let caller_fp = callee.int_at(frame::SAVED_FP);
        if caller_fp == 0 || callee.at(frame::CONTEXT) != self.nil {
            return Step::Slow;
        }
        let caller = r.slots.frame(caller_fp);
        let caller_method = caller.at(frame::METHOD);
        let flags = callee.int_at(frame::FLAGS);
        let code_base = match flags >> frame::CALLER_CODE_SHIFT {
            0 => self.cached_code_base(caller_method),
            noted => Some(noted - 1),
        };
        let is_sista = code_base.is_some();
        if !is_sista && MethodHeaderBits::of(&self.heap, caller_method).is_sista() {
            return Step::Slow;
        }
        let result_slot = fp - (flags & 0xFF) - 1;
        // V3 callers (no ops) go on in their own loop: base 0 keeps pc = ip.
        r.code_base = code_base.unwrap_or(0);
        r.pc = r.code_base + callee.int_at(frame::SAVED_IP);
        r.frame = caller;
        r.sp = result_slot;
        r.slots.put(result_slot, value);
        r.method = caller_method;
        if !is_sista {
            self.store_registers(r);
            self.is_sista = false;
            return Step::Synced;
        }
        Step::Done
    }

    /// Array `at:` with an in-range SmallInteger index.
    #[inline(always)]
    pub(super) fn fast_array_at(&mut self, r: &mut Registers) -> Step {
        let array = r.slots.at(r.sp - 1);
        let index = r.slots.at(r.sp);
        let Some((slot, _)) = self.array_slot(array, index, false) else {
            return Step::Slow;
        };
        r.sp -= 1;
        r.slots.put(r.sp, self.heap.fetch_pointer(array, slot));
        Step::Done
    }

    /// Array `at:put:` on a writable Array with an in-range SmallInteger index.
    #[inline(always)]
    pub(super) fn fast_array_at_put(&mut self, r: &mut Registers) -> Step {
        let array = r.slots.at(r.sp - 2);
        let index = r.slots.at(r.sp - 1);
        let value = r.slots.at(r.sp);
        let Some((slot, header)) = self.array_slot(array, index, true) else {
            return Step::Slow;
        };
        if !self.store_without_remembering(array, header, slot, value) {
            return Step::Slow;
        }
        r.sp -= 2;
        r.slots.put(r.sp, value);
        Step::Done
    }

    /// The 0-based slot of `array` (an exact Array, and mutable if `for_store`)
    /// at 1-based SmallInteger `index`, and the array's header.
    #[inline(always)]
    pub(super) fn array_slot(
        &self,
        array: Oop,
        index: Oop,
        for_store: bool,
    ) -> Option<(usize, ObjectHeader)> {
        // Bit 0 alone marks SmallIntegers (as in the fused arithmetic: tags
        // 3, 5 and 7 are no oops).
        if index.bits() & 1 == 0 || !array.is_pointer() {
            return None;
        }
        let header = self.heap.header(array);
        // One compare for the class index and, for a store, the immutability bit.
        let checked_bits = if for_store {
            header::CLASS_INDEX_MASK | 1 << header::IMMUTABLE_BIT
        } else {
            header::CLASS_INDEX_MASK
        };
        if header.bits() & checked_bits != u64::from(class_index::ARRAY) {
            return None;
        }
        // Positions below 1 wrap to large slots, which fail the one compare.
        let slot = (index.small_integer_value() as usize).wrapping_sub(1);
        (slot < self.heap.num_slots(array)).then_some((slot, header))
    }
}
