//! Encoding of one IR instruction into Sista V1 bytes, filling the literal frame in
//! first-use order and simulating the stack depth as Pharo's `IRBytecodeGenerator`
//! counts it (for the large-frame bit).
//!
//! Pharo's choices kept here: only `true false nil 0 1` are pushed without a literal;
//! every other constant (characters and small integers included) goes to the frame;
//! `class` is an ordinary send; a super send inside a block pushes a copy of the class
//! binding and uses the directed super send.

use stvm_bytecode::SistaEncoder as Encoder;

use super::ir::Instruction;
use super::literals::{special_selector_index, LiteralFrame};
use crate::ast::selector_arity;
use crate::compiled_code::Literal;

/// Largest temp-vector / remote index the encoding allows.
const MAX_VECTOR_SIZE: usize = 127;

/// Encoder state shared by all sequences of one method or block.
pub struct Emitter<'a> {
    temps: &'a [String],
    frame: LiteralFrame,
    is_block: bool,
    depth: usize,
    max_depth: usize,
    /// Stack depth at the start of each sequence position reached by a jump.
    entry_depths: Vec<Option<usize>>,
}

impl<'a> Emitter<'a> {
    /// A fresh emitter over the temp map `temps` with a pre-seeded literal frame.
    pub fn new(temps: &'a [String], frame: LiteralFrame, is_block: bool) -> Self {
        Emitter {
            temps,
            frame,
            is_block,
            depth: 0,
            max_depth: 0,
            entry_depths: Vec::new(),
        }
    }

    /// The literal frame and the deepest stack seen.
    pub fn finish(self) -> (LiteralFrame, usize) {
        (self.frame, self.max_depth)
    }

    /// Starts sequence `position`: its depth is the one recorded by jumps to it, if any.
    pub fn label(&mut self, position: usize) {
        if let Some(Some(depth)) = self.entry_depths.get(position) {
            self.depth = *depth;
        }
    }

    /// Records the current depth as the entry depth of sequence `position`.
    pub fn link(&mut self, position: usize) {
        if self.entry_depths.len() <= position {
            self.entry_depths.resize(position + 1, None);
        }
        self.entry_depths[position].get_or_insert(self.depth);
    }

    /// A conditional jump pops its condition.
    pub fn pop_for_jump(&mut self) {
        self.pop(1);
    }

    fn push(&mut self) {
        self.depth += 1;
        self.max_depth = self.max_depth.max(self.depth);
    }

    fn pop(&mut self, count: usize) {
        self.depth = self.depth.saturating_sub(count);
    }

    fn temp_index(&self, name: &str) -> Result<u32, String> {
        let index = self.temps.iter().position(|t| t == name);
        index
            .map(|i| i as u32)
            .ok_or_else(|| format!("Internal error: unknown temp {name}"))
    }

    fn remote(&self, index: usize, vector: &str) -> Result<(u32, u32), String> {
        if index > MAX_VECTOR_SIZE {
            return Err("Too many captured temporaries in one scope".to_string());
        }
        Ok((index as u32, self.temp_index(vector)?))
    }

    fn literal_index(&mut self, literal: Literal) -> u32 {
        self.frame.index_of(literal) as u32
    }

    fn push_literal(&mut self, code: &mut Encoder, literal: Literal) {
        self.push();
        match &literal {
            Literal::True => code.push_true(),
            Literal::False => code.push_false(),
            Literal::Nil => code.push_nil(),
            Literal::Integer(n) if *n == 0.into() || *n == 1.into() => {
                code.push_small_integer(if *n == 0.into() { 0 } else { 1 });
            }
            _ => {
                let index = self.literal_index(literal);
                code.push_literal(index);
            }
        }
    }

    /// Encodes a non-jump instruction.
    pub fn emit(&mut self, code: &mut Encoder, instruction: Instruction) -> Result<(), String> {
        match instruction {
            Instruction::PushReceiver => {
                self.push();
                code.push_receiver();
            }
            Instruction::PushThisContext => {
                self.push();
                code.push_this_context();
            }
            Instruction::PushDup => {
                self.push();
                code.dup();
            }
            Instruction::PushLiteral(literal) => self.push_literal(code, literal),
            Instruction::PushLiteralVariable(name) => {
                self.push();
                let index = self.frame.variable_index(&name) as u32;
                code.push_literal_variable(index);
            }
            Instruction::PushInstVar(index) => {
                self.push();
                code.push_receiver_variable(index as u32);
            }
            Instruction::PushTemp(name) => {
                self.push();
                code.push_temp(self.temp_index(&name)?);
            }
            Instruction::PushRemoteTemp { index, vector } => {
                self.push();
                let (index, vector) = self.remote(index, &vector)?;
                code.push_remote_temp(index, vector);
            }
            Instruction::PushConsArray(size) => {
                self.push();
                self.pop(size);
                code.push_new_array(size as u32, true);
            }
            Instruction::PushFullClosure { block, copied } => {
                self.full_closure(code, *block, &copied)?
            }
            other => self.emit_store_send_or_return(code, other)?,
        }
        Ok(())
    }

    fn full_closure(
        &mut self,
        code: &mut Encoder,
        block: crate::compiled_code::CompiledCode,
        copied: &[String],
    ) -> Result<(), String> {
        for name in copied {
            self.push();
            code.push_temp(self.temp_index(name)?);
        }
        self.pop(copied.len());
        self.push();
        let index = self.literal_index(Literal::Block(Box::new(block)));
        code.push_full_closure(index, copied.len() as u32, false, false);
        Ok(())
    }

    fn emit_store_send_or_return(
        &mut self,
        code: &mut Encoder,
        instruction: Instruction,
    ) -> Result<(), String> {
        match instruction {
            Instruction::StoreTemp(name) => code.store_temp(self.temp_index(&name)?),
            Instruction::StoreInstVar(index) => code.store_receiver_variable(index as u32),
            Instruction::StoreLiteralVariable(name) => {
                let index = self.frame.variable_index(&name) as u32;
                code.store_literal_variable(index);
            }
            Instruction::StoreRemoteTemp { index, vector } => {
                let (index, vector) = self.remote(index, &vector)?;
                code.store_remote_temp(index, vector);
            }
            Instruction::PopIntoTemp(name) => {
                self.pop(1);
                code.pop_into_temp(self.temp_index(&name)?);
            }
            Instruction::PopIntoInstVar(index) => {
                self.pop(1);
                code.pop_into_receiver_variable(index as u32);
            }
            Instruction::PopIntoLiteralVariable(name) => {
                let index = self.frame.variable_index(&name) as u32;
                self.pop(1);
                code.pop_into_literal_variable(index);
            }
            Instruction::PopIntoRemoteTemp { index, vector } => {
                self.pop(1);
                let (index, vector) = self.remote(index, &vector)?;
                code.pop_into_remote_temp(index, vector);
            }
            Instruction::Pop => {
                self.pop(1);
                code.pop();
            }
            Instruction::Send { selector, num_args } => self.send(code, selector, num_args),
            Instruction::SuperSend { selector, num_args } => {
                self.super_send(code, selector, num_args)
            }
            other => self.emit_return_or_vector(code, other)?,
        }
        Ok(())
    }

    fn send(&mut self, code: &mut Encoder, selector: String, num_args: usize) {
        self.pop(num_args);
        match special_selector_index(&selector) {
            Some(index) if selector_arity(&selector) == num_args => code.send_special(index),
            _ => {
                let index = self.literal_index(Literal::Symbol(selector));
                code.send(index, num_args as u32);
            }
        }
    }

    fn super_send(&mut self, code: &mut Encoder, selector: String, num_args: usize) {
        self.pop(num_args);
        let index = self.literal_index(Literal::Symbol(selector));
        if self.is_block {
            let binding = self.literal_index(Literal::ClassBindingCopy);
            code.push_literal_variable(binding);
            code.directed_super_send(index, num_args as u32);
        } else {
            code.super_send(index, num_args as u32);
        }
    }

    fn emit_return_or_vector(
        &mut self,
        code: &mut Encoder,
        instruction: Instruction,
    ) -> Result<(), String> {
        match instruction {
            Instruction::ReturnTop => {
                self.pop(1);
                code.return_top();
            }
            Instruction::BlockReturnTop { .. } => code.block_return_top(),
            Instruction::ReturnReceiver => code.return_receiver(),
            Instruction::ReturnLiteral(Literal::True) => code.return_true(),
            Instruction::ReturnLiteral(Literal::False) => code.return_false(),
            Instruction::ReturnLiteral(Literal::Nil) => code.return_nil(),
            Instruction::ReturnLiteral(literal) => {
                self.push_literal(code, literal);
                self.pop(1);
                code.return_top();
            }
            Instruction::ReturnInstVar(index) => {
                self.push();
                self.pop(1);
                code.push_receiver_variable(index as u32);
                code.return_top();
            }
            Instruction::CreateTempVector { name, size } => {
                if size > MAX_VECTOR_SIZE {
                    return Err("Too many captured temporaries in one scope".to_string());
                }
                self.push();
                self.pop(1);
                code.push_new_array(size as u32, false);
                code.pop_into_temp(self.temp_index(&name)?);
            }
            other => return Err(format!("Internal error: unexpected {other:?}")),
        }
        Ok(())
    }
}
