//! The stvm stack interpreter (the StackInterpreter design): a stack zone of
//! fixed-size pages holding frames, contexts married to frames on demand, sends
//! through a global lookup cache, both bytecode sets (Sista V1 and V3PlusClosures),
//! primitives and the process scheduler, all on the Spur heap of `stvm-heap`.
//!
//! Public entry points: [`Interpreter::new`], [`Interpreter::run_method`],
//! [`Interpreter::send_message`], [`Interpreter::resume_active_process`].
//! [`testing`] builds small worlds (classes, methods, symbols) for tests and benches.

mod activation;
mod bytecodes;
mod contexts;
mod dispatch;
mod error;
mod fast_path;
mod gc_roots;
mod interpreter;
mod interpreter_primitives;
mod lookup;
mod memory_policy;
mod method_facts;
mod method_header;
pub mod platform;
pub mod primitives;
mod scheduler;
mod stack_trace;
mod stack_zone;
pub mod testing;

pub use error::{ExitReason, InterpreterError};
pub use interpreter::{heap_collector, Collector, Interpreter};
pub use memory_policy::DEFAULT_MEMORY_LIMIT_BYTES;
pub use method_facts::{verify_compiled_code, CodeError};
pub use method_header::MethodHeaderBits;
pub use stack_zone::{DEFAULT_NUM_PAGES, MAX_NUM_PAGES, PAGE_SLOTS};
