//! Special-selector sends (Sista 96–127, V3 176–207): inline SmallInteger and
//! SmallFloat64 arithmetic and comparison, `==`, `~~`, `class`, Array
//! `at:`/`at:put:`/`size`, closure `value`/`value:`; everything else (and every
//! overflow or type miss) is an ordinary send of the selector from special object 23.
use stvm_object_model::{class_index, special_objects, Oop};

use crate::interpreter::Interpreter;

/// Indices of the special selectors with fast paths (reference §8.3).
pub(crate) mod index {
    pub const ADD: usize = 0;
    pub const SUBTRACT: usize = 1;
    pub const LESS: usize = 2;
    pub const GREATER: usize = 3;
    pub const LESS_OR_EQUAL: usize = 4;
    pub const GREATER_OR_EQUAL: usize = 5;
    pub const EQUAL: usize = 6;
    pub const NOT_EQUAL: usize = 7;
    pub const MULTIPLY: usize = 8;
    pub const DIVIDE: usize = 9;
    pub const MODULO: usize = 10;
    pub const BIT_SHIFT: usize = 12;
    pub const INTEGER_DIVIDE: usize = 13;
    pub const BIT_AND: usize = 14;
    pub const BIT_OR: usize = 15;
    pub const AT: usize = 16;
    pub const AT_PUT: usize = 17;
    pub const SIZE: usize = 18;
    pub const IDENTICAL: usize = 22;
    pub const CLASS: usize = 23;
    pub const NOT_IDENTICAL: usize = 24;
    pub const VALUE: usize = 25;
    pub const VALUE_WITH_ARG: usize = 26;
}

impl Interpreter {
    /// Special selector send `special_index` (0–31).
    #[inline(always)]
    pub(crate) fn send_special_selector_bytecode(&mut self, special_index: usize) -> bool {
        let handled = match special_index {
            index::ADD..=index::BIT_OR if special_index != 11 => {
                self.try_inline_arithmetic(special_index)
            }
            index::AT => self.try_inline_at(),
            index::AT_PUT => self.try_inline_at_put(),
            index::SIZE => self.try_inline_size(),
            index::IDENTICAL | index::NOT_IDENTICAL => {
                let argument = self.pop();
                let receiver = self.top();
                let same = self.follow(receiver) == self.follow(argument);
                self.stack.put(
                    self.sp,
                    self.boolean(same == (special_index == index::IDENTICAL)),
                );
                true
            }
            index::CLASS => {
                let receiver = self.follow(self.top());
                let class = self.heap.class_of(receiver);
                self.stack.put(self.sp, class);
                true
            }
            index::VALUE => self.try_inline_closure_value(0),
            index::VALUE_WITH_ARG => self.try_inline_closure_value(1),
            _ => false,
        };
        if handled {
            return self.exit.is_some();
        }
        self.send_special_selector(special_index)
    }

    /// The ordinary send of special selector `special_index`.
    fn send_special_selector(&mut self, special_index: usize) -> bool {
        let Some((selector, num_args)) = self.special_selector_entry(special_index) else {
            self.fail_run(crate::InterpreterError::MissingSpecialObject {
                index: special_objects::SPECIAL_SELECTORS,
            });
            return true;
        };
        self.send(selector, num_args);
        self.exit.is_some()
    }

    /// Special selector `special_index` and its argument count (at most 15), from
    /// the special selectors array; `None` if the array lacks it.
    #[inline(always)]
    pub(crate) fn special_selector_entry(&self, special_index: usize) -> Option<(Oop, usize)> {
        let selectors = self.heap.special_object(special_objects::SPECIAL_SELECTORS);
        if !selectors.is_pointer() || self.heap.num_slots(selectors) <= special_index * 2 + 1 {
            return None;
        }
        let selector = self.heap.fetch_pointer(selectors, special_index * 2);
        let num_args = self.heap.fetch_pointer(selectors, special_index * 2 + 1);
        Some((selector, num_args.as_small_integer()?.clamp(0, 15) as usize))
    }

    /// Inline SmallInteger / SmallFloat64 arithmetic; false when not applicable.
    #[inline(always)]
    fn try_inline_arithmetic(&mut self, special_index: usize) -> bool {
        let receiver = self.stack_value(1);
        let argument = self.top();
        let result = if receiver.is_small_integer() && argument.is_small_integer() {
            self.small_integer_operation(
                special_index,
                receiver.small_integer_value(),
                argument.small_integer_value(),
            )
        } else if receiver.is_small_float() && argument.is_small_float() {
            self.small_float_operation(
                special_index,
                receiver.small_float_value(),
                argument.small_float_value(),
            )
        } else {
            None
        };
        match result {
            Some(value) => {
                self.sp -= 1;
                self.stack.put(self.sp, value);
                true
            }
            None => false,
        }
    }

    #[inline(always)]
    pub(crate) fn small_integer_operation(
        &self,
        special_index: usize,
        a: i64,
        b: i64,
    ) -> Option<Oop> {
        match special_index {
            index::ADD => Oop::small_integer(a + b),
            index::SUBTRACT => Oop::small_integer(a - b),
            index::LESS => Some(self.boolean(a < b)),
            index::GREATER => Some(self.boolean(a > b)),
            index::LESS_OR_EQUAL => Some(self.boolean(a <= b)),
            index::GREATER_OR_EQUAL => Some(self.boolean(a >= b)),
            index::EQUAL => Some(self.boolean(a == b)),
            index::NOT_EQUAL => Some(self.boolean(a != b)),
            index::MULTIPLY => a.checked_mul(b).and_then(Oop::small_integer),
            index::DIVIDE if b != 0 && a % b == 0 => Oop::small_integer(a / b),
            index::MODULO if b != 0 => Oop::small_integer(floored_modulo(a, b)),
            index::INTEGER_DIVIDE if b != 0 => Oop::small_integer(floored_division(a, b)),
            index::BIT_SHIFT => shifted(a, b).and_then(Oop::small_integer),
            index::BIT_AND => Some(Oop::small_integer_unchecked(a & b)),
            index::BIT_OR => Some(Oop::small_integer_unchecked(a | b)),
            _ => None,
        }
    }

    pub(crate) fn small_float_operation(
        &self,
        special_index: usize,
        a: f64,
        b: f64,
    ) -> Option<Oop> {
        match special_index {
            index::ADD => Oop::small_float(a + b),
            index::SUBTRACT => Oop::small_float(a - b),
            index::MULTIPLY => Oop::small_float(a * b),
            index::DIVIDE if b != 0.0 => Oop::small_float(a / b),
            index::LESS => Some(self.boolean(a < b)),
            index::GREATER => Some(self.boolean(a > b)),
            index::LESS_OR_EQUAL => Some(self.boolean(a <= b)),
            index::GREATER_OR_EQUAL => Some(self.boolean(a >= b)),
            index::EQUAL => Some(self.boolean(a == b)),
            index::NOT_EQUAL => Some(self.boolean(a != b)),
            _ => None,
        }
    }

    /// `anArray at: i` for exact Arrays with an in-range SmallInteger index.
    fn try_inline_at(&mut self) -> bool {
        let receiver = self.stack_value(1);
        let index = self.top();
        if !index.is_small_integer() || !receiver.is_pointer() {
            return false;
        }
        if self.heap.header(receiver).class_index() != class_index::ARRAY {
            return false;
        }
        let position = index.small_integer_value();
        if position < 1 || position as usize > self.heap.num_slots(receiver) {
            return false;
        }
        let value = self.heap.fetch_pointer(receiver, position as usize - 1);
        self.sp -= 1;
        self.stack.put(self.sp, value);
        true
    }

    /// `anArray at: i put: v` for exact, writable Arrays.
    fn try_inline_at_put(&mut self) -> bool {
        let receiver = self.stack_value(2);
        let index = self.stack_value(1);
        let value = self.top();
        if !index.is_small_integer() || !receiver.is_pointer() {
            return false;
        }
        let header = self.heap.header(receiver);
        if header.class_index() != class_index::ARRAY || header.is_immutable() {
            return false;
        }
        let position = index.small_integer_value();
        if position < 1 || position as usize > self.heap.num_slots(receiver) {
            return false;
        }
        self.heap
            .store_pointer(receiver, position as usize - 1, value);
        self.sp -= 2;
        self.stack.put(self.sp, value);
        true
    }

    /// `size` of exact Arrays, ByteStrings and ByteArrays.
    fn try_inline_size(&mut self) -> bool {
        let receiver = self.top();
        if !receiver.is_pointer() {
            return false;
        }
        match self.heap.header(receiver).class_index() {
            class_index::ARRAY | class_index::BYTE_STRING | class_index::BYTE_ARRAY => {
                let size = self.heap.element_count(receiver) as i64;
                self.stack.put(self.sp, Oop::small_integer_unchecked(size));
                true
            }
            _ => false,
        }
    }

    /// `aBlock value` / `value:` on closures of the right arity.
    fn try_inline_closure_value(&mut self, num_args: usize) -> bool {
        let closure = self.stack_value(num_args);
        if !closure.is_pointer() {
            return false;
        }
        match self.heap.header(closure).class_index() {
            class_index::FULL_BLOCK_CLOSURE | class_index::BLOCK_CLOSURE => {
                self.activate_closure(closure, num_args)
            }
            _ => false,
        }
    }
}

/// Smalltalk `\\` (modulo with the sign of the divisor).
fn floored_modulo(a: i64, b: i64) -> i64 {
    let remainder = a % b;
    if remainder != 0 && ((remainder < 0) != (b < 0)) {
        remainder + b
    } else {
        remainder
    }
}

/// Smalltalk `//` (quotient rounded towards negative infinity).
fn floored_division(a: i64, b: i64) -> i64 {
    let quotient = a / b;
    if a % b != 0 && ((a < 0) != (b < 0)) {
        quotient - 1
    } else {
        quotient
    }
}

/// `a bitShift: b` when no bits are lost (None otherwise).
fn shifted(a: i64, b: i64) -> Option<i64> {
    if b >= 0 {
        if b >= 63 {
            return (a == 0).then_some(0);
        }
        let result = a << b;
        (result >> b == a).then_some(result)
    } else {
        Some(a >> (-b).min(63))
    }
}
