//! Everything that can stop the VM from doing what it was asked, with the
//! message the command line prints.
use std::fmt;

/// Why a VM operation failed.
#[derive(Debug)]
pub enum VmError {
    /// An image file could not be read or written.
    Io {
        /// The file.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// An image file is malformed.
    Image(stvm_image::ImageError),
    /// The heap could not be set up or grown.
    Heap(stvm_heap::HeapError),
    /// Bootstrapping, compiling or installing code failed.
    Bootstrap(stvm_bootstrap::BootstrapError),
    /// The interpreter stopped with no Smalltalk-level recovery.
    Interpreter(stvm_interpreter::InterpreterError),
    /// Smalltalk code ran `Smalltalk exit:`/quit with this status.
    Exit(i64),
    /// The image lacks something the VM needs (a class, a selector).
    ImageContents(String),
    /// Source code does not compile; `origin` names where it came from (a file
    /// name, or `eval`), and the error's line and column are in that origin.
    Syntax {
        /// File name or other origin.
        origin: String,
        /// The compiler's error, positioned in `origin`.
        error: stvm_compiler::CompileError,
    },
    /// A chunk of a file could not be filed in (e.g. `methodsFor:` names an unknown class).
    FileIn {
        /// File name.
        origin: String,
        /// 1-based line of the chunk.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::Io { path, error } => write!(f, "{path}: {error}"),
            VmError::Image(error) => write!(f, "bad image: {error}"),
            VmError::Heap(error) => write!(f, "heap: {error}"),
            VmError::Bootstrap(error) => write!(f, "{error}"),
            VmError::Interpreter(error) => write!(f, "interpreter: {error}"),
            VmError::Exit(code) => write!(f, "exited with status {code}"),
            VmError::ImageContents(what) => write!(f, "image: {what}"),
            VmError::Syntax { origin, error } => {
                let excerpt = error.to_string();
                let excerpt = excerpt.split_once('\n').map_or("", |(_, rest)| rest);
                write!(
                    f,
                    "{origin}:{}:{}: {}\n{excerpt}",
                    error.line, error.column, error.message
                )
            }
            VmError::FileIn {
                origin,
                line,
                message,
            } => write!(f, "{origin}:{line}: {message}"),
        }
    }
}

impl std::error::Error for VmError {}

impl From<crate::compilation::CompileFailure> for VmError {
    fn from(failure: crate::compilation::CompileFailure) -> Self {
        match failure {
            crate::compilation::CompileFailure::Source(error) => VmError::Syntax {
                origin: "doIt".into(),
                error,
            },
            crate::compilation::CompileFailure::Image(error) => VmError::Bootstrap(error),
        }
    }
}

impl From<stvm_image::ImageError> for VmError {
    fn from(error: stvm_image::ImageError) -> Self {
        VmError::Image(error)
    }
}
impl From<stvm_heap::HeapError> for VmError {
    fn from(error: stvm_heap::HeapError) -> Self {
        VmError::Heap(error)
    }
}
impl From<stvm_bootstrap::BootstrapError> for VmError {
    fn from(error: stvm_bootstrap::BootstrapError) -> Self {
        VmError::Bootstrap(error)
    }
}
impl From<stvm_interpreter::InterpreterError> for VmError {
    fn from(error: stvm_interpreter::InterpreterError) -> Self {
        match error {
            stvm_interpreter::InterpreterError::Quit(code) => VmError::Exit(code),
            other => VmError::Interpreter(other),
        }
    }
}
