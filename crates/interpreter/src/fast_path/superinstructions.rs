//! Superinstructions: one op running a whole instruction sequence with the
//! operands the translator (`translate.rs`) decoded. Each kind is its own
//! monomorphic handler (`K` is a const generic, so the operand sources, the
//! selector and the continuation are fixed at compile time: no sub-dispatch).
//!
//! A superinstruction either completes everything it covers (`Step::Done`, or
//! what a covered return or backward jump answers), or changes nothing and
//! answers `Step::Slow`; the fast loop then runs the first covered bytecode
//! alone (it is always a push: `push_first`, or the slow path if the page is
//! full), and execution goes on op by op, exactly as without fusion
//! (non-SmallIntegers reach the real send, overflow the slow path, non-Booleans
//! `mustBeBoolean`, out-of-range indices the `at:` primitive's failure).
//!
//! Stack room: a superinstruction writes at most one stack slot (its result),
//! and checks that slot as a plain push would. It does not check the slots
//! the covered pushes would have used on the way: the verifier bounds the
//! stack depth of verified code by its frame size, and every activation
//! reserves that room on its page (`ensure_frame_room`, `fast_activate`), so
//! those checks cannot fail for code that runs.
//!
//! Kinds (`FIRST_SUPERINSTRUCTION..END`):
//! - `BINOP`: first operand (a frame slot, or the value already on the stack),
//!   second operand (a frame slot, a SmallInteger constant or a literal), one of
//!   the special selectors `+ - < > <= >= = ~=`, then: push the result, return
//!   it, pop it into a temp / store it in a temp (arithmetic), or jump on it
//!   (comparisons; no Boolean is made).
//! - `AT`: `frameSlot at: (frameSlot | constant)` then push, return or jump.
//! - `AT_PUT_POP`: `frameSlot at: (frameSlot | constant) put: value` then pop.
//! - `RETURN`: push a frame slot, constant or literal, then `^` it (directly or
//!   through a jump to a returnTop).
//! - `JUMP_FORWARD` / `JUMP_BACKWARD`: a long jump to its target.
//! - `ARITH_SEND`: `frameSlot ± operand` then a unary literal send to it
//!   (`(n - 1) fib`); it fails whole when the send cannot be made fast.
//! - `ARITH_POP_JUMP_BACK`: `frameSlot ± operand`, popped into a temp, then a
//!   backward jump of at most 255 bytes (a loop's step: `i := i + 1` and the
//!   jump to the loop test); `c` holds the temp slot (low byte) and the
//!   distance back from the op's first byte (high byte).
//! - `STEP_AND_TEST`: an `ARITH_POP_JUMP_BACK` sum whose jump lands on the
//!   loop's test of the stepped temp, a `BINOP` `temp <= operand` or
//!   `temp >= operand` then jump if false (a `to:do:` loop's step and test):
//!   the step, the check point and the test's branch in one op. The test's
//!   operand is read from its own op; when it is not a SmallInteger, the test
//!   op runs on its own.
use stvm_object_model::{class_index, Oop};

use super::ops::{op_at, Op, Ops};
use super::{Registers, Step};
use crate::interpreter::Interpreter;

/// The first superinstruction kind (kinds below are bytes).
pub(crate) const FIRST_SUPERINSTRUCTION: u16 = 256;
/// Binary special selectors: 2 first × 3 second sources × 8 selectors × 4 continuations.
pub(crate) const BINOP: u16 = FIRST_SUPERINSTRUCTION;
/// `at:`: 2 index sources × 4 continuations.
pub(crate) const AT: u16 = BINOP + 192;
/// `at:put:` then pop: 2 index sources × 5 value sources.
pub(crate) const AT_PUT_POP: u16 = AT + 8;
/// Push and return: 3 value sources.
pub(crate) const RETURN: u16 = AT_PUT_POP + 10;
/// Forward long jump.
pub(crate) const JUMP_FORWARD: u16 = RETURN + 3;
/// Backward long jump (a check point).
pub(crate) const JUMP_BACKWARD: u16 = JUMP_FORWARD + 1;
/// `frameSlot + operand` or `frameSlot - operand` then a unary send to the
/// result: 3 second sources × 2 selectors.
pub(crate) const ARITH_SEND: u16 = JUMP_BACKWARD + 1;
/// `frameSlot + operand` or `frameSlot - operand` popped into a temp, then a
/// backward jump: 3 second sources × 2 selectors.
pub(crate) const ARITH_POP_JUMP_BACK: u16 = ARITH_SEND + 6;
/// `STEP_AND_TEST`: 3 step operand sources × 3 test operand sources × 2 tests
/// (`<=`, `>=`).
pub(crate) const STEP_AND_TEST: u16 = ARITH_POP_JUMP_BACK + 6;
/// One past the last kind.
pub(crate) const END: u16 = STEP_AND_TEST + 18;

/// Operand source: the frame slot at `fp + offset` (receiver or temp).
pub(crate) const SLOT: u16 = 0;
/// First-operand source: the value already on top of the stack.
pub(crate) const STACK: u16 = 1;
/// Operand source: a SmallInteger constant held tagged in the op.
pub(crate) const INT: u16 = 1;
/// Operand source: a literal of the method (read when the op runs).
pub(crate) const LITERAL: u16 = 2;
/// `at:put:` value sources beyond `SLOT` and `INT`: nil, true, false.
pub(crate) const NIL: u16 = 2;
/// See `NIL`.
pub(crate) const TRUE: u16 = 3;
/// See `NIL`.
pub(crate) const FALSE: u16 = 4;

/// Continuation: push the result.
pub(crate) const THEN_PUSH: u16 = 0;
/// Continuation: return the result from the method (`^`).
pub(crate) const THEN_RETURN: u16 = 1;
/// Continuation of arithmetic: pop the result into temp slot `c`.
pub(crate) const THEN_POP_INTO: u16 = 2;
/// Continuation of arithmetic: store the result into temp slot `c`, keep it pushed.
pub(crate) const THEN_STORE: u16 = 3;
/// Continuation of comparisons and `at:`: jump to `c` if true, else go on.
pub(crate) const THEN_JUMP_IF_TRUE: u16 = 2;
/// Continuation of comparisons and `at:`: jump to `c` if false, else go on.
pub(crate) const THEN_JUMP_IF_FALSE: u16 = 3;

/// The `BINOP` kind of (first source, second source, special selector 0–7, continuation).
pub(crate) const fn binop_kind(first: u16, second: u16, selector: u16, then: u16) -> u16 {
    BINOP + ((first * 3 + second) * 8 + selector) * 4 + then
}

/// The `AT` kind of (index source, continuation).
pub(crate) const fn at_kind(index: u16, then: u16) -> u16 {
    AT + index * 4 + then
}

/// The `AT_PUT_POP` kind of (index source, value source).
pub(crate) const fn at_put_pop_kind(index: u16, value: u16) -> u16 {
    AT_PUT_POP + index * 5 + value
}

/// The `RETURN` kind of a value source (`SLOT`, `INT`, `LITERAL`).
pub(crate) const fn return_kind(value: u16) -> u16 {
    RETURN + value
}

/// The `ARITH_SEND` kind of (second source, special selector 0 or 1).
pub(crate) const fn arith_send_kind(second: u16, selector: u16) -> u16 {
    ARITH_SEND + second * 2 + selector
}

/// The `ARITH_POP_JUMP_BACK` kind of (second source, special selector 0 or 1).
pub(crate) const fn arith_pop_jump_back_kind(second: u16, selector: u16) -> u16 {
    ARITH_POP_JUMP_BACK + second * 2 + selector
}

/// The `STEP_AND_TEST` kind of (step operand source, test operand source,
/// test: 0 for `<=`, 1 for `>=`).
pub(crate) const fn step_and_test_kind(step: u16, test: u16, greater: u16) -> u16 {
    STEP_AND_TEST + (step * 3 + test) * 2 + greater
}

/// The sum (selector 0) or difference (1) of two tagged SmallIntegers, unless
/// it overflows. Tagged words are value·8 + 1, so `a - 1 + b` is the tagged
/// sum, and it overflows an i64 exactly when the sum leaves the SmallIntegers.
#[inline(always)]
fn small_integer_sum(selector: u16, a: i64, b: i64) -> Option<Oop> {
    let bits = if selector == 0 {
        (a - 1).checked_add(b)
    } else {
        a.checked_sub(b - 1)
    };
    bits.map(|bits| Oop::from_bits(bits as u64))
}

impl Registers {
    /// Moves pc (at the op's first byte) past the op.
    #[inline(always)]
    fn skip(&mut self, op: Op) {
        self.pc += op.covered();
    }

    /// Jumps to the op's target (`c`: an offset from the op's first byte,
    /// where pc is).
    #[inline(always)]
    fn jump(&mut self, op: Op) {
        self.pc = self.pc.wrapping_add_signed(op.c as i16 as isize);
    }
}

impl Interpreter {
    /// Runs superinstruction `K` (pc at its first byte).
    #[inline(always)]
    pub(super) fn run_superinstruction<const K: u16>(
        &mut self,
        r: &mut Registers,
        op: Op,
        ops: &Ops,
    ) -> Step {
        if K < AT {
            self.binop::<K>(r, op)
        } else if K < AT_PUT_POP {
            self.at_then::<K>(r, op)
        } else if K < RETURN {
            self.at_put_pop::<K>(r, op)
        } else if K < JUMP_FORWARD {
            self.push_and_return::<K>(r, op)
        } else if K == JUMP_FORWARD {
            r.jump(op);
            Step::Done
        } else if K == JUMP_BACKWARD {
            r.jump(op);
            self.fast_count_check_point(r)
        } else if K < ARITH_POP_JUMP_BACK {
            self.arith_send::<K>(r, op)
        } else if K < STEP_AND_TEST {
            self.arith_pop_jump_back::<K>(r, op)
        } else if K < END {
            self.step_and_test::<K>(r, op, ops)
        } else {
            Step::Slow
        }
    }

    /// The operand from `source` (`SLOT`, `INT` or `LITERAL`) encoded as `value`.
    #[inline(always)]
    fn operand(&self, r: &Registers, source: u16, value: u16) -> Oop {
        match source {
            SLOT => r.frame.at(usize::from(value)),
            INT => Oop::from_bits(value as i16 as i64 as u64),
            _ => self.literal_at(r, usize::from(value)),
        }
    }

    /// `BINOP` kinds.
    #[inline(always)]
    fn binop<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let index = K - BINOP;
        let (first, second) = (index / 96, index / 32 % 3);
        let (selector, then) = (index / 4 % 8, index % 4);
        // (Continuation 3 is a store for arithmetic, a jump for comparisons.)
        let pushes_result = then == THEN_PUSH || (selector < 2 && then == THEN_STORE);
        if first == SLOT && pushes_result && r.page_is_full() {
            return Step::Slow;
        }
        let a = if first == SLOT {
            r.frame.at(usize::from(op.a))
        } else {
            r.slots.at(r.sp)
        };
        let b = self.operand(r, second, op.b);
        // Tagged words are value·8 + 1: their signed order is the values' order.
        let (x, y) = (a.bits() as i64, b.bits() as i64);
        if x & y & 1 == 0 {
            return Step::Slow;
        }
        let result_slot = if first == SLOT { r.sp + 1 } else { r.sp };
        if selector < 2 {
            let Some(result) = small_integer_sum(selector, x, y) else {
                return Step::Slow;
            };
            return self.finish_value(r, op, then, result_slot, result);
        }
        let truth = match selector {
            2 => x < y,
            3 => x > y,
            4 => x <= y,
            5 => x >= y,
            6 => x == y,
            _ => x != y,
        };
        if then == THEN_JUMP_IF_TRUE || then == THEN_JUMP_IF_FALSE {
            r.sp = result_slot - 1;
            Self::branch(r, op, truth == (then == THEN_JUMP_IF_TRUE));
            return Step::Done;
        }
        self.finish_value(r, op, then, result_slot, self.boolean(truth))
    }

    /// Jumps to the op's target when `taken`, else goes past the op: with a
    /// conditional branch, not a select, so that the next op's loads need not
    /// wait for the condition (the hint marks the jump as the rarer side).
    #[inline(always)]
    fn branch(r: &mut Registers, op: Op, taken: bool) {
        if taken {
            std::hint::cold_path();
            r.jump(op);
        } else {
            r.skip(op);
        }
    }

    /// Push, return, pop into or store `value` (result slot: where a push puts it).
    #[inline(always)]
    fn finish_value(
        &mut self,
        r: &mut Registers,
        op: Op,
        then: u16,
        result_slot: usize,
        value: Oop,
    ) -> Step {
        match then {
            THEN_RETURN => return self.fast_method_return(r, value),
            THEN_POP_INTO => {
                r.frame.put(usize::from(op.c), value);
                r.sp = result_slot - 1;
            }
            _ => {
                if then == THEN_STORE {
                    r.frame.put(usize::from(op.c), value);
                }
                r.sp = result_slot;
                r.slots.put(result_slot, value);
            }
        }
        r.skip(op);
        Step::Done
    }

    /// `AT` kinds.
    #[inline(always)]
    fn at_then<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let (index_source, then) = ((K - AT) / 4, (K - AT) % 4);
        if then == THEN_PUSH && r.page_is_full() {
            return Step::Slow;
        }
        let array = r.frame.at(usize::from(op.a));
        let index = self.operand(r, index_source, op.b);
        let Some((slot, _)) = self.array_slot(array, index, false) else {
            return Step::Slow;
        };
        let value = self.heap.fetch_pointer(array, slot);
        if then == THEN_JUMP_IF_TRUE || then == THEN_JUMP_IF_FALSE {
            let jump_if = then == THEN_JUMP_IF_TRUE;
            if value == self.boolean(jump_if) {
                Self::branch(r, op, true);
            } else if value == self.boolean(!jump_if) {
                Self::branch(r, op, false);
            } else {
                return Step::Slow;
            }
            return Step::Done;
        }
        self.finish_value(r, op, then, r.sp + 1, value)
    }

    /// `AT_PUT_POP` kinds.
    #[inline(always)]
    fn at_put_pop<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let (index_source, value_source) = ((K - AT_PUT_POP) / 5, (K - AT_PUT_POP) % 5);
        let array = r.frame.at(usize::from(op.a));
        let index = self.operand(r, index_source, op.b);
        let value = match value_source {
            NIL => self.nil,
            TRUE => self.true_object,
            FALSE => self.false_object,
            source => self.operand(r, source, op.c),
        };
        let Some((slot, header)) = self.array_slot(array, index, true) else {
            return Step::Slow;
        };
        if value_source == SLOT {
            if !self.store_without_remembering(array, header, slot, value) {
                return Step::Slow;
            }
        } else {
            // SmallIntegers, nil, true and false are never young: no store check.
            self.heap.store_pointer_unchecked(array, slot, value);
        }
        r.skip(op);
        Step::Done
    }

    /// Runs the first instruction of superinstruction `K` alone (a push), for
    /// when the whole cannot run: the next op goes on from there. Answers
    /// `Step::Slow` if the page is full (the slow path then runs the push).
    #[inline(always)]
    pub(super) fn push_first<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let pushes_slot_a = (K < AT && (K - BINOP) / 96 == SLOT) || (AT..RETURN).contains(&K);
        let value = if pushes_slot_a || (ARITH_SEND..END).contains(&K) {
            r.frame.at(usize::from(op.a))
        } else if K < AT {
            self.operand(r, (K - BINOP) / 32 % 3, op.b)
        } else if K < JUMP_FORWARD {
            self.operand(r, K - RETURN, op.b)
        } else {
            return Step::Slow;
        };
        if r.page_is_full() {
            return Step::Slow;
        }
        r.sp += 1;
        r.slots.put(r.sp, value);
        r.pc += op.first_length();
        Step::Done
    }

    /// Frame slot `a` plus (selector 0) or minus (1) the operand from `source`
    /// encoded as `b`, if both are SmallIntegers and the result is one.
    #[inline(always)]
    fn slot_sum(&self, r: &Registers, op: Op, source: u16, selector: u16) -> Option<Oop> {
        let a = r.frame.at(usize::from(op.a)).bits() as i64;
        let b = self.operand(r, source, op.b).bits() as i64;
        if a & b & 1 == 0 {
            return None;
        }
        small_integer_sum(selector, a, b)
    }

    /// `ARITH_SEND` kinds: the result is pushed and receives the send.
    #[inline(always)]
    fn arith_send<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let (second, selector) = ((K - ARITH_SEND) / 2, (K - ARITH_SEND) % 2);
        if r.page_is_full() {
            return Step::Slow;
        }
        let Some(result) = self.slot_sum(r, op, second, selector) else {
            return Step::Slow;
        };
        let (pc, sp) = (r.pc, r.sp);
        r.sp += 1;
        r.slots.put(r.sp, result);
        r.skip(op);
        let selector = self.literal_at(r, usize::from(op.c));
        let step = self.fast_send_to(r, selector, 0, result, class_index::SMALL_INTEGER);
        if step == Step::Slow {
            // Nothing changed but the free slot above the stack.
            (r.pc, r.sp) = (pc, sp);
        }
        step
    }

    /// `ARITH_POP_JUMP_BACK` kinds.
    #[inline(always)]
    fn arith_pop_jump_back<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let (second, selector) = ((K - ARITH_POP_JUMP_BACK) / 2, (K - ARITH_POP_JUMP_BACK) % 2);
        let Some(result) = self.slot_sum(r, op, second, selector) else {
            return Step::Slow;
        };
        r.frame.put(usize::from(op.c & 0xFF), result);
        r.pc -= usize::from(op.c >> 8);
        self.fast_count_check_point(r)
    }

    /// `STEP_AND_TEST` kinds.
    #[inline(always)]
    fn step_and_test<const K: u16>(&mut self, r: &mut Registers, op: Op, ops: &Ops) -> Step {
        let index = K - STEP_AND_TEST;
        let (step_source, test_source, greater) = (index / 6, index / 2 % 3, index % 2 == 1);
        let Some(sum) = self.slot_sum(r, op, step_source, 0) else {
            return Step::Slow;
        };
        r.frame.put(usize::from(op.c & 0xFF), sum);
        r.pc -= usize::from(op.c >> 8);
        let step = self.fast_count_check_point(r);
        if step != Step::Done {
            return step;
        }
        // The test compares the stepped temp, now `sum`, with its operand.
        let test = op_at(ops, r.pc);
        let (x, y) = (
            sum.bits() as i64,
            self.operand(r, test_source, test.b).bits() as i64,
        );
        if y & 1 == 0 {
            return Step::Done;
        }
        let holds = if greater { x >= y } else { x <= y };
        if holds {
            r.skip(test);
        } else {
            // A branch, not a select: the next op's loads then need not wait
            // for the comparison (the loop goes on far more often than not).
            std::hint::cold_path();
            r.jump(test);
        }
        Step::Done
    }

    /// `RETURN` kinds.
    #[inline(always)]
    fn push_and_return<const K: u16>(&mut self, r: &mut Registers, op: Op) -> Step {
        let value = self.operand(r, K - RETURN, op.b);
        self.fast_method_return(r, value)
    }
}

#[cfg(test)]
mod tests;
