//! Typed outcomes of running Smalltalk code: why a run stopped abnormally
//! (`InterpreterError`) and why a resumed process stopped (`ExitReason`).
use std::fmt;

use stvm_heap::HeapError;

/// Why the interpreter could not go on. Smalltalk-level errors are sends
/// (`doesNotUnderstand:`, `cannotReturn:`); these are the cases with no Smalltalk recovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterpreterError {
    /// `doesNotUnderstand:` itself was not understood.
    RecursiveDoesNotUnderstand {
        /// The selector first not understood (its bytes, lossily decoded).
        selector: String,
    },
    /// A special selector the VM needs (special objects array slot) is missing.
    MissingSpecialObject {
        /// 0-based index in the special objects array.
        index: usize,
    },
    /// There is no Processor or no active process with a suspended context.
    NoActiveProcess,
    /// An object given or found as a method is not a CompiledMethod / CompiledBlock,
    /// or its header disagrees with the send.
    BadMethod,
    /// A context to resume is malformed (bad pc, stackp or method).
    BadContext,
    /// The heap could not allocate an object the VM needed.
    OutOfMemory(HeapError),
    /// The quit primitive ran during `run_method` / `send_message`.
    Quit(i64),
    /// No process is runnable and no timer is armed: nothing could ever run again.
    Deadlock,
}

impl fmt::Display for InterpreterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RecursiveDoesNotUnderstand { selector } => {
                write!(f, "recursive doesNotUnderstand: for #{selector}")
            }
            Self::MissingSpecialObject { index } => {
                write!(f, "special object {index} is missing")
            }
            Self::NoActiveProcess => write!(f, "no active process to run"),
            Self::BadMethod => write!(f, "object is not a valid method for this send"),
            Self::BadContext => write!(f, "context cannot be resumed"),
            Self::OutOfMemory(error) => write!(f, "out of memory: {error}"),
            Self::Quit(code) => write!(f, "quit with exit code {code}"),
            Self::Deadlock => write!(f, "no runnable process and no pending timer"),
        }
    }
}

impl std::error::Error for InterpreterError {}

impl From<HeapError> for InterpreterError {
    fn from(error: HeapError) -> Self {
        InterpreterError::OutOfMemory(error)
    }
}

/// Why `resume_active_process` stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    /// The quit primitive ran with this exit code.
    Quit(i64),
}
