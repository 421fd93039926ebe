//! The translator: the ops of one verified Sista method or block (one op per
//! bytecode byte, see `ops.rs`), with a superinstruction (`superinstructions.rs`)
//! at each instruction start where a known sequence begins.
//!
//! Rules: a superinstruction starts only at an instruction start the verifier
//! reached (`MethodFacts::stack_depth_at` is `Some`), and every instruction it
//! covers is one too; it covers whole instructions (a prefixed instruction is
//! covered with its prefixes, never entered in the middle); jump targets are
//! offsets from the op's first byte that must fit an i16 (else the jump is
//! left out of the sequence).
//! Overlapping sequences are fine: every instruction start gets its own op, so
//! a jump into the middle of a fused sequence runs the op found there.
use stvm_bytecode::{BytecodeSet, Decoded, Instruction, MethodFacts};

use super::ops::Op;
use super::superinstructions::{
    arith_pop_jump_back_kind, arith_send_kind, at_kind, at_put_pop_kind, binop_kind, return_kind,
    step_and_test_kind, ARITH_POP_JUMP_BACK, FALSE, INT, JUMP_BACKWARD, JUMP_FORWARD, LITERAL, NIL,
    SLOT, STACK, THEN_JUMP_IF_FALSE, THEN_JUMP_IF_TRUE, THEN_POP_INTO, THEN_PUSH, THEN_RETURN,
    THEN_STORE, TRUE,
};
use crate::bytecodes::special_selectors::index;
use crate::stack_zone::frame;

/// Special selectors up to `-` are arithmetic; from `<` to `~=` comparisons.
const LAST_ARITHMETIC: u8 = index::SUBTRACT as u8;
const LAST_COMPARISON: u8 = index::NOT_EQUAL as u8;

/// The ops of `bytes` (a method's bytecodes, which start at ip `initial_ip`).
pub(crate) fn translate(bytes: &[u8], facts: &MethodFacts, initial_ip: usize) -> Vec<Op> {
    let mut ops: Vec<Op> = bytes.iter().map(|&byte| Op::plain(byte)).collect();
    let code = Code {
        instructions: BytecodeSet::SistaV1
            .instructions(bytes)
            .map_while(Result::ok)
            .collect(),
        facts,
        initial_ip,
    };
    for index in 0..code.instructions.len() {
        if let Some(op) = code.superinstruction_at(index) {
            ops[code.instructions[index].offset] = op;
        }
    }
    fuse_steps_with_their_tests(&mut ops);
    ops
}

/// Makes each loop step (`ARITH_POP_JUMP_BACK` with `+`) whose jump lands on
/// a test of the stepped temp, `temp <= operand` or `temp >= operand` with a
/// jump if false, a `STEP_AND_TEST` (the test op stays, for jumps to it and
/// fall-backs).
fn fuse_steps_with_their_tests(ops: &mut [Op]) {
    for offset in 0..ops.len() {
        let op = ops[offset];
        let Some(step) = op.kind.checked_sub(ARITH_POP_JUMP_BACK).filter(|k| *k < 6) else {
            continue;
        };
        let (step_source, selector) = (step / 2, step % 2);
        let Some(test_offset) = offset.checked_sub(usize::from(op.c >> 8)) else {
            continue;
        };
        if ops[test_offset].a != (op.c & 0xFF) as u8 {
            continue;
        }
        let test_kind = ops[test_offset].kind;
        let test = [SLOT, INT, LITERAL].into_iter().find_map(|source| {
            [(index::LESS_OR_EQUAL, 0), (index::GREATER_OR_EQUAL, 1)]
                .into_iter()
                .find(|(selector, _)| {
                    test_kind == binop_kind(SLOT, source, *selector as u16, THEN_JUMP_IF_FALSE)
                })
                .map(|(_, greater)| (source, greater))
        });
        if let (0, Some((test_source, greater))) = (selector, test) {
            ops[offset].kind = step_and_test_kind(step_source, test_source, greater);
        }
    }
}

/// The decoded instructions of the code being translated.
struct Code<'a> {
    instructions: Vec<Decoded>,
    facts: &'a MethodFacts,
    initial_ip: usize,
}

/// An operand pushed by an instruction: (source, encoded value).
type Operand = (u16, u16);

/// A continuation: (kind, target or temp slot, instructions covered).
type Then = (u16, u16, usize);

impl Code<'_> {
    /// The instruction `index` if the verifier reached it.
    fn reached(&self, index: usize) -> Option<Instruction> {
        let decoded = self.instructions.get(index)?;
        self.facts.stack_depth_at(decoded.offset)?;
        Some(decoded.instruction)
    }

    /// The ip just after the instructions `first..first + count`.
    fn ip_after(&self, first: usize, count: usize) -> Option<usize> {
        let last = self.instructions.get(first + count - 1)?;
        Some(self.initial_ip + last.offset + last.length)
    }

    /// The op of the instructions from `index` on that fuse, if any.
    fn superinstruction_at(&self, index: usize) -> Option<Op> {
        self.at_put_pop(index)
            .or_else(|| self.arith_send(index))
            .or_else(|| self.arith_pop_jump_back(index))
            .or_else(|| self.binop_from_slot(index))
            .or_else(|| self.binop_from_stack(index))
            .or_else(|| self.at_then(index))
            .or_else(|| self.push_and_return(index))
            .or_else(|| self.long_jump(index))
    }

    /// An op of `kind` covering `count` instructions from `first`.
    fn op(&self, kind: u16, first: usize, count: usize, operands: (u8, u16, u16)) -> Option<Op> {
        let start = self.instructions.get(first)?.offset + self.initial_ip;
        let covered = u8::try_from(self.ip_after(first, count)? - start)
            .ok()
            .filter(|covered| *covered < 16)?;
        let first_length = self.instructions[first].length as u8;
        let (a, b, c) = operands;
        Some(Op {
            kind,
            lengths: Op::lengths(covered, first_length),
            a,
            b,
            c,
        })
    }

    /// `push slot; push operand; binop; then`.
    fn binop_from_slot(&self, index: usize) -> Option<Op> {
        let a = frame_slot(self.reached(index)?)?;
        let (second, b) = operand(self.reached(index + 1)?)?;
        let selector = binary_selector(self.reached(index + 2)?)?;
        let (then, c, covered) = self.then_at(index, 3, selector <= LAST_ARITHMETIC)?;
        let kind = binop_kind(SLOT, second, u16::from(selector), then);
        self.op(kind, index, 3 + covered, (u8::try_from(a).ok()?, b, c))
    }

    /// `push slot; push operand; + or -; send a unary literal selector`.
    fn arith_send(&self, index: usize) -> Option<Op> {
        let a = frame_slot(self.reached(index)?)?;
        let (second, b) = operand(self.reached(index + 1)?)?;
        let selector = binary_selector(self.reached(index + 2)?)?;
        let Instruction::Send {
            selector_literal,
            num_args: 0,
        } = self.reached(index + 3)?
        else {
            return None;
        };
        if selector > LAST_ARITHMETIC {
            return None;
        }
        let kind = arith_send_kind(second, u16::from(selector));
        let c = u16::try_from(selector_literal).ok()?;
        self.op(kind, index, 4, (u8::try_from(a).ok()?, b, c))
    }

    /// `push slot; push operand; + or -; popIntoTemp; jump back` (at most 255 bytes).
    fn arith_pop_jump_back(&self, index: usize) -> Option<Op> {
        let a = frame_slot(self.reached(index)?)?;
        let (second, b) = operand(self.reached(index + 1)?)?;
        let selector = binary_selector(self.reached(index + 2)?)?;
        let Instruction::PopIntoTemp(temp) = self.reached(index + 3)? else {
            return None;
        };
        let Instruction::Jump(offset) = self.reached(index + 4)? else {
            return None;
        };
        if selector > LAST_ARITHMETIC || offset >= 0 {
            return None;
        }
        let slot = u8::try_from(frame::FIRST_TEMP + temp as usize).ok()?;
        let back = u8::try_from(-i32::from(self.target(index, 4, offset)? as i16)).ok()?;
        let kind = arith_pop_jump_back_kind(second, u16::from(selector));
        let c = u16::from(slot) | u16::from(back) << 8;
        self.op(kind, index, 5, (u8::try_from(a).ok()?, b, c))
    }

    /// `push operand; binop; then` (the receiver already stacked).
    fn binop_from_stack(&self, index: usize) -> Option<Op> {
        let (second, b) = operand(self.reached(index)?)?;
        let selector = binary_selector(self.reached(index + 1)?)?;
        let (then, c, covered) = self.then_at(index, 2, selector <= LAST_ARITHMETIC)?;
        let kind = binop_kind(STACK, second, u16::from(selector), then);
        self.op(kind, index, 2 + covered, (0, b, c))
    }

    /// `push slot; push (slot | constant); at:; then` (push, return or jump).
    fn at_then(&self, index: usize) -> Option<Op> {
        let a = frame_slot(self.reached(index)?)?;
        let (source, b) = operand(self.reached(index + 1)?).filter(|(s, _)| *s != LITERAL)?;
        if self.reached(index + 2)? != Instruction::SendSpecial(index::AT as u8) {
            return None;
        }
        let (then, c, covered) = self.then_at(index, 3, false)?;
        self.op(
            at_kind(source, then),
            index,
            3 + covered,
            (u8::try_from(a).ok()?, b, c),
        )
    }

    /// `push slot; push (slot | constant); push value; at:put:; pop`.
    fn at_put_pop(&self, index: usize) -> Option<Op> {
        let a = frame_slot(self.reached(index)?)?;
        let (source, b) = operand(self.reached(index + 1)?).filter(|(s, _)| *s != LITERAL)?;
        let (value_source, c) = match self.reached(index + 2)? {
            Instruction::PushNil => (NIL, 0),
            Instruction::PushTrue => (TRUE, 0),
            Instruction::PushFalse => (FALSE, 0),
            other => operand(other).filter(|(s, _)| *s != LITERAL)?,
        };
        let is_at_put = self.reached(index + 3)? == Instruction::SendSpecial(index::AT_PUT as u8);
        if !is_at_put || self.reached(index + 4)? != Instruction::Pop {
            return None;
        }
        let kind = at_put_pop_kind(source, value_source);
        self.op(kind, index, 5, (u8::try_from(a).ok()?, b, c))
    }

    /// `push operand; returnTop`, or `push operand; jump` to a returnTop.
    fn push_and_return(&self, index: usize) -> Option<Op> {
        let (source, b) = operand(self.reached(index)?)?;
        let returns = match self.reached(index + 1)? {
            Instruction::ReturnTop => true,
            Instruction::Jump(offset) => {
                let target = self.ip_after(index, 2)? as i64 + i64::from(offset);
                self.instruction_at_ip(target) == Some(Instruction::ReturnTop)
            }
            _ => false,
        };
        returns.then_some(())?;
        self.op(return_kind(source), index, 2, (0, b, 0))
    }

    /// A jump of two bytes or more, to its absolute target.
    fn long_jump(&self, index: usize) -> Option<Op> {
        let Instruction::Jump(offset) = self.reached(index)? else {
            return None;
        };
        if self.instructions[index].length < 2 {
            return None;
        }
        let target = self.target(index, 0, offset)?;
        let kind = if offset < 0 {
            JUMP_BACKWARD
        } else {
            JUMP_FORWARD
        };
        self.op(kind, index, 1, (0, 0, target))
    }

    /// What follows the `count` value-producing instructions from `first`: a
    /// store or pop into a temp (arithmetic only), a return, a forward
    /// conditional jump (comparisons and `at:`), or nothing (push).
    fn then_at(&self, first: usize, count: usize, is_arithmetic: bool) -> Option<Then> {
        let index = first + count;
        let Some(next) = self.reached(index) else {
            return Some((THEN_PUSH, 0, 0));
        };
        let temp_slot = |temp: u32| u16::try_from(frame::FIRST_TEMP + temp as usize).ok();
        let then = match next {
            Instruction::ReturnTop => Some((THEN_RETURN, 0, 1)),
            Instruction::PopIntoTemp(temp) if is_arithmetic => {
                temp_slot(temp).map(|slot| (THEN_POP_INTO, slot, 1))
            }
            Instruction::StoreTemp(temp) if is_arithmetic => {
                temp_slot(temp).map(|slot| (THEN_STORE, slot, 1))
            }
            Instruction::JumpIfTrue(offset) if !is_arithmetic && offset >= 0 => self
                .target(first, count, offset)
                .map(|target| (THEN_JUMP_IF_TRUE, target, 1)),
            Instruction::JumpIfFalse(offset) if !is_arithmetic && offset >= 0 => self
                .target(first, count, offset)
                .map(|target| (THEN_JUMP_IF_FALSE, target, 1)),
            _ => None,
        };
        Some(then.unwrap_or((THEN_PUSH, 0, 0)))
    }

    /// The target of the jump by `offset` at instruction `first + jump`, as an
    /// offset from the start of instruction `first` (where the op is), if it
    /// fits an i16 (stored in the op's u16).
    fn target(&self, first: usize, jump: usize, offset: i32) -> Option<u16> {
        let start = self.instructions.get(first)?.offset + self.initial_ip;
        let target = self.ip_after(first, jump + 1)? as i64 + i64::from(offset);
        i16::try_from(target - start as i64)
            .ok()
            .map(|relative| relative as u16)
    }

    /// The reached instruction starting at absolute ip `ip`, if any.
    fn instruction_at_ip(&self, ip: i64) -> Option<Instruction> {
        let offset = usize::try_from(ip - self.initial_ip as i64).ok()?;
        let index = self
            .instructions
            .binary_search_by_key(&offset, |decoded| decoded.offset)
            .ok()?;
        self.reached(index)
    }
}

/// The frame slot offset (from fp) an instruction pushes: the receiver or a temp.
fn frame_slot(instruction: Instruction) -> Option<u16> {
    match instruction {
        Instruction::PushReceiver => Some(frame::RECEIVER as u16),
        Instruction::PushTemp(temp) => u16::try_from(frame::FIRST_TEMP + temp as usize).ok(),
        _ => None,
    }
}

/// The operand an instruction pushes: a frame slot, a SmallInteger constant
/// whose tagged bits fit an i16, or a literal.
fn operand(instruction: Instruction) -> Option<Operand> {
    match instruction {
        Instruction::PushSmallInteger(value) => {
            let tagged = i16::try_from(value.checked_mul(8)?.checked_add(1)?).ok()?;
            Some((INT, tagged as u16))
        }
        Instruction::PushLiteral(index) => Some((LITERAL, u16::try_from(index).ok()?)),
        other => frame_slot(other).map(|slot| (SLOT, slot)),
    }
}

/// The special selector index (0–7) of `+ - < > <= >= = ~=` sends.
fn binary_selector(instruction: Instruction) -> Option<u8> {
    match instruction {
        Instruction::SendSpecial(index) if index <= LAST_COMPARISON => Some(index),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
