//! V3PlusClosures decoder: lengths from [`super::table::OPCODES`], operands per
//! reference §8.1. Never panics; malformed input yields a [`DecodeError`].

use super::table::OPCODES;
use crate::instruction::Instruction::{self, *};
use crate::opcode::{lookup, operand_bytes, DecodeError};

/// Decodes the instruction at byte offset `pc`; returns it and its length in bytes.
pub fn decode(bytes: &[u8], pc: usize) -> Result<(Instruction, usize), DecodeError> {
    let opcode = *bytes.get(pc).ok_or(DecodeError::PcOutOfRange { pc })?;
    let length = usize::from(lookup(OPCODES, opcode).length);
    let operands = operand_bytes(bytes, pc + 1, length - 1, pc)?;
    let instruction = match *operands {
        [] => Some(decode_one_byte(opcode)),
        [b1] => decode_two_bytes(opcode, b1),
        [b1, b2] => decode_three_bytes(opcode, b1, b2),
        [b1, b2, b3] => Some(PushClosure {
            num_copied: u32::from(b1 >> 4),
            num_args: u32::from(b1 & 15),
            block_size: u32::from(u16::from_be_bytes([b2, b3])),
        }),
        _ => None,
    };
    instruction
        .map(|it| (it, length))
        .ok_or(DecodeError::InvalidOperand { pc, opcode })
}

fn decode_one_byte(opcode: u8) -> Instruction {
    let low = |mask: u8| u32::from(opcode & mask);
    match opcode {
        0..=15 => PushReceiverVariable(low(15)),
        16..=31 => PushTemp(low(15)),
        32..=63 => PushLiteral(low(31)),
        64..=95 => PushLiteralVariable(low(31)),
        96..=103 => PopIntoReceiverVariable(low(7)),
        104..=111 => PopIntoTemp(low(7)),
        112 => PushReceiver,
        113 => PushTrue,
        114 => PushFalse,
        115 => PushNil,
        116..=119 => PushSmallInteger(i64::from(opcode) - 117),
        120 => ReturnReceiver,
        121 => ReturnTrue,
        122 => ReturnFalse,
        123 => ReturnNil,
        124 => ReturnTop,
        125 => BlockReturnTop,
        135 => Pop,
        136 => Dup,
        137 => PushThisContext,
        144..=151 => Jump(i32::from(opcode & 7) + 1),
        152..=159 => JumpIfFalse(i32::from(opcode & 7) + 1),
        176..=207 => SendSpecial(opcode - 176),
        208..=255 => Send {
            selector_literal: low(15),
            num_args: u32::from((opcode - 208) / 16),
        },
        _ => Unknown(opcode),
    }
}

fn decode_two_bytes(opcode: u8, b1: u8) -> Option<Instruction> {
    let long_offset = i32::from(b1);
    Some(match opcode {
        128..=130 => return decode_extended_variable(opcode, b1),
        131 => Send {
            selector_literal: u32::from(b1 & 31),
            num_args: u32::from(b1 >> 5),
        },
        133 => SuperSend {
            selector_literal: u32::from(b1 & 31),
            num_args: u32::from(b1 >> 5),
        },
        134 => Send {
            selector_literal: u32::from(b1 & 63),
            num_args: u32::from(b1 >> 6),
        },
        138 => PushNewArray {
            size: b1 & 0x7F,
            pop_elements: b1 & 0x80 != 0,
        },
        160..=167 => Jump((i32::from(opcode & 7) - 4) * 256 + long_offset),
        168..=171 => JumpIfTrue(i32::from(opcode & 3) * 256 + long_offset),
        172..=175 => JumpIfFalse(i32::from(opcode & 3) * 256 + long_offset),
        _ => Unknown(opcode),
    })
}

/// 128 push / 129 store / 130 store-pop with `b1 = ttiiiiii`: tt 0 receiver variable,
/// 1 temp, 2 literal (push only), 3 literal variable.
fn decode_extended_variable(opcode: u8, b1: u8) -> Option<Instruction> {
    let index = u32::from(b1 & 63);
    Some(match (opcode, b1 >> 6) {
        (128, 0) => PushReceiverVariable(index),
        (128, 1) => PushTemp(index),
        (128, 2) => PushLiteral(index),
        (128, _) => PushLiteralVariable(index),
        (129, 0) => StoreReceiverVariable(index),
        (129, 1) => StoreTemp(index),
        (129, 3) => StoreLiteralVariable(index),
        (130, 0) => PopIntoReceiverVariable(index),
        (130, 1) => PopIntoTemp(index),
        (130, 3) => PopIntoLiteralVariable(index),
        _ => return None,
    })
}

fn decode_three_bytes(opcode: u8, b1: u8, b2: u8) -> Option<Instruction> {
    let remote = (u32::from(b1), u32::from(b2));
    Some(match opcode {
        132 => decode_double_extended(b1, b2),
        139 => CallPrimitive(u16::from_le_bytes([b1, b2])),
        140 => PushRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        141 => StoreRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        142 => PopIntoRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        _ => Unknown(opcode),
    })
}

/// 132 double-extended do-anything: `b1 = oooaaaaa`, `b2` = index.
fn decode_double_extended(b1: u8, b2: u8) -> Instruction {
    let index = u32::from(b2);
    let num_args = u32::from(b1 & 31);
    match b1 >> 5 {
        0 => Send {
            selector_literal: index,
            num_args,
        },
        1 => SuperSend {
            selector_literal: index,
            num_args,
        },
        2 => PushReceiverVariable(index),
        3 => PushLiteral(index),
        4 => PushLiteralVariable(index),
        5 => StoreReceiverVariable(index),
        6 => PopIntoReceiverVariable(index),
        _ => StoreLiteralVariable(index),
    }
}

#[cfg(test)]
mod tests;
