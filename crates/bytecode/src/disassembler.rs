//! Disassembler: a Pharo-style listing, one line per instruction —
//! `pc <bytes in hex> mnemonic operands` — with literals named by a caller-supplied
//! callback and jump targets printed as absolute pcs. Malformed bytes never stop it
//! early: stray prefixes, invalid operands and truncated tails get their own lines.

use std::fmt::Write as _;

use crate::header::{initial_pc, MethodHeader};
use crate::instruction::Instruction::{self, *};
use crate::opcode::{lookup, BytecodeSet, DecodeError};
use crate::sista_v1::{EXT_A, EXT_B};
use crate::special_selectors;

/// Names literal `k` (0-based) in Smalltalk literal syntax, e.g. `#foo`, `'abc'`, `3`.
pub type LiteralNamer<'a> = &'a dyn Fn(usize) -> String;

/// Lists `bytes` of `set`; pcs are printed as `base_pc + offset` (pass
/// [`initial_pc`]`(num_literals)` for Smalltalk pcs, 0 for raw offsets).
pub fn disassemble(
    bytes: &[u8],
    set: BytecodeSet,
    base_pc: usize,
    literal_name: LiteralNamer<'_>,
) -> String {
    let mut listing = String::new();
    let mut offset = 0;
    while offset < bytes.len() {
        let (text, length) = match set.decode(bytes, offset) {
            Ok((instruction, length)) => {
                let after = base_pc.saturating_add(offset + length);
                (describe(&instruction, after, literal_name), length)
            }
            Err(error) => describe_error(bytes, set, offset, error),
        };
        let length = length.clamp(1, bytes.len() - offset);
        let hex: Vec<String> = bytes[offset..offset + length]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let _ = writeln!(
            listing,
            "{} <{}> {}",
            base_pc.saturating_add(offset),
            hex.join(" "),
            text
        );
        offset += length;
    }
    listing
}

/// Lists the bytecodes of a method given its header SmallInteger value; pcs are
/// Smalltalk pcs (64-bit `initialPC` onwards).
pub fn disassemble_method(
    header_value: i64,
    bytecodes: &[u8],
    literal_name: LiteralNamer<'_>,
) -> String {
    let header = MethodHeader::decode(header_value);
    let base_pc = initial_pc(usize::from(header.num_literals));
    disassemble(
        bytecodes,
        BytecodeSet::of_header(&header),
        base_pc,
        literal_name,
    )
}

/// Text and byte count for bytes at `offset` that do not decode.
fn describe_error(
    bytes: &[u8],
    set: BytecodeSet,
    offset: usize,
    error: DecodeError,
) -> (String, usize) {
    let first = bytes[offset];
    let is_prefix = set == BytecodeSet::SistaV1 && (first == EXT_A || first == EXT_B);
    match (error, bytes.get(offset + 1)) {
        (DecodeError::Truncated { .. }, _) => ("<truncated>".to_string(), bytes.len() - offset),
        (_, Some(&byte)) if is_prefix => {
            let name = if first == EXT_A { "extA" } else { "extB" };
            (format!("{name}: {byte} <not consumed>"), 2)
        }
        (DecodeError::InvalidOperand { opcode, .. }, _) => {
            let length = usize::from(lookup(set.table(), opcode).length);
            (format!("<invalid operands of {opcode}>"), length)
        }
        _ => (format!("<{error}>"), 1),
    }
}

fn character_text(code: u32) -> String {
    match char::from_u32(code) {
        Some(c) if c.is_ascii_graphic() || c == ' ' => format!("${c}"),
        _ => format!("(Character value: {code})"),
    }
}

fn special_selector_text(index: u8) -> String {
    special_selectors::selector(index)
        .map_or_else(|| format!("<special {index}>"), |name| format!("#{name}"))
}

/// Mnemonic and operands of `instruction`; `after` is the pc following it.
fn describe(instruction: &Instruction, after: usize, literal: LiteralNamer<'_>) -> String {
    let lit = |index: u32| literal(index as usize);
    let target = |offset: i32| after as i64 + i64::from(offset);
    match *instruction {
        PushReceiverVariable(i) => format!("pushRcvr: {i}"),
        PushLiteralVariable(i) => format!("pushLitVar: {}", lit(i)),
        PushLiteral(i) => format!("pushConstant: {}", lit(i)),
        PushTemp(i) => format!("pushTemp: {i}"),
        PushReceiver => "self".to_string(),
        PushTrue => "pushConstant: true".to_string(),
        PushFalse => "pushConstant: false".to_string(),
        PushNil => "pushConstant: nil".to_string(),
        PushSmallInteger(value) => format!("pushConstant: {value}"),
        PushCharacter(code) => format!("pushConstant: {}", character_text(code)),
        PushThisContext => "pushThisContext".to_string(),
        PushActiveProcess => "pushActiveProcess".to_string(),
        Dup => "dup".to_string(),
        Pop => "pop".to_string(),
        Nop => "nop".to_string(),
        PushNewArray {
            size,
            pop_elements: false,
        } => format!("push: (Array new: {size})"),
        PushNewArray {
            size,
            pop_elements: true,
        } => format!("pop {size} into (Array new: {size})"),
        PushRemoteTemp {
            index_in_vector,
            vector_temp_index,
        } => {
            format!("pushTemp: {index_in_vector} inVectorAt: {vector_temp_index}")
        }
        StoreRemoteTemp {
            index_in_vector,
            vector_temp_index,
        } => {
            format!("storeIntoTemp: {index_in_vector} inVectorAt: {vector_temp_index}")
        }
        PopIntoRemoteTemp {
            index_in_vector,
            vector_temp_index,
        } => {
            format!("popIntoTemp: {index_in_vector} inVectorAt: {vector_temp_index}")
        }
        StoreReceiverVariable(i) => format!("storeIntoRcvr: {i}"),
        PopIntoReceiverVariable(i) => format!("popIntoRcvr: {i}"),
        StoreTemp(i) => format!("storeIntoTemp: {i}"),
        PopIntoTemp(i) => format!("popIntoTemp: {i}"),
        StoreLiteralVariable(i) => format!("storeIntoLit: {}", lit(i)),
        PopIntoLiteralVariable(i) => format!("popIntoLit: {}", lit(i)),
        _ => describe_control(instruction, after, &lit, &target),
    }
}

fn describe_control(
    instruction: &Instruction,
    after: usize,
    lit: &dyn Fn(u32) -> String,
    target: &dyn Fn(i32) -> i64,
) -> String {
    match *instruction {
        Send {
            selector_literal,
            num_args,
        } => format!("send: {} ({num_args} args)", lit(selector_literal)),
        SendSpecial(index) => format!("send: {}", special_selector_text(index)),
        SuperSend {
            selector_literal,
            num_args,
        } => format!("superSend: {} ({num_args} args)", lit(selector_literal)),
        DirectedSuperSend {
            selector_literal,
            num_args,
        } => {
            format!(
                "directedSuperSend: {} ({num_args} args)",
                lit(selector_literal)
            )
        }
        PushFullClosure {
            literal_index,
            num_copied,
            receiver_on_stack,
            ignore_outer_context,
        } => {
            let mut text = format!(
                "pushFullClosure: {} numCopied: {num_copied}",
                lit(literal_index)
            );
            if receiver_on_stack {
                text.push_str(" receiverOnStack");
            }
            if ignore_outer_context {
                text.push_str(" ignoreOuterContext");
            }
            text
        }
        PushClosure {
            num_copied,
            num_args,
            block_size,
        } => {
            let end = after.saturating_add(block_size as usize).saturating_sub(1);
            format!("closureNumCopied: {num_copied} numArgs: {num_args} bytes {after} to {end}")
        }
        ReturnReceiver => "returnSelf".to_string(),
        ReturnTrue => "returnTrue".to_string(),
        ReturnFalse => "returnFalse".to_string(),
        ReturnNil => "returnNil".to_string(),
        ReturnTop => "returnTop".to_string(),
        BlockReturnTop => "blockReturn".to_string(),
        BlockReturnNil => "blockReturnNil".to_string(),
        CallPrimitive(number) => format!("callPrimitive: {number}"),
        CallInlinePrimitive(number) => format!("callInlinePrimitive: {number}"),
        CallMappedInlinedPrimitive(index) => format!("callMappedInlinedPrimitive: {index}"),
        Trap => "trap".to_string(),
        Jump(offset) => format!("jumpTo: {}", target(offset)),
        JumpIfTrue(offset) => format!("jumpTrue: {}", target(offset)),
        JumpIfFalse(offset) => format!("jumpFalse: {}", target(offset)),
        Unknown(opcode) => format!("unknown bytecode {opcode}"),
        _ => format!("{instruction:?}"),
    }
}
