//! The named primitives of module `StvmCompiler`, which give the image a
//! compiler at run time (the kernel's `OpalCompiler` calls them):
//!
//! | name | arguments | answers |
//! |---|---|---|
//! | `primitiveCompileMethod` | source, behavior | a CompiledMethod (not installed) |
//! | `primitiveCompileDoIt` | source, behavior | the CompiledMethod `DoIt` for that class |
//! | `primitiveSourceLine` | method, pc | the 1-based source line of `pc`, or nil |
//! | `primitiveIntern` | string | the unique Symbol with its characters |
//!
//! A source error answers `{ line. column. message }` (an Array) instead of a
//! method, so the image can signal a `CompilationError` with the position.
//! The primitives fail (bad argument) for a non-String source or a non-class,
//! and with "insufficient object memory" when the heap is full.
use stvm_bootstrap::class_layout::{class, metaclass};
use stvm_bootstrap::BootstrapError;
use stvm_compiler::CompileError;
use stvm_heap::Heap;
use stvm_interpreter::primitives::{PrimitiveCall, PrimitiveFailure, PrimitiveResult};
use stvm_interpreter::Interpreter;
use stvm_object_model::Oop;

use crate::compilation::{self, CompileFailure};
use crate::source_map;

/// The module name the kernel's primitive pragmas use.
pub const MODULE: &str = "StvmCompiler";

/// Registers every `StvmCompiler` primitive with `interpreter`.
pub fn register(interpreter: &mut Interpreter) {
    interpreter.register_named_primitive(
        MODULE,
        "primitiveCompileMethod",
        primitive_compile_method,
    );
    interpreter.register_named_primitive(MODULE, "primitiveCompileDoIt", primitive_compile_doit);
    interpreter.register_named_primitive(MODULE, "primitiveSourceLine", primitive_source_line);
    interpreter.register_named_primitive(MODULE, "primitiveIntern", primitive_intern);
    interpreter.register_named_primitive(MODULE, "primitiveBlockSource", primitive_block_source);
}

/// The source text of the receiver, a CompiledBlock, or nil when it is unknown.
fn primitive_block_source(call: &mut PrimitiveCall) -> PrimitiveResult {
    if !call.arguments.is_empty() {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    let nil = call.heap.nil();
    match source_map::block_source(call.heap, call.receiver) {
        Some(text) => compilation::new_string(call.heap, &text)
            .map_err(|_| PrimitiveFailure::InsufficientObjectMemory),
        None => Ok(nil),
    }
}

fn primitive_intern(call: &mut PrimitiveCall) -> PrimitiveResult {
    let [string] = call.arguments else {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    };
    let text =
        compilation::string_value(call.heap, *string).ok_or(PrimitiveFailure::BadArgument)?;
    compilation::intern(call.heap, &text).map_err(|_| PrimitiveFailure::InsufficientObjectMemory)
}

fn primitive_compile_method(call: &mut PrimitiveCall) -> PrimitiveResult {
    let (source, behavior) = source_and_behavior(call)?;
    match compilation::compile_method(call.heap, behavior, &source) {
        Ok((method, _selector)) => Ok(method),
        Err(failure) => failure_answer(call.heap, failure),
    }
}

fn primitive_compile_doit(call: &mut PrimitiveCall) -> PrimitiveResult {
    let (source, behavior) = source_and_behavior(call)?;
    match compilation::compile_doit(call.heap, behavior, &source) {
        Ok(method) => Ok(method),
        Err(failure) => failure_answer(call.heap, failure),
    }
}

fn primitive_source_line(call: &mut PrimitiveCall) -> PrimitiveResult {
    let [method, pc] = call.arguments else {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    };
    let pc = pc.as_small_integer().ok_or(PrimitiveFailure::BadArgument)?;
    let nil = call.heap.nil();
    match source_map::source_line(call.heap, *method, pc) {
        Some(line) => Ok(Oop::small_integer_unchecked(line as i64)),
        None => Ok(nil),
    }
}

fn source_and_behavior(call: &mut PrimitiveCall) -> Result<(String, Oop), PrimitiveFailure> {
    let &[source, behavior] = call.arguments else {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    };
    let source =
        compilation::string_value(call.heap, source).ok_or(PrimitiveFailure::BadArgument)?;
    if !is_behavior(call.heap, behavior) {
        return Err(PrimitiveFailure::BadArgument);
    }
    Ok((source, behavior))
}

/// Most superclasses followed when checking a class.
const MAX_HIERARCHY_DEPTH: usize = 10_000;

/// True if `oop` is a class or metaclass of the kernel's layout: its class is
/// a metaclass (or it is one, with a class behind it), and every superclass up
/// the chain is a pointer object with the Behavior fields, so the compiler can
/// read names and instance variables without leaving the objects.
pub fn is_behavior(heap: &mut Heap, oop: Oop) -> bool {
    let Ok(installer) = stvm_bootstrap::Installer::from_heap(heap) else {
        return false;
    };
    let metaclass_class = installer.classes.metaclass;
    let is_instance_of =
        |heap: &Heap, oop: Oop, class: Oop| oop.is_pointer() && heap.class_of(oop) == class;
    let this_class = if is_instance_of(heap, oop, metaclass_class) {
        heap.fetch_pointer(oop, metaclass::THIS_CLASS)
    } else {
        oop
    };
    this_class.is_pointer()
        && is_instance_of(heap, heap.class_of(this_class), metaclass_class)
        && heap.num_slots(this_class) > class::NAME
        && has_behavior_chain(heap, oop)
}

fn has_behavior_chain(heap: &Heap, mut current: Oop) -> bool {
    for _ in 0..MAX_HIERARCHY_DEPTH {
        if current == heap.nil() {
            return true;
        }
        let is_behavior_shaped = current.is_pointer()
            && heap.format_of(current).is_pointers()
            && heap.num_slots(current) > class::INSTANCE_VARIABLES;
        if !is_behavior_shaped {
            return false;
        }
        current = heap.fetch_pointer(current, class::SUPERCLASS);
    }
    false
}

fn failure_answer(heap: &mut Heap, failure: CompileFailure) -> PrimitiveResult {
    match failure {
        CompileFailure::Source(error) => error_array(heap, &error),
        CompileFailure::Image(BootstrapError::Heap(_)) => {
            Err(PrimitiveFailure::InsufficientObjectMemory)
        }
        CompileFailure::Image(_) => Err(PrimitiveFailure::InappropriateOperation),
    }
}

fn error_array(heap: &mut Heap, error: &CompileError) -> PrimitiveResult {
    let out_of_memory = |_| PrimitiveFailure::InsufficientObjectMemory;
    let message = compilation::new_string(heap, &error.message)
        .map_err(|_| PrimitiveFailure::InsufficientObjectMemory)?;
    let elements = [
        Oop::small_integer_unchecked(error.line as i64),
        Oop::small_integer_unchecked(error.column as i64),
        message,
    ];
    heap.new_array_with(&elements).map_err(out_of_memory)
}
