//! Running a primitive on behalf of the image (the debugger's "step into a
//! primitive"): 118 `tryPrimitive:withArgs:` (also the 3-argument
//! `receiver:tryPrimitive:withArgs:` of Context) and 218
//! `tryNamedPrimitiveIn:for:withArgs:` (`doNamedPrimitive:withArgs:`).
//!
//! 118 rewrites the stack as if `receiver` had been sent a message with the
//! Array's elements as arguments and runs primitive `index` there, so
//! primitives that activate methods or switch processes behave as after a
//! real send. When the primitive fails the original stack is put back and
//! the failure code is the primitive's. Primitives that need the method being
//! run (117, 118, 218) and the always-failing markers are refused.
//!
//! 218 resolves the named primitive described by the CompiledMethod argument
//! (first literal `{module. name. …}`) and runs it on the given receiver and
//! arguments.
use stvm_object_model::{class_index, Oop};

use super::{is_interpreter_primitive, InterpreterPrimitiveResult};
use crate::interpreter::Interpreter;
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::primitives::{pure_primitive, PrimitiveCall, PrimitiveFailure};

/// Most arguments a tried primitive may take (a method's limit).
const MAX_TRIED_ARGUMENTS: usize = 15;

impl Interpreter {
    /// 118: `rcvr tryPrimitive: index withArgs: anArray` (2 arguments) or
    /// `aContext receiver: rcvr tryPrimitive: index withArgs: anArray` (3).
    pub(crate) fn primitive_try_primitive(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 2 && num_args != 3 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let receiver = self.stack_value(2);
        let number = self
            .stack_value(1)
            .as_small_integer()
            .and_then(|number| u16::try_from(number).ok())
            .ok_or(PrimitiveFailure::BadArgument)?;
        let arguments = self.argument_array(self.top())?;
        if matches!(number, 0 | 19 | 117 | 118 | 198 | 199 | 218) {
            return Err(PrimitiveFailure::BadArgument);
        }
        let base = self.sp - num_args;
        let saved: Vec<Oop> = (base..=self.sp).map(|slot| self.stack.at(slot)).collect();
        self.sp = base;
        self.stack.put(base, receiver);
        for argument in &arguments {
            self.push(*argument);
        }
        let outcome = self.run_primitive_number(number, arguments.len());
        if outcome.is_err() && self.exit.is_none() {
            for (offset, value) in saved.into_iter().enumerate() {
                self.stack.put(base + offset, value);
            }
            self.sp = base + num_args;
        }
        outcome
    }

    /// Elements of an Array argument of at most `MAX_TRIED_ARGUMENTS`.
    fn argument_array(&self, array: Oop) -> Result<Vec<Oop>, PrimitiveFailure> {
        if !array.is_pointer() || self.heap.header(array).class_index() != class_index::ARRAY {
            return Err(PrimitiveFailure::BadArgument);
        }
        if self.heap.num_slots(array) > MAX_TRIED_ARGUMENTS {
            return Err(PrimitiveFailure::BadArgument);
        }
        Ok(self.array_elements(array))
    }

    /// Runs primitive `number` on the stacked receiver and `num_args` arguments.
    fn run_primitive_number(&mut self, number: u16, num_args: usize) -> InterpreterPrimitiveResult {
        match number {
            256..=519 => self.run_quick_primitive(number, num_args),
            number if is_interpreter_primitive(number) => {
                self.dispatch_interpreter_primitive(number, num_args)
            }
            number if pure_primitive(number).is_some() => {
                self.delegate_to_pure_primitive(number, num_args)
            }
            _ => Err(PrimitiveFailure::NotFound),
        }
    }

    /// Quick primitives as tried primitives (no method to fall back to).
    fn run_quick_primitive(&mut self, number: u16, num_args: usize) -> InterpreterPrimitiveResult {
        let receiver = self.stack_value(num_args);
        let result = match number {
            256 => receiver,
            257 => self.true_object,
            258 => self.false_object,
            259 => self.nil,
            260..=263 => Oop::small_integer_unchecked(i64::from(number) - 261),
            _ => {
                let index = usize::from(number - 264);
                if !receiver.is_pointer()
                    || !self.heap.format_of(receiver).is_pointers()
                    || index >= self.heap.num_slots(receiver)
                {
                    return Err(PrimitiveFailure::BadReceiver);
                }
                self.heap.fetch_pointer(receiver, index)
            }
        };
        self.answer(num_args, result)
    }

    /// 218: `tryNamedPrimitiveIn: aMethod for: rcvr withArgs: anArray`.
    pub(crate) fn primitive_do_named_primitive(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 3 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let method = self.stack_value(2);
        let receiver = self.stack_value(1);
        let arguments = self.argument_array(self.top())?;
        if !is_compiled_code(&self.heap, method)
            || MethodHeaderBits::of(&self.heap, method).num_literals() < 1
        {
            return Err(PrimitiveFailure::BadArgument);
        }
        if MethodHeaderBits::of(&self.heap, method).num_args() != arguments.len() {
            return Err(PrimitiveFailure::BadArgument);
        }
        let function = self.resolve_external_primitive(method)?;
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: self.platform.as_mut(),
            receiver,
            arguments: &arguments,
        };
        let result = function(&mut call)?;
        self.answer(3, result)
    }
}
