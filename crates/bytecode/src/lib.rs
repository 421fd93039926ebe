//! Bytecode sets of stvm: Sista V1 (alternate set) and V3PlusClosures (primary set) as
//! data tables, with encoders, decoders, a disassembler and the CompiledMethod header codec.
//!
//! Facts come from `reference/spur-image-and-bytecodes.md` §7–8. Every byte offset used
//! here is 0-based into the bytecode sequence unless a name says `pc` in the Smalltalk
//! (1-based, whole-object) sense.
#![forbid(unsafe_code)]

pub mod header;
pub mod sista_v1;

pub use header::{initial_pc, HeaderError, MethodHeader};
pub use sista_v1::Encoder as SistaEncoder;
