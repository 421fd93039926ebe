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
    /// The run used up the budget of periodic checks set with
    /// [`Interpreter::set_check_budget`](crate::Interpreter::set_check_budget).
    CheckBudgetExhausted,
    /// Old space stayed over its limit even after a full GC and the low-space signal.
    MemoryLimitExceeded {
        /// The soft limit that was set.
        limit_bytes: u64,
        /// Old-space bytes in use after the last full GC.
        used_bytes: u64,
        /// The top of the Smalltalk stack when it happened, newest first.
        stack: Vec<String>,
        /// Primitives the image asked for that stvm lacks (often the cause).
        missing_primitives: Vec<String>,
    },
    /// A method pushed more values than its stack page can hold (a malformed method).
    StackOverflow,
    /// Compiled code failed verification (or does not fit its receiver) and was not
    /// run: see `docs/decisions/0007-method-verifier-and-malformed-methods.md`.
    MalformedMethod {
        /// The method's selector (or `a block`), lossily decoded.
        selector: String,
        /// Smalltalk pc (1-based over the whole object) of the offending instruction,
        /// or of the first bytecode when the fault is not one instruction's.
        pc: usize,
        /// The rule broken.
        reason: String,
    },
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
            Self::CheckBudgetExhausted => write!(f, "the run used up its budget of checks"),
            Self::MemoryLimitExceeded {
                limit_bytes,
                used_bytes,
                stack,
                missing_primitives,
            } => {
                write!(
                    f,
                    "object memory limit exceeded ({} MiB in use, limit {} MiB); stack, newest first:",
                    used_bytes >> 20,
                    limit_bytes >> 20
                )?;
                stack.iter().try_for_each(|line| write!(f, "\n  {line}"))?;
                if !missing_primitives.is_empty() {
                    write!(
                        f,
                        "\nprimitives not found: {}",
                        missing_primitives.join(" ")
                    )?;
                }
                Ok(())
            }
            Self::StackOverflow => write!(f, "a method overflowed its stack page"),
            Self::MalformedMethod {
                selector,
                pc,
                reason,
            } => write!(f, "malformed method #{selector} at pc {pc}: {reason}"),
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
