//! Types of the per-set opcode tables ([`OpcodeInfo`]), the [`BytecodeSet`] selector and
//! the [`DecodeError`] shared by both decoders.
//!
//! Each set lists every opcode exactly once, as contiguous ranges covering 0–255, in
//! `sista_v1::table::OPCODES` and `v3::table::OPCODES`. The decoders take lengths and
//! accepted extension prefixes from those tables; tests check the rest agrees.

use std::fmt;

use crate::header::MethodHeader;
use crate::instruction::Instruction;

/// How an opcode changes the operand stack, as far as the table can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStackEffect {
    /// Always pops and pushes these counts.
    Fixed {
        /// Values removed.
        pops: u8,
        /// Values added.
        pushes: u8,
    },
    /// Depends on operands; see [`Instruction::stack_effect`].
    FromOperands,
    /// An extension prefix: no effect of its own.
    Prefix,
    /// Undefined (unknown opcodes, Sista-runtime-only opcodes).
    Undefined,
}

/// One row of an opcode table: the opcodes `first..=last` share a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpcodeInfo {
    /// First opcode of the range.
    pub first: u8,
    /// Last opcode of the range (inclusive).
    pub last: u8,
    /// Bytes of one instruction, opcode included, extension prefixes excluded.
    pub length: u8,
    /// Pharo-style name of the operation (`pushTemp`, `send`, `unknown`, ...).
    pub name: &'static str,
    /// Accepts (and consumes) an Extend A prefix (Sista only).
    pub takes_ext_a: bool,
    /// Accepts (and consumes) an Extend B prefix (Sista only).
    pub takes_ext_b: bool,
    /// Operand-stack effect.
    pub stack: TableStackEffect,
}

impl OpcodeInfo {
    /// A table row without extensions.
    pub const fn new(
        first: u8,
        last: u8,
        length: u8,
        name: &'static str,
        stack: TableStackEffect,
    ) -> Self {
        Self {
            first,
            last,
            length,
            name,
            takes_ext_a: false,
            takes_ext_b: false,
            stack,
        }
    }

    /// The same row accepting the given extension prefixes.
    pub const fn extended(self, takes_ext_a: bool, takes_ext_b: bool) -> Self {
        Self {
            takes_ext_a,
            takes_ext_b,
            ..self
        }
    }

    /// Whether this row has no meaning in its set.
    pub fn is_unknown(&self) -> bool {
        self.name == UNKNOWN
    }
}

/// Name of table rows for unassigned opcodes.
pub const UNKNOWN: &str = "unknown";

/// Shorthand for a fixed stack effect in tables.
pub const fn fixed(pops: u8, pushes: u8) -> TableStackEffect {
    TableStackEffect::Fixed { pops, pushes }
}

/// The row of `table` containing `opcode` (tables cover 0–255 contiguously, sorted).
pub fn lookup(table: &'static [OpcodeInfo], opcode: u8) -> &'static OpcodeInfo {
    let index = table.partition_point(|row| row.last < opcode);
    &table[index.min(table.len() - 1)]
}

/// Which bytecode set a method uses (header sign bit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BytecodeSet {
    /// Alternate set, header sign bit set (what Pharo and stvm's compiler emit).
    SistaV1,
    /// Primary set, header sign bit clear (Squeak/Cuis and older images).
    V3PlusClosures,
}

impl BytecodeSet {
    /// The set a header selects.
    pub fn of_header(header: &MethodHeader) -> Self {
        if header.is_sista {
            Self::SistaV1
        } else {
            Self::V3PlusClosures
        }
    }

    /// The set's opcode table.
    pub fn table(self) -> &'static [OpcodeInfo] {
        match self {
            Self::SistaV1 => crate::sista_v1::table::OPCODES,
            Self::V3PlusClosures => crate::v3::table::OPCODES,
        }
    }

    /// Decodes the instruction at byte offset `pc` of `bytes`.
    pub fn decode(self, bytes: &[u8], pc: usize) -> Result<(Instruction, usize), DecodeError> {
        match self {
            Self::SistaV1 => crate::sista_v1::decode(bytes, pc),
            Self::V3PlusClosures => crate::v3::decode(bytes, pc),
        }
    }
}

/// Why the bytes at a pc are not one well-formed instruction. Offsets are 0-based into
/// the byte slice given to the decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// `pc` is at or past the end of the bytes.
    PcOutOfRange {
        /// Offending offset.
        pc: usize,
    },
    /// The instruction starting at `pc` runs past the end of the bytes.
    Truncated {
        /// Start of the instruction (its first prefix).
        pc: usize,
    },
    /// An extension prefix precedes an opcode that does not consume it.
    MisplacedExtension {
        /// Start of the prefixes.
        pc: usize,
        /// The opcode after the prefixes.
        opcode: u8,
    },
    /// More extension bytes than any operand can use (over 3 of one kind).
    ExtensionOverflow {
        /// Start of the prefixes.
        pc: usize,
    },
    /// Operands (with extensions) outside what the opcode defines (e.g. a negative
    /// argument count, V3 "store into literal").
    InvalidOperand {
        /// Start of the instruction.
        pc: usize,
        /// The opcode.
        opcode: u8,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::PcOutOfRange { pc } => write!(f, "pc {pc} is outside the bytecodes"),
            Self::Truncated { pc } => write!(f, "instruction at {pc} runs past the end"),
            Self::MisplacedExtension { pc, opcode } => {
                write!(
                    f,
                    "extension at {pc} precedes opcode {opcode}, which does not take it"
                )
            }
            Self::ExtensionOverflow { pc } => write!(f, "too many extension bytes at {pc}"),
            Self::InvalidOperand { pc, opcode } => {
                write!(f, "invalid operand for opcode {opcode} at {pc}")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Operand bytes `start..start+count` of `bytes`, or `Truncated` naming `instruction_pc`.
pub(crate) fn operand_bytes(
    bytes: &[u8],
    start: usize,
    count: usize,
    instruction_pc: usize,
) -> Result<&[u8], DecodeError> {
    start
        .checked_add(count)
        .and_then(|end| bytes.get(start..end))
        .ok_or(DecodeError::Truncated { pc: instruction_pc })
}
