//! The fast Sista V1 loop: the interpreter registers (pc, sp, fp, method) live in
//! a `Registers` value in locals while the common bytecodes run — pushes, stores
//! into temps and receiver variables, jumps, SmallInteger arithmetic and
//! comparisons (fused with a following conditional jump), Array `at:`/`at:put:`,
//! sends that hit the lookup cache and activate a method or answer a quick
//! primitive, and returns from ordinary frames.
//!
//! The loop runs pre-decoded ops (`ops.rs`, one per bytecode byte, made by
//! `translate.rs` when code is verified): an op is either the plain byte, run by
//! the per-byte arms below, or a superinstruction running several bytecodes at
//! once (`superinstructions.rs`). `pc` is the op's arena position, `code_base +
//! ip`; see `docs/decisions/0009-superinstructions.md`.
//!
//! Every fast handler either completes its bytecode (`Step::Done`, and the loop
//! goes straight on to the next one), or changes nothing and answers
//! `Step::Slow`, in which case `run_sista` writes the registers back and runs
//! the bytecode through the general decoder (`dispatch.rs`), or has already
//! written the registers back itself (`Step::Synced`, `Step::Periodic`).
//! Whatever runs with the registers written back (primitives, GC, process
//! switches, context marrying) sees exactly the state the general decoder would.
//!
//! The inner loop (`fast_sista`) makes no calls: pure primitives, the periodic
//! checks and stores that must remember their holder leave it. A call would
//! make the register allocator spill the registers around it on every path.
//!
//! Invariant while the loop runs: `r.sp` stays on its page (pushes check it, a
//! failing push goes the slow way and stops the run with `StackOverflow`), and
//! `r.method` is the method of the frame at `r.fp()` (only slow paths can collect
//! garbage, and they run with the registers written back).
pub(crate) mod ops;
mod sends;
mod special_selectors;
mod superinstructions;
pub(crate) mod translate;

use stvm_object_model::{class_index, layout, ObjectHeader, Oop};

use crate::interpreter::Interpreter;
use crate::stack_zone::{frame, FramePointer, SlotPointer, PAGE_HEADROOM, PAGE_SLOTS};
use ops::{op_at, LastCode, Ops};

/// Kinds are below this power of two.
const KIND_LIMIT: u16 = 512;

// The kinds listed in `fast_sista` are `FIRST_SUPERINSTRUCTION..KIND_LIMIT`
// (all 512 values of a masked kind, so that the jump table needs no range
// check; kinds from `END` on answer `Step::Slow`).
const _: () = assert!(
    superinstructions::FIRST_SUPERINSTRUCTION == 256
        && superinstructions::END == 501
        && superinstructions::END <= KIND_LIMIT,
    "update the kinds list of fast_sista"
);

/// The interpreter registers, held in locals by the fast loop.
#[derive(Clone, Copy)]
pub(crate) struct Registers {
    /// Arena position of the next op: `code_base` + the 0-based byte offset of
    /// the next bytecode in `method` (see `ip`).
    pub(crate) pc: usize,
    /// Top-of-stack slot.
    pub(crate) sp: usize,
    /// The frame (its fp slot index is `fp()`: one register less in the loop).
    pub(crate) frame: FramePointer,
    /// The stack zone's slots.
    pub(crate) slots: SlotPointer,
    /// The running method.
    pub(crate) method: Oop,
    /// The base of the running method's ops (`ops.rs`).
    pub(crate) code_base: usize,
}

impl Registers {
    /// The 0-based byte offset of the next bytecode in `method`.
    #[inline(always)]
    pub(crate) fn ip(&self) -> usize {
        self.pc.wrapping_sub(self.code_base)
    }

    /// The frame pointer slot.
    #[inline(always)]
    pub(crate) fn fp(&self) -> usize {
        self.slots.index_of(self.frame)
    }

    /// True if a frame with `frame_room` slots beyond its header, built just
    /// above the stack top, ends below the page's headroom.
    #[inline(always)]
    pub(crate) fn frame_fits(&self, frame_room: u16) -> bool {
        let new_fp_in_page = (self.sp & (PAGE_SLOTS - 1)) + 1;
        new_fp_in_page + frame::FIRST_TEMP + usize::from(frame_room) < PAGE_SLOTS - PAGE_HEADROOM
    }

    /// True if one more push would leave the page (pages are `PAGE_SLOTS`-aligned).
    #[inline(always)]
    pub(crate) fn page_is_full(&self) -> bool {
        (self.sp + 1).is_multiple_of(PAGE_SLOTS)
    }
}

/// What a fast handler did.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The bytecode ran; the registers are up to date.
    Done,
    /// Nothing changed: run the bytecode through the general decoder.
    Slow,
    /// The state is in the interpreter (registers written back): reload.
    Synced,
    /// As `Synced`, and the periodic checks are due.
    Periodic,
}

impl Interpreter {
    /// The registers from the interpreter's fields, or `None` if the running
    /// method has no ops (it then runs on the slow path).
    #[inline(always)]
    fn load_registers(&mut self) -> Option<Registers> {
        let last = self.method_facts.ops.last_code;
        let code_base = if self.method == last.method && self.method_facts.ops.epoch() == last.epoch
        {
            last.code_base
        } else {
            self.code_base_of(self.method)?
        };
        let slots = self.stack.slot_pointer();
        Some(Registers {
            pc: code_base.wrapping_add(self.ip),
            sp: self.sp,
            frame: slots.frame(self.fp),
            slots,
            method: self.method,
            code_base,
        })
    }

    /// Writes the registers back into the interpreter's fields.
    #[inline(always)]
    pub(crate) fn store_registers(&mut self, r: &Registers) {
        self.ip = r.ip();
        self.sp = r.sp;
        self.fp = r.fp();
        self.method = r.method;
    }

    /// Runs Sista V1 bytecodes until the run stops or the bytecode set changes.
    pub(crate) fn run_sista(&mut self) {
        let ops = self.method_facts.ops.shared();
        loop {
            let (step, byte) = match self.load_registers() {
                Some(mut r) => {
                    let outcome = self.fast_sista(&mut r, &ops);
                    if outcome.0 == Step::Slow {
                        self.store_registers(&r);
                    }
                    // In memory, not in locals: the fast loop needs the registers.
                    self.method_facts.ops.last_code = LastCode {
                        method: r.method,
                        code_base: r.code_base,
                        epoch: self.method_facts.ops.epoch(),
                    };
                    outcome
                }
                None => (Step::Slow, self.fetch_byte()),
            };
            if step == Step::Slow {
                if self.dispatch_sista(byte) {
                    return;
                }
            } else if step == Step::Periodic {
                self.periodic_checks();
            }
            if self.exit.is_some() || !self.is_sista {
                return;
            }
            if self.heap.needs_scavenge() {
                self.periodic_checks();
                if self.exit.is_some() || !self.is_sista {
                    return;
                }
            }
        }
    }

    /// Runs ops until one answers something other than `Step::Done`; answers
    /// that step and the byte of the op (for `Step::Slow`: the bytecode to run
    /// slowly, ip just past it). The patterns list single values, not ranges,
    /// so that the match compiles to one jump table.
    #[allow(
        clippy::manual_range_patterns,
        reason = "rustc lowers range patterns to compare chains; single values give one jump table"
    )]
    #[inline(always)]
    fn fast_sista(&mut self, r: &mut Registers, ops: &Ops) -> (Step, u8) {
        'fetch: loop {
            // pc stays at the op's first byte: a superinstruction moves it
            // by its length, a plain arm by one before anything else (`plain!`).
            let op = op_at(ops, r.pc);
            // Kinds are below 512: masking lets the match index its jump
            // table without a range check.
            let kind = op.kind & (KIND_LIMIT - 1);
            let byte = kind as u8;
            let low = usize::from(byte);
            // `step!` goes straight on to the next op when a handler is
            // done; any other outcome leaves the loop with the bytecode that
            // caused it (ip just past it).
            macro_rules! step {
                ($handler:expr) => {
                    match $handler {
                        Step::Done => continue 'fetch,
                        other => return (other, byte),
                    }
                };
            }
            // `plain!` runs a plain bytecode's handler with pc past its byte.
            macro_rules! plain {
                ($handler:expr) => {{
                    r.pc += 1;
                    step!($handler)
                }};
            }
            // `superinstructions!` adds one arm per superinstruction kind.
            macro_rules! superinstructions {
                (match $kind:ident { $($plain:tt)* } kinds [$($k:literal)*]) => {
                    match $kind {
                        $($plain)*
                        $($k => match self.run_superinstruction::<$k>(r, op, ops) {
                            Step::Done => continue 'fetch,
                            Step::Slow => match self.push_first::<$k>(r, op) {
                                Step::Done => continue 'fetch,
                                _ => return self.slow_first_byte(r),
                            },
                            other => return (other, byte),
                        },)*
                        _ => return self.slow_first_byte(r),
                    }
                };
            }
            superinstructions!(match kind {
            0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 => {
                plain!(self.fast_push_receiver_variable(r, low & 15))
            }
            16 | 17 | 18 | 19 | 20 | 21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29 | 30 | 31 => {
                r.pc += 1;
                let binding = self.literal_at(r, low & 15);
                let value = self.heap.fetch_pointer(binding, layout::association::VALUE);
                step!(self.fast_push(r, value))
            }
            32 | 33 | 34 | 35 | 36 | 37 | 38 | 39 | 40 | 41 | 42 | 43 | 44 | 45 | 46 | 47
            | 48 | 49 | 50 | 51 | 52 | 53 | 54 | 55 | 56 | 57 | 58 | 59 | 60 | 61 | 62 | 63 => {
                plain!(self.fast_push(r, self.literal_at(r, low & 31)))
            }
            64 | 65 | 66 | 67 | 68 | 69 | 70 | 71 => plain!(self.fast_push_temp(r, low & 7)),
            72 | 73 | 74 | 75 => plain!(self.fast_push_temp(r, (low & 3) + 8)),
            76 => plain!(self.fast_push(r, r.frame.at(frame::RECEIVER))),
            77 => plain!(self.fast_push(r, self.true_object)),
            78 => plain!(self.fast_push(r, self.false_object)),
            79 => plain!(self.fast_push(r, self.nil)),
            80 => plain!(self.fast_push(r, Oop::small_integer_unchecked(0))),
            81 => plain!(self.fast_push(r, Oop::small_integer_unchecked(1))),
            83 => plain!(self.fast_push(r, r.slots.at(r.sp))),
            88 => plain!(self.fast_method_return(r, r.frame.at(frame::RECEIVER))),
            89 => plain!(self.fast_method_return(r, self.true_object)),
            90 => plain!(self.fast_method_return(r, self.false_object)),
            91 => plain!(self.fast_method_return(r, self.nil)),
            92 => plain!(self.fast_method_return(r, r.slots.at(r.sp))),
            93 => plain!(self.fast_return_to_caller(r, self.nil)),
            96 => plain!(self.fast_small_integer_operation(r, 0)),
            97 => plain!(self.fast_small_integer_operation(r, 1)),
            98 => plain!(self.fast_small_integer_operation(r, 2)),
            99 => plain!(self.fast_small_integer_operation(r, 3)),
            100 => plain!(self.fast_small_integer_operation(r, 4)),
            101 => plain!(self.fast_small_integer_operation(r, 5)),
            102 => plain!(self.fast_small_integer_operation(r, 6)),
            103 => plain!(self.fast_small_integer_operation(r, 7)),
            104 => plain!(self.fast_small_integer_operation(r, 8)),
            110 => plain!(self.fast_small_integer_operation(r, 14)),
            111 => plain!(self.fast_small_integer_operation(r, 15)),
            105 => plain!(self.fast_small_integer_operation(r, 9)),
            106 => plain!(self.fast_small_integer_operation(r, 10)),
            108 => plain!(self.fast_small_integer_operation(r, 12)),
            109 => plain!(self.fast_small_integer_operation(r, 13)),
            112 => plain!(self.fast_array_at(r)),
            113 => plain!(self.fast_array_at_put(r)),
            118 => plain!(self.fast_identical(r, true)),
            119 => plain!(self.fast_class(r)),
            120 => plain!(self.fast_identical(r, false)),
            114 | 115 | 116 | 117 | 123 | 124 | 125 | 126 | 127 | 128 | 129 | 130 | 131
            | 132 | 133 | 134 | 135 | 136 | 137 | 138 | 139 | 140 | 141 | 142 | 143 | 144
            | 145 | 146 | 147 | 148 | 149 | 150 | 151 | 152 | 153 | 154 | 155 | 156 | 157
            | 158 | 159 | 160 | 161 | 162 | 163 | 164 | 165 | 166 | 167 | 168 | 169 | 170
            | 171 | 172 | 173 | 174 | 175 => {
                r.pc += 1;
                let (selector, num_args) = if low >= 128 {
                    (self.literal_at(r, low & 15), (low - 128) >> 4)
                } else {
                    match self.special_selector_entry(low - 96) {
                        Some(send) => send,
                        None => return (Step::Slow, byte),
                    }
                };
                step!(self.fast_send(r, selector, num_args))
            }
            176 | 177 | 178 | 179 | 180 | 181 | 182 | 183 => {
                // One byte, then a jump by 1 to 8.
                r.pc += (low & 7) + 2;
                step!(Step::Done)
            }
            184 | 185 | 186 | 187 | 188 | 189 | 190 | 191 => {
                plain!(self.fast_conditional_jump(r, (low & 7) + 1, true))
            }
            192 | 193 | 194 | 195 | 196 | 197 | 198 | 199 => {
                plain!(self.fast_conditional_jump(r, (low & 7) + 1, false))
            }
            200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 => {
                plain!(self.fast_store_receiver_variable(r, low & 7))
            }
            208 | 209 | 210 | 211 | 212 | 213 | 214 | 215 => {
                r.pc += 1;
                r.frame.put(frame::FIRST_TEMP + (low & 7), r.slots.at(r.sp));
                r.sp -= 1;
                step!(Step::Done)
            }
            216 => {
                r.pc += 1;
                r.sp -= 1;
                step!(Step::Done)
            }
            225 if self.num_ext_b == 0 && self.code_byte(r, 2) == 237 => {
                plain!(self.fast_extended_jump(r))
            }
            224 | 225 => {
                r.pc += 1;
                let operand = self.code_byte(r, 0);
                r.pc += 1;
                if byte == 224 {
                    self.ext_a_bytecode(operand);
                } else {
                    self.ext_b_bytecode(operand);
                }
                step!(Step::Done)
            }
            229 => {
                r.pc += 1;
                let index = usize::from(self.code_byte(r, 0));
                let step = self.fast_push_temp(r, index);
                r.pc += usize::from(step == Step::Done);
                step!(step)
            }
            232 => plain!(self.fast_push_integer(r)),
            237 => plain!(self.fast_long_jump(r)),
            238 | 239 => plain!(self.fast_long_conditional_jump(r, byte == 238)),
            82 | 84 | 85 | 86 | 87 | 94 | 95 | 107 | 121 | 122 | 217 | 218 | 219
            | 220 | 221 | 222 | 223 | 226 | 227 | 228 | 230 | 231 | 233 | 234 | 235 | 236
            | 240 | 241 | 242 | 243 | 244 | 245 | 246 | 247 | 248 | 249 | 250 | 251 | 252
            | 253 | 254 | 255 => plain!(Step::Slow),
            } kinds [
                256 257 258 259 260 261 262 263 264 265 266 267 268 269 270 271
                272 273 274 275 276 277 278 279 280 281 282 283 284 285 286 287
                288 289 290 291 292 293 294 295 296 297 298 299 300 301 302 303
                304 305 306 307 308 309 310 311 312 313 314 315 316 317 318 319
                320 321 322 323 324 325 326 327 328 329 330 331 332 333 334 335
                336 337 338 339 340 341 342 343 344 345 346 347 348 349 350 351
                352 353 354 355 356 357 358 359 360 361 362 363 364 365 366 367
                368 369 370 371 372 373 374 375 376 377 378 379 380 381 382 383
                384 385 386 387 388 389 390 391 392 393 394 395 396 397 398 399
                400 401 402 403 404 405 406 407 408 409 410 411 412 413 414 415
                416 417 418 419 420 421 422 423 424 425 426 427 428 429 430 431
                432 433 434 435 436 437 438 439 440 441 442 443 444 445 446 447
                448 449 450 451 452 453 454 455 456 457 458 459 460 461 462 463
                464 465 466 467 468 469 470 471 472 473 474 475 476 477 478 479
                480 481 482 483 484 485 486 487 488 489 490 491 492 493 494 495
                496 497 498 499 500 501 502 503 504 505 506 507 508 509 510 511
            ])
        }
    }

    /// Leaves the loop to run the first bytecode a superinstruction covers
    /// (pc at it) on the slow path: pc moves past that byte, which is answered.
    #[inline(always)]
    fn slow_first_byte(&self, r: &mut Registers) -> (Step, u8) {
        r.pc += 1;
        (Step::Slow, self.heap.fetch_byte(r.method, r.ip() - 1))
    }

    /// The byte `offset` bytes after the next one of the running method.
    #[inline(always)]
    pub(super) fn code_byte(&self, r: &Registers, offset: usize) -> u8 {
        self.heap.fetch_byte(r.method, r.ip() + offset)
    }

    /// Literal `index` (0-based) of the running method.
    #[inline(always)]
    fn literal_at(&self, r: &Registers, index: usize) -> Oop {
        self.heap.fetch_pointer(r.method, index + 1)
    }

    /// Sista 238/239: conditional jump by `b1` (with no extB prefix pending).
    #[inline(always)]
    fn fast_long_conditional_jump(&mut self, r: &mut Registers, jump_if: bool) -> Step {
        if self.num_ext_b != 0 {
            return Step::Slow;
        }
        let offset = usize::from(self.code_byte(r, 0));
        let step = self.fast_conditional_jump(r, offset, jump_if);
        r.pc += usize::from(step == Step::Done);
        step
    }

    /// Pushes `value` unless the page is full (then the slow path fails the run).
    #[inline(always)]
    fn fast_push(&mut self, r: &mut Registers, value: Oop) -> Step {
        if r.page_is_full() {
            return Step::Slow;
        }
        r.sp += 1;
        r.slots.put(r.sp, value);
        Step::Done
    }

    #[inline(always)]
    fn fast_push_temp(&mut self, r: &mut Registers, index: usize) -> Step {
        let value = r.frame.at(frame::FIRST_TEMP + index);
        self.fast_push(r, value)
    }

    /// Receiver variables of non-contexts (a context's first fields are its frame's).
    #[inline(always)]
    fn fast_push_receiver_variable(&mut self, r: &mut Registers, index: usize) -> Step {
        let receiver = r.frame.at(frame::RECEIVER);
        if self.heap.header(receiver).class_index() == class_index::CONTEXT {
            return Step::Slow;
        }
        let value = self.heap.fetch_pointer(receiver, index);
        self.fast_push(r, value)
    }

    /// Pop into receiver variable `index` of a writable non-context receiver.
    #[inline(always)]
    fn fast_store_receiver_variable(&mut self, r: &mut Registers, index: usize) -> Step {
        let receiver = r.frame.at(frame::RECEIVER);
        let header = self.heap.header(receiver);
        if header.is_immutable()
            || header.class_index() == class_index::CONTEXT
            || !self.store_without_remembering(receiver, header, index, r.slots.at(r.sp))
        {
            return Step::Slow;
        }
        r.sp -= 1;
        Step::Done
    }

    /// Sista 232: push `b1 + extB·256`.
    #[inline(always)]
    fn fast_push_integer(&mut self, r: &mut Registers) -> Step {
        if r.page_is_full() {
            return Step::Slow;
        }
        let b1 = i64::from(self.code_byte(r, 0));
        r.pc += 1;
        let value = if self.num_ext_b == 0 {
            b1
        } else {
            b1 + self.take_ext_b() * 256
        };
        r.sp += 1;
        r.slots.put(r.sp, Oop::small_integer_unchecked(value));
        Step::Done
    }

    /// Pop; jump by `offset` when it is `jump_if`; non-Booleans go the slow way.
    #[inline(always)]
    fn fast_conditional_jump(&mut self, r: &mut Registers, offset: usize, jump_if: bool) -> Step {
        let value = r.slots.at(r.sp);
        if value == self.boolean(jump_if) {
            r.sp -= 1;
            r.pc += offset;
            Step::Done
        } else if value == self.boolean(!jump_if) {
            r.sp -= 1;
            Step::Done
        } else {
            Step::Slow
        }
    }

    /// Sista 237: jump by `b1 + extB·256`; backward jumps are check points.
    #[inline(always)]
    fn fast_long_jump(&mut self, r: &mut Registers) -> Step {
        let b1 = i64::from(self.code_byte(r, 0));
        let offset = b1 + self.take_ext_b() * 256;
        r.pc = r.pc.wrapping_add_signed(1 + offset as isize);
        if offset < 0 {
            return self.fast_count_check_point(r);
        }
        Step::Done
    }

    /// extB (first byte, signed) followed by the long jump 237: one jump by
    /// `b1 + extB·256`, a check point when backward.
    #[inline(always)]
    fn fast_extended_jump(&mut self, r: &mut Registers) -> Step {
        let ext_b = i64::from(self.code_byte(r, 0) as i8);
        let b1 = i64::from(self.code_byte(r, 2));
        let offset = ext_b * 256 + b1;
        r.pc = r.pc.wrapping_add_signed(3 + offset as isize);
        if offset < 0 {
            return self.fast_count_check_point(r);
        }
        Step::Done
    }

    /// Stores `value` into slot `index` of `object` (whose header is `header`)
    /// when the store check has nothing to do: `value` is not young, or
    /// `object` is young or already remembered. Otherwise stores nothing and
    /// answers false (the slow path's store remembers `object`, which may grow
    /// the remembered set: a call this loop does without).
    #[inline(always)]
    pub(super) fn store_without_remembering(
        &mut self,
        object: Oop,
        header: ObjectHeader,
        index: usize,
        value: Oop,
    ) -> bool {
        if self.heap.is_young(value) && !self.heap.is_young(object) && !header.is_remembered() {
            return false;
        }
        self.heap.store_pointer_unchecked(object, index, value);
        true
    }

    /// Counts a send or backward jump; every `CHECK_INTERVAL` of them runs the
    /// periodic checks with the registers written back. (Fast paths do not
    /// allocate, except pure primitives, which check for a scavenge themselves;
    /// the loop checks after every slow bytecode.)
    #[inline(always)]
    pub(crate) fn fast_count_check_point(&mut self, r: &mut Registers) -> Step {
        self.check_countdown -= 1;
        if self.check_countdown == 0 {
            self.store_registers(r);
            return Step::Periodic;
        }
        Step::Done
    }
}

#[cfg(test)]
mod tests;
