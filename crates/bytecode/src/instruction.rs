//! The decoded form shared by both bytecode sets: one [`Instruction`] per bytecode with
//! its extension prefixes folded into the operands, and its operand-stack effect.

use crate::special_selectors;

/// One decoded bytecode (both sets). Indices are 0-based: `literal k` is object slot
/// `k + 1`, `temp k` counts arguments first. Jump offsets are relative to the pc after
/// the whole instruction (prefixes included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Instruction {
    /// Push receiver inst var.
    PushReceiverVariable(u32),
    /// Push the value (slot 1) of a literal variable binding.
    PushLiteralVariable(u32),
    /// Push a literal.
    PushLiteral(u32),
    /// Push a temp (args first).
    PushTemp(u32),
    /// Push self.
    PushReceiver,
    /// Push true.
    PushTrue,
    /// Push false.
    PushFalse,
    /// Push nil.
    PushNil,
    /// Push a SmallInteger constant (V3 116–119, Sista 80/81/232).
    PushSmallInteger(i64),
    /// Push a Character constant (Sista 233).
    PushCharacter(u32),
    /// Push thisContext.
    PushThisContext,
    /// Push the active Process (Sista extB 1 + 82).
    PushActiveProcess,
    /// Duplicate the top of stack.
    Dup,
    /// Pop the top of stack.
    Pop,
    /// Do nothing (Sista 95).
    Nop,
    /// Push a new Array, filled by popping `size` values when `pop_elements`.
    PushNewArray {
        /// Element count (0–127).
        size: u8,
        /// Fill from (and pop) the top `size` stack values.
        pop_elements: bool,
    },
    /// Push an element of a temp vector.
    PushRemoteTemp {
        /// Index inside the vector.
        index_in_vector: u32,
        /// Temp holding the vector.
        vector_temp_index: u32,
    },
    /// Store the top into an element of a temp vector (no pop).
    StoreRemoteTemp {
        /// Index inside the vector.
        index_in_vector: u32,
        /// Temp holding the vector.
        vector_temp_index: u32,
    },
    /// Pop the top into an element of a temp vector.
    PopIntoRemoteTemp {
        /// Index inside the vector.
        index_in_vector: u32,
        /// Temp holding the vector.
        vector_temp_index: u32,
    },
    /// Store the top into a receiver inst var (no pop).
    StoreReceiverVariable(u32),
    /// Pop the top into a receiver inst var.
    PopIntoReceiverVariable(u32),
    /// Store the top into a temp (no pop).
    StoreTemp(u32),
    /// Pop the top into a temp.
    PopIntoTemp(u32),
    /// Store the top into a literal variable's value (no pop).
    StoreLiteralVariable(u32),
    /// Pop the top into a literal variable's value.
    PopIntoLiteralVariable(u32),
    /// Send the selector literal with `num_args` arguments.
    Send {
        /// Literal index of the selector.
        selector_literal: u32,
        /// Argument count.
        num_args: u32,
    },
    /// Send special selector `index` (reference §8.3).
    SendSpecial(u8),
    /// Super send; lookup starts above the method class.
    SuperSend {
        /// Literal index of the selector.
        selector_literal: u32,
        /// Argument count.
        num_args: u32,
    },
    /// Directed super send; pops a class and starts lookup above it (Sista).
    DirectedSuperSend {
        /// Literal index of the selector.
        selector_literal: u32,
        /// Argument count.
        num_args: u32,
    },
    /// Push a FullBlockClosure of a CompiledBlock literal (Sista 249).
    PushFullClosure {
        /// Literal index of the CompiledBlock.
        literal_index: u32,
        /// Copied values taken from the stack.
        num_copied: u32,
        /// The closure's receiver is popped from below the copied values.
        receiver_on_stack: bool,
        /// The closure's outerContext is nil.
        ignore_outer_context: bool,
    },
    /// Push a non-full BlockClosure whose body follows inline (V3 143, Sista 250).
    PushClosure {
        /// Copied values taken from the stack.
        num_copied: u32,
        /// Block argument count.
        num_args: u32,
        /// Bytes of the inline body skipped after creation.
        block_size: u32,
    },
    /// Return self from the method.
    ReturnReceiver,
    /// Return true from the method.
    ReturnTrue,
    /// Return false from the method.
    ReturnFalse,
    /// Return nil from the method.
    ReturnNil,
    /// Return the top of stack from the method.
    ReturnTop,
    /// Return the top of stack from a block to its caller.
    BlockReturnTop,
    /// Return nil from a block to its caller (Sista 93).
    BlockReturnNil,
    /// callPrimitive: ordinary primitive (only valid as the first instruction).
    CallPrimitive(u16),
    /// Sista callPrimitive with the inline bit: `prim = ((b2 − 128) << 8) + b1`.
    /// Sista runtime only; a standard VM treats it as unknown.
    CallInlinePrimitive(u16),
    /// Sista 236: call mapped inlined primitive. Sista runtime only.
    CallMappedInlinedPrimitive(u32),
    /// Sista 217: unconditional trap. Sista runtime only.
    Trap,
    /// Unconditional jump.
    Jump(i32),
    /// Pop; jump if true.
    JumpIfTrue(i32),
    /// Pop; jump if false.
    JumpIfFalse(i32),
    /// An opcode with no meaning in the set.
    Unknown(u8),
}

/// Values an instruction pops and pushes (a store without pop reads the top: 0, 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackEffect {
    /// Values removed.
    pub pops: u32,
    /// Values added.
    pub pushes: u32,
}

const fn effect(pops: u32, pushes: u32) -> Option<StackEffect> {
    Some(StackEffect { pops, pushes })
}

impl Instruction {
    /// Operand-stack effect; `None` where it is not defined by the bytecode alone
    /// (unknown bytecodes, Sista-runtime inline primitives, traps).
    pub fn stack_effect(&self) -> Option<StackEffect> {
        use Instruction::*;
        match *self {
            PushReceiverVariable(_)
            | PushLiteralVariable(_)
            | PushLiteral(_)
            | PushTemp(_)
            | PushReceiver
            | PushTrue
            | PushFalse
            | PushNil
            | PushSmallInteger(_)
            | PushCharacter(_)
            | PushThisContext
            | PushActiveProcess
            | PushRemoteTemp { .. } => effect(0, 1),
            Dup => effect(1, 2),
            Pop
            | PopIntoRemoteTemp { .. }
            | PopIntoReceiverVariable(_)
            | PopIntoTemp(_)
            | PopIntoLiteralVariable(_)
            | JumpIfTrue(_)
            | JumpIfFalse(_) => effect(1, 0),
            Nop
            | StoreRemoteTemp { .. }
            | StoreReceiverVariable(_)
            | StoreTemp(_)
            | StoreLiteralVariable(_)
            | CallPrimitive(_)
            | Jump(_)
            | ReturnReceiver
            | ReturnTrue
            | ReturnFalse
            | ReturnNil
            | BlockReturnNil => effect(0, 0),
            ReturnTop | BlockReturnTop => effect(1, 0),
            PushNewArray { size, pop_elements } => {
                effect(if pop_elements { u32::from(size) } else { 0 }, 1)
            }
            Send { num_args, .. } | SuperSend { num_args, .. } => effect(num_args + 1, 1),
            DirectedSuperSend { num_args, .. } => effect(num_args + 2, 1),
            SendSpecial(index) => {
                special_selectors::num_args(index).and_then(|args| effect(u32::from(args) + 1, 1))
            }
            PushFullClosure {
                num_copied,
                receiver_on_stack,
                ..
            } => effect(num_copied + u32::from(receiver_on_stack), 1),
            PushClosure { num_copied, .. } => effect(num_copied, 1),
            CallInlinePrimitive(_) | CallMappedInlinedPrimitive(_) | Trap | Unknown(_) => None,
        }
    }

    /// Whether control never falls through to the next instruction.
    pub fn ends_flow(&self) -> bool {
        use Instruction::*;
        matches!(
            self,
            ReturnReceiver
                | ReturnTrue
                | ReturnFalse
                | ReturnNil
                | ReturnTop
                | BlockReturnTop
                | BlockReturnNil
                | Jump(_)
        )
    }

    /// The jump offset of a conditional or unconditional jump.
    pub fn jump_offset(&self) -> Option<i32> {
        match *self {
            Instruction::Jump(offset)
            | Instruction::JumpIfTrue(offset)
            | Instruction::JumpIfFalse(offset) => Some(offset),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
