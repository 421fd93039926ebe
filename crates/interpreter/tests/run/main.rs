//! Interpreter behaviour, one case per test, on worlds built with `stvm_interpreter::testing`.
mod primitive_helpers;
mod support;

mod r#become;
mod closures;
mod contexts;
mod deep_gc;
mod diagnostics;
mod fast_path;
mod fuzz;
mod fuzz_valid;
mod gc_roots;
mod interrupts;
mod memory_primitives;
mod named_primitives;
mod processes;
mod returns;
mod sends;
mod sista_bytecodes;
mod try_primitive;
mod unwinding;
mod v3_bytecodes;
