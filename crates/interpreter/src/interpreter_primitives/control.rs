//! VM control primitives: 113 quit, 117 external (named) call, 89/116/119 cache
//! flushes, 130/131 garbage collection.
use stvm_object_model::{class_index, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::{Interpreter, RunExit};
use crate::primitives::{named_primitive, PrimitiveCall, PrimitiveFailure, PurePrimitive};

impl Interpreter {
    /// `quit` / `quit: exitCode`.
    pub(crate) fn primitive_quit(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let code = if num_args >= 1 {
            self.top()
                .as_small_integer()
                .ok_or(PrimitiveFailure::BadArgument)?
        } else {
            0
        };
        let _ = self.platform.flush();
        self.exit = Some(RunExit::Quit(code));
        Ok(())
    }

    /// Flush the method lookup cache (answers the receiver).
    pub(crate) fn primitive_flush_cache(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        self.lookup_cache.flush();
        let receiver = self.stack_value(num_args);
        // Code changed in place must be verified again; adding or removing methods
        // (a class or selector receiver) changes no code object.
        self.forget_method_facts(receiver);
        self.answer(num_args, receiver)
    }

    /// Full (130) or incremental (131) GC; answers an estimate of free bytes.
    pub(crate) fn primitive_garbage_collect(
        &mut self,
        num_args: usize,
        full: bool,
    ) -> InterpreterPrimitiveResult {
        self.collect_garbage(full);
        self.request_early_check();
        self.answer(num_args, Oop::small_integer_unchecked(1 << 30))
    }

    /// Primitive 117: the method's first literal names `{module. function. …}`;
    /// resolved through `named_primitive` once per method (cache flushed with the lookup cache).
    pub(crate) fn primitive_external_call(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let method = self
            .method_of_current_send()
            .ok_or(PrimitiveFailure::NamedInternal)?;
        let function = self.resolve_external_primitive(method)?;
        let first = self.sp + 1 - num_args;
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: self.platform.as_mut(),
            receiver: self.stack.at(self.sp - num_args),
            arguments: &self.stack.slots()[first..=self.sp],
        };
        let result = function(&mut call)?;
        self.answer(num_args, result)
    }

    /// The method whose primitive is running (recorded by `call_interpreter_primitive`).
    fn method_of_current_send(&self) -> Option<Oop> {
        self.primitive_method
    }

    pub(crate) fn resolve_external_primitive(
        &mut self,
        method: Oop,
    ) -> Result<crate::primitives::PurePrimitive, PrimitiveFailure> {
        let description = self.heap.fetch_pointer(method, 1);
        if !description.is_pointer()
            || self.heap.header(description).class_index() != class_index::ARRAY
            || self.heap.num_slots(description) < 4
        {
            return Err(PrimitiveFailure::NamedInternal);
        }
        if let Some(function) = self.external_primitives.get(&method.bits()) {
            return Ok(*function);
        }
        let module_oop = self.heap.fetch_pointer(description, 0);
        let module = if module_oop == self.nil {
            String::new()
        } else {
            self.symbol_text(module_oop)
        };
        let name = self.symbol_text(self.heap.fetch_pointer(description, 1));
        let key = (module, name);
        let found =
            named_primitive(&key.0, &key.1).or_else(|| self.embedder_primitives.get(&key).copied());
        let Some(function) = found else {
            self.report_missing_primitive(key);
            return Err(PrimitiveFailure::NotFound);
        };
        self.external_primitives.insert(method.bits(), function);
        Ok(function)
    }

    fn report_missing_primitive(&mut self, key: (String, String)) {
        self.note_missing_primitive(format!("{}>>{}", key.0, key.1));
    }

    /// A method whose numbered primitive stvm does not implement: the primitive
    /// fails (generic failure) and the method body runs.
    pub(crate) fn activate_missing_primitive(&mut self, method: Oop, number: u16, num_args: usize) {
        self.note_missing_primitive(format!("#{number}"));
        self.activate_method(method, num_args, Some(PrimitiveFailure::Generic));
    }

    /// Records a primitive that is not implemented (`module>>name` or `#N`) and,
    /// when tracing, reports it on stderr the first time.
    pub(crate) fn note_missing_primitive(&mut self, name: String) {
        if self.missing_primitives.contains(&name) {
            return;
        }
        if self.is_tracing_missing_primitives {
            let line = format!("missing primitive: {name}\n");
            let _ = self.platform.write_stderr(line.as_bytes());
        }
        self.missing_primitives.insert(name);
    }
}

impl Interpreter {
    /// Makes `function` the named primitive `module`>>`name` (for primitives the
    /// embedder provides, such as the compiler). Built-in primitives take precedence.
    pub fn register_named_primitive(&mut self, module: &str, name: &str, function: PurePrimitive) {
        self.embedder_primitives
            .insert((module.to_string(), name.to_string()), function);
    }

    /// When on, each primitive that cannot be found is reported once on stderr as
    /// `missing primitive: module>>name` (named) or `missing primitive: #N` (numbered).
    pub fn set_trace_missing_primitives(&mut self, on: bool) {
        self.is_tracing_missing_primitives = on;
    }

    /// Every primitive asked for but not implemented so far, sorted:
    /// `module>>name` for named ones, `#N` for numbered ones.
    pub fn missing_primitives(&self) -> Vec<String> {
        self.missing_primitives.iter().cloned().collect()
    }
}
