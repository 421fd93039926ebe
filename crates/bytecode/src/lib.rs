//! Bytecode sets of stvm: Sista V1 (alternate set) and V3PlusClosures (primary set) as
//! data tables, with encoders, decoders, a disassembler and the CompiledMethod header codec.
//!
//! Facts come from `reference/spur-image-and-bytecodes.md` §7–8. Decoders and encoders
//! work on the bytecode bytes alone (the bytes after the literals), with 0-based offsets;
//! the disassembler prints Smalltalk pcs (1-based over the whole method object).
#![forbid(unsafe_code)]

pub mod disassembler;
pub mod header;
pub mod instruction;
pub mod instructions;
pub mod opcode;
pub mod sista_v1;
pub mod special_selectors;
pub mod v3;
pub mod verifier;

pub use disassembler::{disassemble, disassemble_method};
pub use header::{initial_pc, primitive_index, HeaderError, MethodHeader};
pub use instruction::{Instruction, StackEffect};
pub use instructions::{Decoded, Instructions};
pub use opcode::{BytecodeSet, DecodeError, OpcodeInfo, TableStackEffect};
pub use sista_v1::Encoder as SistaEncoder;
pub use v3::Encoder as V3Encoder;
pub use verifier::{verify_method, EmbeddedBlock, MethodFacts, VerifyError, VerifyErrorKind};

/// Decodes the Sista V1 instruction at byte offset `pc` (prefixes folded in); returns
/// it and its total length.
pub fn decode_sista(bytes: &[u8], pc: usize) -> Result<(Instruction, usize), DecodeError> {
    sista_v1::decode(bytes, pc)
}

/// Decodes the V3PlusClosures instruction at byte offset `pc`; returns it and its length.
pub fn decode_v3(bytes: &[u8], pc: usize) -> Result<(Instruction, usize), DecodeError> {
    v3::decode(bytes, pc)
}
