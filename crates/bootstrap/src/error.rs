//! Typed errors of the bootstrap and of the run-time method installer.
use std::fmt;

use stvm_heap::HeapError;

/// Why the image could not be built, or a method could not be installed.
#[derive(Debug, Clone, PartialEq)]
pub enum BootstrapError {
    /// A kernel method (or doIt) does not compile.
    Compile {
        /// Kernel file (or `doIt`).
        path: String,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column in the line.
        column: usize,
        /// The compiler's message.
        message: String,
    },
    /// A kernel file is not well-formed Tonel (or its class definition is bad).
    Definition {
        /// Kernel file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A class names a superclass no kernel file defines.
    UnknownSuperclass {
        /// The class.
        class: String,
        /// The superclass it names.
        superclass: String,
    },
    /// Two kernel files define the same class, or a class is its own ancestor.
    BadHierarchy(String),
    /// An extension or method names a class no kernel file defines.
    UnknownClass(String),
    /// A class the VM or the bootstrap needs is missing from the kernel.
    MissingKernelClass(&'static str),
    /// The heap handed to the installer lacks a well-known object.
    MalformedImage(String),
    /// A literal cannot be represented in the image.
    BadLiteral(String),
    /// The heap refused an allocation.
    Heap(HeapError),
}

impl fmt::Display for BootstrapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BootstrapError::Compile {
                path,
                line,
                column,
                message,
            } => write!(f, "{path}:{line}:{column}: {message}"),
            BootstrapError::Definition { path, message } => write!(f, "{path}: {message}"),
            BootstrapError::UnknownSuperclass { class, superclass } => {
                write!(f, "class {class} names unknown superclass {superclass}")
            }
            BootstrapError::BadHierarchy(why) => write!(f, "bad class hierarchy: {why}"),
            BootstrapError::UnknownClass(name) => write!(f, "unknown class {name}"),
            BootstrapError::MissingKernelClass(name) => {
                write!(f, "the kernel does not define {name}")
            }
            BootstrapError::MalformedImage(why) => write!(f, "malformed image: {why}"),
            BootstrapError::BadLiteral(why) => write!(f, "bad literal: {why}"),
            BootstrapError::Heap(error) => write!(f, "heap: {error}"),
        }
    }
}

impl std::error::Error for BootstrapError {}

impl From<HeapError> for BootstrapError {
    fn from(error: HeapError) -> Self {
        BootstrapError::Heap(error)
    }
}
