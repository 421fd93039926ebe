//! Fast special-selector sends: SmallInteger `+ - * bitAnd: bitOr:` on tagged
//! words (no untagging where the tag survives the operation), `/ \\ // bitShift:`
//! and SmallFloat64 arithmetic through the general path's functions, comparisons
//! fused with a following conditional jump (no Boolean pushed), `==`/`~~`,
//! `class`, Array `at:`/`at:put:` (in `sends.rs`), and the selectors the VM does
//! not inline (`size next nextPut: atEnd do: new new: x y`) as cached sends.
//! Overflow, other classes and `@ value value:` go the slow way (the general
//! special-selector path, then an ordinary send).
use stvm_object_model::Oop;

use super::{Registers, Step};
use crate::interpreter::Interpreter;

/// SmallInteger tag bit: set only in SmallIntegers (tags 001).
const SMALL_INTEGER_BIT: u64 = 1;

impl Interpreter {
    /// `==` (`same`) or `~~`, forwarders followed.
    #[inline(always)]
    pub(super) fn fast_identical(&mut self, r: &mut Registers, same: bool) -> Step {
        let argument = self.follow(r.slots.at(r.sp));
        let receiver = self.follow(r.slots.at(r.sp - 1));
        r.sp -= 1;
        r.slots
            .put(r.sp, self.boolean((receiver == argument) == same));
        Step::Done
    }

    /// Arithmetic and comparison on two SmallIntegers.
    #[inline(always)]
    pub(super) fn fast_small_integer_operation(&mut self, r: &mut Registers, index: usize) -> Step {
        let receiver = r.slots.at(r.sp - 1).bits();
        let argument = r.slots.at(r.sp).bits();
        if receiver & argument & SMALL_INTEGER_BIT == 0 {
            return self.fast_small_float_operation(r, index);
        }
        // Tagged words are value·8 + 1, so their signed order is the values' order
        // and value·8 overflows an i64 exactly when the value leaves the SmallInteger range.
        let (a, b) = (receiver as i64, argument as i64);
        let result = match index {
            0 => (a - 1).checked_add(b),
            1 => a.checked_sub(b - 1),
            2 => return self.fast_compare(r, a < b),
            3 => return self.fast_compare(r, a > b),
            4 => return self.fast_compare(r, a <= b),
            5 => return self.fast_compare(r, a >= b),
            6 => return self.fast_compare(r, a == b),
            7 => return self.fast_compare(r, a != b),
            8 => (a >> 3)
                .checked_mul(b >> 3)
                .and_then(|product| product.checked_mul(8))
                .map(|shifted| shifted | 1),
            14 => Some(a & b),
            15 => Some(a | b),
            _ => return self.fast_untagged_operation(r, index, a >> 3, b >> 3),
        };
        let Some(bits) = result else {
            return Step::Slow;
        };
        r.sp -= 1;
        r.slots.put(r.sp, Oop::from_bits(bits as u64));
        Step::Done
    }

    /// Answers a comparison: when a conditional jump follows, takes or skips it
    /// directly; otherwise pushes the Boolean.
    #[inline(always)]
    fn fast_compare(&mut self, r: &mut Registers, result: bool) -> Step {
        let next = self.code_byte(r, 0);
        let (jump_if, offset, length) = match next {
            184..=199 => (next < 192, usize::from(next & 7) + 1, 1),
            238 | 239 if self.num_ext_b == 0 => {
                let b1 = usize::from(self.code_byte(r, 1));
                (next == 238, b1, 2)
            }
            _ => {
                r.sp -= 1;
                r.slots.put(r.sp, self.boolean(result));
                return Step::Done;
            }
        };
        r.sp -= 2;
        r.pc += length;
        if result == jump_if {
            r.pc += offset;
        }
        Step::Done
    }

    /// `/ \\ bitShift: //` on the SmallIntegers `a` and `b`, as the general path does them.
    #[inline(always)]
    fn fast_untagged_operation(&mut self, r: &mut Registers, index: usize, a: i64, b: i64) -> Step {
        let Some(result) = self.small_integer_operation(index, a, b) else {
            return Step::Slow;
        };
        r.sp -= 1;
        r.slots.put(r.sp, result);
        Step::Done
    }

    /// Arithmetic and comparison on two SmallFloat64s, as the general path does them.
    #[inline(always)]
    fn fast_small_float_operation(&mut self, r: &mut Registers, index: usize) -> Step {
        let receiver = r.slots.at(r.sp - 1);
        let argument = r.slots.at(r.sp);
        if !receiver.is_small_float() || !argument.is_small_float() {
            return Step::Slow;
        }
        let (a, b) = (receiver.small_float_value(), argument.small_float_value());
        let Some(result) = self.small_float_operation(index, a, b) else {
            return Step::Slow;
        };
        if (2..=7).contains(&index) {
            return self.fast_compare(r, result == self.true_object);
        }
        r.sp -= 1;
        r.slots.put(r.sp, result);
        Step::Done
    }

    /// `class`: the receiver's class, without a lookup (as every Smalltalk VM does).
    #[inline(always)]
    pub(super) fn fast_class(&mut self, r: &mut Registers) -> Step {
        let receiver = self.follow(r.slots.at(r.sp));
        r.slots.put(r.sp, self.heap.class_of(receiver));
        Step::Done
    }
}

#[cfg(test)]
mod tests;
