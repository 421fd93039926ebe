//! The stvm virtual machine as one value: a heap loaded from an image (the
//! embedded kernel image by default), an interpreter with platform services and
//! the run-time compiler primitives, and the operations the command line needs
//! (evaluate, file in, REPL evaluation, run tests, save, resume).
//! Several `Vm`s can live in one process; there are no globals.

pub mod compilation;
pub mod compiler_primitives;
mod error;
mod file_in;
pub mod image_file;
pub mod source_map;
mod vm;

pub use error::VmError;
pub use vm::{Vm, VmOptions};

/// The image bootstrapped from `kernel/` when this crate was built.
pub const EMBEDDED_IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kernel.image"));

#[cfg(test)]
mod tests;
