//! Primitives that need the interpreter's frames, contexts, processes or roots
//! (the interp-core half of the primitive table; pure ones live in `primitives`).
//! A primitive answers `Ok(())` after leaving its result (or a new activation)
//! on the stack, or `Err(failure)` with the stack untouched, after which the
//! method body runs.
mod r#become;
mod check_budget;
mod closure;
mod context;
mod control;
mod finalization;
mod interrupt;
mod perform;
mod pinning;
mod process;
mod snapshot;
mod try_primitive;
mod unwind;
mod vm_parameters;

use stvm_object_model::Oop;

use crate::interpreter::Interpreter;
use crate::primitives::PrimitiveFailure;

/// State kept for the interpreter primitives (integers only: no GC roots).
#[derive(Debug, Clone, Default)]
pub(crate) struct PrimitiveState {
    /// Values stored with `vmParameterAt:put:`.
    pub(crate) vm_parameters: vm_parameters::VmParameterStore,
    /// UTC microseconds when the interpreter was made (VM parameter 20).
    pub(crate) start_utc_microseconds: i64,
    /// Periodic checks left before the run stops (None: unlimited).
    pub(crate) remaining_checks: Option<u64>,
}

/// Result of an interpreter primitive.
pub(crate) type InterpreterPrimitiveResult = Result<(), PrimitiveFailure>;

/// True for the numbers this module implements.
pub(crate) fn is_interpreter_primitive(number: u16) -> bool {
    matches!(
        number,
        19 | 72 | 83..=89 | 97 | 100 | 113 | 116..=119 | 128 | 130 | 131 | 136 | 167 | 172
            | 184 | 188 | 189 | 195..=197 | 201..=212 | 218 | 221 | 222 | 230 | 242 | 248 | 249
            | 254
    )
}

/// True for primitives that fail by design: 198 marks `ensure:`/`ifCurtailed:`
/// methods and 199 `on:do:` methods (never reported as missing).
pub(crate) fn is_always_failing_marker(number: u16) -> bool {
    matches!(number, 198 | 199)
}

impl Interpreter {
    /// Runs interpreter primitive `number` of `method`; activates the method on failure.
    pub(crate) fn call_interpreter_primitive(&mut self, number: u16, method: Oop, num_args: usize) {
        self.primitive_method = Some(method);
        let result = self.dispatch_interpreter_primitive(number, num_args);
        self.primitive_method = None;
        if let Err(failure) = result {
            if self.exit.is_none() {
                self.activate_method(method, num_args, Some(failure));
            }
        }
    }

    pub(crate) fn dispatch_interpreter_primitive(
        &mut self,
        number: u16,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        match number {
            72 | 128 | 248 | 249 => {
                self.primitive_array_become(num_args, r#become::BecomeKind::of_primitive(number))
            }
            83 => self.primitive_perform(num_args),
            84 => self.primitive_perform_with_arguments(num_args),
            85 => self.primitive_signal(num_args),
            86 => self.primitive_wait(num_args),
            87 => self.primitive_resume(num_args),
            88 => self.primitive_suspend(num_args),
            89 | 116 | 119 => self.primitive_flush_cache(num_args),
            97 => self.primitive_snapshot(num_args),
            100 => self.primitive_perform_in_superclass(num_args),
            113 => self.primitive_quit(num_args),
            117 => self.primitive_external_call(num_args),
            118 => self.primitive_try_primitive(num_args),
            130 | 131 => self.primitive_garbage_collect(num_args, number == 130),
            136 | 242 => self.primitive_signal_at(num_args, number == 242),
            167 => self.primitive_yield(num_args),
            172 => self.primitive_fetch_mourner(num_args),
            184 => self.primitive_pin(num_args),
            188 => self.primitive_execute_method_with_arguments(num_args),
            189 => self.primitive_execute_method(num_args),
            195 => self.primitive_find_next_unwind_context(num_args),
            196 => self.primitive_terminate_to(num_args),
            197 => self.primitive_find_handler_context(num_args),
            201..=205 | 207 | 209 | 221 | 222 => self.primitive_closure_value(num_args),
            206 | 208 => self.primitive_closure_value_with_arguments(num_args),
            210 => self.primitive_context_at(num_args),
            211 => self.primitive_context_at_put(num_args),
            212 => self.primitive_context_size(num_args),
            218 => self.primitive_do_named_primitive(num_args),
            230 => self.primitive_relinquish_processor(num_args),
            254 => self.primitive_vm_parameter_at(num_args),
            _ => Err(PrimitiveFailure::Generic),
        }
    }

    /// Pops the receiver and arguments and pushes `result`.
    pub(crate) fn answer(&mut self, num_args: usize, result: Oop) -> InterpreterPrimitiveResult {
        self.sp -= num_args;
        self.stack.put(self.sp, result);
        Ok(())
    }
}
