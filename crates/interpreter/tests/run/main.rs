//! Interpreter behaviour, one case per test, on worlds built with `stvm_interpreter::testing`.
mod support;

mod closures;
mod contexts;
mod diagnostics;
mod fast_path;
mod gc_roots;
mod named_primitives;
mod processes;
mod returns;
mod sends;
mod sista_bytecodes;
mod v3_bytecodes;
