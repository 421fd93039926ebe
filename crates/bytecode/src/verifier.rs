//! The method verifier: checks once, before a method or block first runs, that its
//! bytecodes can be executed without any further checks on operands or stack depth.
//! Pure (no heap): it sees the header and the bytecode bytes (the bytes after the
//! literals, trailer included), and answers [`MethodFacts`] or the first [`VerifyError`].
//!
//! What a verified method guarantees (for every path from its entry, and from the entry
//! of every embedded V3 / Sista 250 block body):
//!
//! - every reachable instruction decodes (prefixes only before opcodes that take them);
//!   unknown opcodes, traps and Sista-runtime primitives end the path (the VM sends
//!   `#unusedBytecode` for them and never falls through);
//! - control never runs off the end: the last instruction of each path ends flow;
//! - every jump lands on the start of an instruction of the same code body (the method,
//!   or the block body it is in), never inside an instruction or a nested block body;
//! - embedded block bodies lie inside the code that creates them;
//! - literal indices are `< num_literals`; a super send has a method-class literal;
//! - temp indices (and remote temp vector indices) are `< num_temps` in a method or
//!   CompiledBlock, and `< args + copied + stack depth` inside an embedded block body
//!   (its own temps live on its stack);
//! - the operand stack never underflows, has one depth at every merge point, and stays
//!   within the frame: at most [`SMALL_FRAME_SLOTS`] (or [`LARGE_FRAME_SLOTS`] with the
//!   large-frame bit) values beyond the temps — the room the interpreter reserves for a
//!   frame above its temps (a Spur context's stack is 16 / 56 slots, and the compilers
//!   set the large-frame bit when temps plus stack exceed 16, which implies this bound);
//! - callPrimitive is exactly the first instruction, and only with the primitive bit;
//!   the long store-temp right after it (the `error:` code store) may run on an empty
//!   stack, as the VM skips it when it stores the failure code.
//!
//! Offsets (`pc` in errors and facts) are 0-based into the bytecode bytes.

use std::fmt;

use crate::header::{HeaderError, MethodHeader};
use crate::instruction::Instruction;
use crate::opcode::{BytecodeSet, DecodeError};

mod analysis;

/// Stack slots beyond the temps of a frame without the large-frame bit.
pub const SMALL_FRAME_SLOTS: u32 = 16;
/// Stack slots beyond the temps of a frame with the large-frame bit.
pub const LARGE_FRAME_SLOTS: u32 = 56;

/// What the verifier learned about a well-formed method (over its embedded blocks too).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MethodFacts {
    /// Deepest operand stack (values beyond the temps) of any frame running this code.
    pub max_stack_depth: u32,
    /// Highest receiver-variable index read or written, if any.
    pub max_receiver_variable_index: Option<u32>,
    /// True if some instruction reads or writes a literal variable.
    pub uses_literal_variables: bool,
    /// Literal indices used as literal variables (bindings), sorted, without repeats.
    pub literal_variable_indices: Vec<u32>,
    /// Literal indices pushed as full blocks (Sista 249), sorted, without repeats.
    pub full_block_literal_indices: Vec<u32>,
    /// True if the code has a super send or directed super send (it reads the last
    /// literal as the method-class binding).
    pub uses_super_send: bool,
    /// The embedded block bodies (V3 143 / Sista 250) that can be reached.
    pub embedded_blocks: Vec<EmbeddedBlock>,
    /// Stack depth before each reachable instruction, by offset (`None` elsewhere).
    pub stack_depth_at: Vec<Option<u16>>,
}

impl MethodFacts {
    /// Receiver slots a receiver needs (highest receiver-variable index + 1, or 0).
    pub fn receiver_slots_needed(&self) -> u32 {
        self.max_receiver_variable_index
            .map_or(0, |index| index + 1)
    }

    /// The stack depth before the instruction at `pc`, if `pc` starts a reachable one.
    pub fn stack_depth_at(&self, pc: usize) -> Option<u32> {
        self.stack_depth_at
            .get(pc)
            .copied()
            .flatten()
            .map(u32::from)
    }
}

/// An embedded block body: where it starts and the temps its frame starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedBlock {
    /// Offset of the body's first instruction (0-based into the bytecodes).
    pub start: usize,
    /// Block arguments.
    pub num_args: u32,
    /// Copied values.
    pub num_copied: u32,
}

impl MethodFacts {
    /// The embedded block whose body starts at `start`, if any.
    pub fn embedded_block_at(&self, start: usize) -> Option<&EmbeddedBlock> {
        self.embedded_blocks
            .iter()
            .find(|block| block.start == start)
    }
}

/// Why a method is not well formed, and where (`pc`: offset of the instruction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyError {
    /// Offset of the offending instruction (0-based into the bytecodes).
    pub pc: usize,
    /// What is wrong.
    pub kind: VerifyErrorKind,
}

/// The rule a method breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyErrorKind {
    /// The header's counts are inconsistent.
    Header(HeaderError),
    /// The bytes at `pc` are not one well-formed instruction.
    Decode(DecodeError),
    /// Execution can fall through past the end of the method or block body.
    RunsOffEnd,
    /// A jump leaves the code body it is in (method or block body).
    JumpOutOfRange {
        /// The target offset (may be negative or past the end).
        target: i64,
    },
    /// A jump or fall-through lands inside an instruction or a nested block body.
    JumpIntoInstruction {
        /// The target offset.
        target: usize,
    },
    /// An embedded block body does not fit inside the code that creates it, or
    /// overlaps code already reached from outside it.
    BadBlockBody {
        /// The body's size in bytes.
        block_size: u32,
    },
    /// A literal index is not below the literal count.
    LiteralIndexOutOfRange {
        /// The index used.
        index: u32,
        /// The method's literal count.
        num_literals: u32,
    },
    /// A temp (or temp-vector) index is not below the temps available there.
    TempIndexOutOfRange {
        /// The index used.
        index: u32,
        /// Temps available at that instruction.
        num_temps: u32,
    },
    /// An instruction needs more values than the stack holds.
    StackUnderflow {
        /// Values on the stack.
        depth: u32,
        /// Values the instruction pops (or reads).
        needed: u32,
    },
    /// The stack grows beyond the frame's room.
    StackTooDeep {
        /// Depth reached.
        depth: u32,
        /// The frame's room beyond the temps.
        limit: u32,
    },
    /// Two paths reach an instruction with different stack depths.
    InconsistentStackDepth {
        /// Depth of the first path.
        expected: u32,
        /// Depth of the other path.
        found: u32,
    },
    /// callPrimitive anywhere but as the first instruction of a method with the
    /// primitive bit.
    MisplacedCallPrimitive,
    /// The header has the primitive bit, but the code does not start with callPrimitive.
    MissingCallPrimitive,
    /// A super send in code without literals (no method-class binding).
    SuperSendWithoutMethodClass,
}

impl fmt::Display for VerifyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Header(error) => write!(f, "bad header: {error}"),
            Self::Decode(error) => write!(f, "undecodable instruction: {error}"),
            Self::RunsOffEnd => write!(f, "execution runs off the end of the code"),
            Self::JumpOutOfRange { target } => write!(f, "jump to {target} leaves the code"),
            Self::JumpIntoInstruction { target } => {
                write!(
                    f,
                    "control reaches {target}, inside another instruction or block"
                )
            }
            Self::BadBlockBody { block_size } => {
                write!(f, "block body of {block_size} bytes does not fit its code")
            }
            Self::LiteralIndexOutOfRange {
                index,
                num_literals,
            } => write!(f, "literal {index} of {num_literals} literals"),
            Self::TempIndexOutOfRange { index, num_temps } => {
                write!(f, "temp {index} of {num_temps} temps")
            }
            Self::StackUnderflow { depth, needed } => {
                write!(f, "stack underflow: needs {needed} values, has {depth}")
            }
            Self::StackTooDeep { depth, limit } => {
                write!(f, "stack depth {depth} exceeds the frame's {limit} slots")
            }
            Self::InconsistentStackDepth { expected, found } => {
                write!(f, "stack depth {found} where another path has {expected}")
            }
            Self::MisplacedCallPrimitive => write!(f, "callPrimitive is not the first instruction"),
            Self::MissingCallPrimitive => {
                write!(f, "primitive bit set but no callPrimitive first")
            }
            Self::SuperSendWithoutMethodClass => {
                write!(f, "super send in code without a method-class literal")
            }
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at bytecode offset {})", self.kind, self.pc)
    }
}

impl std::error::Error for VerifyError {}

/// Verifies a method or block with `header` whose bytecodes (the bytes after the
/// literals) are `bytecodes`, in the set the header selects.
pub fn verify_method(header: &MethodHeader, bytecodes: &[u8]) -> Result<MethodFacts, VerifyError> {
    header.validate().map_err(|error| VerifyError {
        pc: 0,
        kind: VerifyErrorKind::Header(error),
    })?;
    analysis::Analysis::new(BytecodeSet::of_header(header), header, bytecodes).run()
}

/// True if `instruction` is the primitive-error store that may follow callPrimitive.
fn is_error_code_store(instruction: &Instruction) -> bool {
    matches!(instruction, Instruction::StoreTemp(_))
}

#[cfg(test)]
mod tests;
