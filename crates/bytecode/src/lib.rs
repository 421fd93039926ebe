//! Bytecode sets of stvm: Sista V1 (alternate set) and V3PlusClosures (primary set) as
//! data tables, with encoders, decoders, a disassembler and the CompiledMethod header codec.
//!
//! Facts come from `reference/spur-image-and-bytecodes.md` §7–8. Decoders and encoders
//! work on the bytecode bytes alone (the bytes after the literals), with 0-based offsets;
//! the disassembler prints Smalltalk pcs (1-based over the whole method object).
#![forbid(unsafe_code)]

/// Defines `emit_variable_access` for an encoder type (Sista V1 and V3PlusClosures
/// encoders name their variable-access methods alike): pushes, stores and pops of
/// receiver variables, literals, literal variables, temps and remote temps.
macro_rules! emit_variable_access {
    () => {
        fn emit_variable_access(&mut self, instruction: &crate::instruction::Instruction) -> bool {
            use crate::instruction::Instruction::*;
            match *instruction {
                PushReceiverVariable(i) => self.push_receiver_variable(i),
                PushLiteralVariable(i) => self.push_literal_variable(i),
                PushLiteral(i) => self.push_literal(i),
                PushTemp(i) => self.push_temp(i),
                StoreReceiverVariable(i) => self.store_receiver_variable(i),
                PopIntoReceiverVariable(i) => self.pop_into_receiver_variable(i),
                StoreTemp(i) => self.store_temp(i),
                PopIntoTemp(i) => self.pop_into_temp(i),
                StoreLiteralVariable(i) => self.store_literal_variable(i),
                PopIntoLiteralVariable(i) => self.pop_into_literal_variable(i),
                PushRemoteTemp {
                    index_in_vector,
                    vector_temp_index,
                } => self.push_remote_temp(index_in_vector, vector_temp_index),
                StoreRemoteTemp {
                    index_in_vector,
                    vector_temp_index,
                } => self.store_remote_temp(index_in_vector, vector_temp_index),
                PopIntoRemoteTemp {
                    index_in_vector,
                    vector_temp_index,
                } => self.pop_into_remote_temp(index_in_vector, vector_temp_index),
                _ => return false,
            }
            true
        }
    };
}

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
