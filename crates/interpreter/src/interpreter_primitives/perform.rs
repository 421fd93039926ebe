//! Perform and execute-method primitives: 83 `perform:…`, 84
//! `perform:withArguments:`, 100 `perform:withArguments:inSuperclass:`,
//! 188 `withArgs:executeMethod:`, 189 `executeMethod:`.
use stvm_object_model::{class_index, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::method_header::{is_compiled_code, MethodHeaderBits};
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// `receiver perform: selector with: a1 …`.
    pub(crate) fn primitive_perform(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        if num_args == 0 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let selector = self.stack_value(num_args - 1);
        let receiver = self.stack_value(num_args);
        let class = self.heap.class_of(self.follow(receiver));
        self.check_arity(class, selector, num_args - 1)?;
        let selector_slot = self.sp + 1 - num_args;
        self.stack
            .slots_mut()
            .copy_within(selector_slot + 1..=self.sp, selector_slot);
        self.sp -= 1;
        self.send(selector, num_args - 1);
        Ok(())
    }

    /// `receiver perform: selector withArguments: anArray`.
    pub(crate) fn primitive_perform_with_arguments(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 2 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let receiver = self.stack_value(2);
        let class = self.heap.class_of(self.follow(receiver));
        let (selector, count) = self.spread_arguments_after(1, class)?;
        self.send(selector, count);
        Ok(())
    }

    /// `receiver perform: selector withArguments: anArray inSuperclass: aClass`.
    pub(crate) fn primitive_perform_in_superclass(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 3 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let class = self.top();
        if !class.is_pointer() || !self.heap.format_of(class).is_pointers() {
            return Err(PrimitiveFailure::BadArgument);
        }
        self.sp -= 1;
        match self.spread_arguments_after(1, class) {
            Ok((selector, count)) => {
                self.send_to_class(selector, count, class);
                Ok(())
            }
            Err(failure) => {
                self.push(class);
                Err(failure)
            }
        }
    }

    /// Replaces `selector, anArray` on top of the stack by the array's elements.
    /// `depth` is the selector's depth below the array (1).
    fn spread_arguments_after(
        &mut self,
        depth: usize,
        class: Oop,
    ) -> Result<(Oop, usize), PrimitiveFailure> {
        let selector = self.stack_value(depth);
        let arguments = self.top();
        if !arguments.is_pointer()
            || self.heap.header(arguments).class_index() != class_index::ARRAY
        {
            return Err(PrimitiveFailure::BadArgument);
        }
        let count = self.heap.num_slots(arguments);
        if count > 15 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        self.check_arity(class, selector, count)?;
        self.sp -= 2;
        for index in 0..count {
            let value = self.heap.fetch_pointer(arguments, index);
            self.push(value);
        }
        Ok((selector, count))
    }

    /// Fails when the method `selector` finds in `class` takes a different arity.
    fn check_arity(
        &mut self,
        class: Oop,
        selector: Oop,
        count: usize,
    ) -> Result<(), PrimitiveFailure> {
        match self.lookup_method(class, selector) {
            Some(method)
                if is_compiled_code(&self.heap, method)
                    && MethodHeaderBits::of(&self.heap, method).num_args() != count =>
            {
                Err(PrimitiveFailure::BadNumberOfArguments)
            }
            _ => Ok(()),
        }
    }

    /// `receiver withArgs: anArray executeMethod: aMethod` (and the 3-argument
    /// class-side form `receiver:withArguments:executeMethod:`).
    pub(crate) fn primitive_execute_method_with_arguments(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args != 2 && num_args != 3 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let method = self.top();
        let arguments = self.stack_value(1);
        let receiver = self.stack_value(2);
        if !is_compiled_code(&self.heap, method) {
            return Err(PrimitiveFailure::BadArgument);
        }
        if !arguments.is_pointer()
            || self.heap.header(arguments).class_index() != class_index::ARRAY
        {
            return Err(PrimitiveFailure::BadArgument);
        }
        let count = self.heap.num_slots(arguments);
        if MethodHeaderBits::of(&self.heap, method).num_args() != count {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        self.sp -= num_args + 1;
        self.push(receiver);
        for index in 0..count {
            let value = self.heap.fetch_pointer(arguments, index);
            self.push(value);
        }
        self.execute_new_method(method, count);
        Ok(())
    }

    /// `receiver executeMethod: aMethod` with the method's arguments stacked before it.
    pub(crate) fn primitive_execute_method(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        if num_args == 0 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let method = self.top();
        if !is_compiled_code(&self.heap, method)
            || MethodHeaderBits::of(&self.heap, method).num_args() != num_args - 1
        {
            return Err(PrimitiveFailure::BadArgument);
        }
        self.sp -= 1;
        self.execute_new_method(method, num_args - 1);
        Ok(())
    }
}
