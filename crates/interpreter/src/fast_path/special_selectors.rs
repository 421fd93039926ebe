//! Fast special-selector sends: SmallInteger `+ - * bitAnd: bitOr:` on tagged
//! words (no untagging where the tag survives the operation), comparisons
//! fused with a following conditional jump (no Boolean pushed), `==`/`~~`,
//! Array `at:`/`at:put:` (in `sends.rs`). Overflow, other classes and every other selector go
//! the slow way (the general special-selector path, then an ordinary send).
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
            return Step::Slow;
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
            _ => Some(a | b),
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
}
