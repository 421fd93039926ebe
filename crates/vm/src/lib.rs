//! The stvm virtual machine as one value: a heap loaded from an image (the
//! embedded kernel image by default), an interpreter with platform services, and
//! the operations the command line needs (evaluate, file in, save, resume).
//! Several `Vm`s can live in one process; there are no globals.

mod error;
pub mod image_file;
mod vm;

pub use error::VmError;
pub use vm::{Vm, VmOptions};

/// The image bootstrapped from `kernel/` when this crate was built.
pub const EMBEDDED_IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kernel.image"));

#[cfg(test)]
mod tests;
