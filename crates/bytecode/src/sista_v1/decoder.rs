//! Sista V1 decoder: folds extA/extB prefixes (PVM `extABytecode`/`extBBytecode` rules)
//! into the instruction they extend, taking lengths and accepted prefixes from
//! [`super::table::OPCODES`]. Never panics; malformed input yields a [`DecodeError`].

use super::table::OPCODES;
use super::{EXT_A, EXT_B};
use crate::instruction::Instruction::{self, *};
use crate::opcode::{lookup, operand_bytes, DecodeError};

/// Most prefix bytes of one kind the decoder accepts (24-bit extension values).
const MAX_EXTENSION_BYTES: u8 = 3;

/// Accumulated extension prefixes.
#[derive(Debug, Clone, Copy, Default)]
struct Extensions {
    a: u32,
    b: i32,
    a_bytes: u8,
    b_bytes: u8,
}

impl Extensions {
    /// Adds one prefix byte; `false` if too many bytes of that kind.
    fn add(&mut self, prefix: u8, byte: u8) -> bool {
        if prefix == EXT_A {
            self.a_bytes += 1;
            self.a = (self.a << 8) | u32::from(byte);
            self.a_bytes <= MAX_EXTENSION_BYTES
        } else {
            self.b = if self.b_bytes == 0 && byte > 127 {
                i32::from(byte) - 256
            } else {
                (self.b << 8) | i32::from(byte)
            };
            self.b_bytes += 1;
            self.b_bytes <= MAX_EXTENSION_BYTES
        }
    }
}

/// Decodes the instruction at byte offset `pc`, with its prefixes; returns it and its
/// total length in bytes.
pub fn decode(bytes: &[u8], pc: usize) -> Result<(Instruction, usize), DecodeError> {
    if pc >= bytes.len() {
        return Err(DecodeError::PcOutOfRange { pc });
    }
    let mut extensions = Extensions::default();
    let mut at = pc;
    loop {
        let opcode = *bytes.get(at).ok_or(DecodeError::Truncated { pc })?;
        if opcode == EXT_A || opcode == EXT_B {
            let byte = operand_bytes(bytes, at + 1, 1, pc)?[0];
            if !extensions.add(opcode, byte) {
                return Err(DecodeError::ExtensionOverflow { pc });
            }
            at += 2;
            continue;
        }
        let info = lookup(OPCODES, opcode);
        if (extensions.a_bytes > 0 && !info.takes_ext_a)
            || (extensions.b_bytes > 0 && !info.takes_ext_b)
        {
            return Err(DecodeError::MisplacedExtension { pc, opcode });
        }
        let operands = operand_bytes(bytes, at + 1, usize::from(info.length) - 1, pc)?;
        let instruction = decode_opcode(opcode, operands, extensions)
            .ok_or(DecodeError::InvalidOperand { pc, opcode })?;
        return Ok((instruction, at + usize::from(info.length) - pc));
    }
}

/// The instruction for `opcode`, whose operand bytes (count from the table) follow.
/// `None` when the operands are out of the opcode's range.
fn decode_opcode(opcode: u8, operands: &[u8], ext: Extensions) -> Option<Instruction> {
    match operands {
        [] => Some(decode_one_byte(opcode, ext)),
        [b1] => decode_two_bytes(opcode, *b1, ext),
        [b1, b2] => decode_three_bytes(opcode, *b1, *b2, ext),
        _ => None,
    }
}

fn decode_one_byte(opcode: u8, ext: Extensions) -> Instruction {
    let low = |mask: u8| u32::from(opcode & mask);
    match opcode {
        0..=15 => PushReceiverVariable(low(15)),
        16..=31 => PushLiteralVariable(low(15)),
        32..=63 => PushLiteral(low(31)),
        64..=75 => PushTemp(u32::from(opcode - 64)),
        76 => PushReceiver,
        77 => PushTrue,
        78 => PushFalse,
        79 => PushNil,
        80 | 81 => PushSmallInteger(i64::from(opcode - 80)),
        82 => match ext.b {
            0 => PushThisContext,
            1 => PushActiveProcess,
            _ => Unknown(82),
        },
        83 => Dup,
        88 => ReturnReceiver,
        89 => ReturnTrue,
        90 => ReturnFalse,
        91 => ReturnNil,
        92 => ReturnTop,
        93 => BlockReturnNil,
        94 => BlockReturnTop,
        95 => Nop,
        96..=127 => SendSpecial(opcode - 96),
        128..=175 => Send {
            selector_literal: low(15),
            num_args: u32::from((opcode - 128) / 16),
        },
        176..=183 => Jump(i32::from(opcode & 7) + 1),
        184..=191 => JumpIfTrue(i32::from(opcode & 7) + 1),
        192..=199 => JumpIfFalse(i32::from(opcode & 7) + 1),
        200..=207 => PopIntoReceiverVariable(low(7)),
        208..=215 => PopIntoTemp(low(7)),
        216 => Pop,
        217 => Trap,
        _ => Unknown(opcode),
    }
}

/// `byte + extension·256` as a u32 (extA-style index).
fn extended_index(byte: u8, ext_a: u32) -> u32 {
    (ext_a << 8) | u32::from(byte)
}

/// `byte + extB·256`, signed.
fn signed_operand(byte: u8, ext_b: i32) -> i64 {
    i64::from(ext_b) * 256 + i64::from(byte)
}

fn decode_two_bytes(opcode: u8, b1: u8, ext: Extensions) -> Option<Instruction> {
    let index = extended_index(b1, ext.a);
    Some(match opcode {
        226 => PushReceiverVariable(index),
        227 => PushLiteralVariable(index),
        228 => PushLiteral(index),
        229 => PushTemp(u32::from(b1)),
        231 => PushNewArray {
            size: b1 & 0x7F,
            pop_elements: b1 & 0x80 != 0,
        },
        232 => PushSmallInteger(signed_operand(b1, ext.b)),
        233 => PushCharacter(u32::try_from(signed_operand(b1, ext.b)).ok()?),
        234 | 235 => return decode_extended_send(opcode, b1, ext),
        236 => CallMappedInlinedPrimitive(index),
        237 => Jump(i32::try_from(signed_operand(b1, ext.b)).ok()?),
        238 => JumpIfTrue(i32::try_from(signed_operand(b1, ext.b)).ok()?),
        239 => JumpIfFalse(i32::try_from(signed_operand(b1, ext.b)).ok()?),
        240 => PopIntoReceiverVariable(index),
        241 => PopIntoLiteralVariable(index),
        242 => PopIntoTemp(u32::from(b1)),
        243 => StoreReceiverVariable(index),
        244 => StoreLiteralVariable(index),
        245 => StoreTemp(u32::from(b1)),
        _ => Unknown(opcode),
    })
}

/// 234 send / 235 super send: `b1 = iiiiijjj`, selector `i + extA·32`, args `j + extB·8`;
/// 235 with 64 ≤ extB < 128 is a directed super send with args `j + (extB − 64)·8`.
fn decode_extended_send(opcode: u8, b1: u8, ext: Extensions) -> Option<Instruction> {
    let selector_literal = (ext.a << 5) | u32::from(b1 >> 3);
    let arg_extension = |ext_b: i32| {
        u32::try_from(ext_b)
            .ok()
            .map(|high| (high << 3) | u32::from(b1 & 7))
    };
    match (opcode, ext.b) {
        (234, _) => Some(Send {
            selector_literal,
            num_args: arg_extension(ext.b)?,
        }),
        (_, ..=63) => Some(SuperSend {
            selector_literal,
            num_args: arg_extension(ext.b)?,
        }),
        (_, 64..=127) => Some(DirectedSuperSend {
            selector_literal,
            num_args: arg_extension(ext.b - 64)?,
        }),
        _ => None,
    }
}

fn decode_three_bytes(opcode: u8, b1: u8, b2: u8, ext: Extensions) -> Option<Instruction> {
    let remote = (u32::from(b1), u32::from(b2));
    Some(match opcode {
        248 if b2 & 0x80 == 0 => CallPrimitive(u16::from_le_bytes([b1, b2])),
        248 => CallInlinePrimitive(u16::from_le_bytes([b1, b2 & 0x7F])),
        249 => PushFullClosure {
            literal_index: extended_index(b1, ext.a),
            num_copied: u32::from(b2 & 0x3F),
            receiver_on_stack: b2 & 0x80 != 0,
            ignore_outer_context: b2 & 0x40 != 0,
        },
        250 => PushClosure {
            num_copied: u32::from((b1 >> 3) & 7) + (ext.a / 16) * 8,
            num_args: u32::from(b1 & 7) + (ext.a % 16) * 8,
            block_size: u32::try_from(signed_operand(b2, ext.b)).ok()?,
        },
        251 => PushRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        252 => StoreRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        253 => PopIntoRemoteTemp {
            index_in_vector: remote.0,
            vector_temp_index: remote.1,
        },
        _ => Unknown(opcode),
    })
}

#[cfg(test)]
mod tests;
