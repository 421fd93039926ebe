//! The verifier's abstract interpretation: a worklist over (code body, pc, stack depth)
//! that decodes each reachable instruction once, claims its bytes, checks its operands
//! and stack effect, and queues its successors with the depth after it.
//!
//! A *code body* is the method (or CompiledBlock) itself, or an embedded block body
//! (V3 143 / Sista 250): control stays inside the body it starts in, and every byte
//! belongs to the innermost body that contains it (`body_of`).

use super::{is_error_code_store, EmbeddedBlock, MethodFacts, VerifyError, VerifyErrorKind};
use super::{LARGE_FRAME_SLOTS, SMALL_FRAME_SLOTS};
use crate::header::MethodHeader;
use crate::instruction::{Instruction, StackEffect};
use crate::opcode::BytecodeSet;

/// Length of the callPrimitive instruction that starts a method with a primitive.
const CALL_PRIMITIVE_LENGTH: usize = 3;

/// One code body: the bytes `start..end`, and the temps its frame has.
#[derive(Debug, Clone, Copy)]
struct Body {
    start: usize,
    end: usize,
    /// Temps fixed at activation (method/CompiledBlock: num_temps; embedded
    /// block: args + copied values).
    fixed_temps: u32,
    /// True for embedded blocks, whose own temps are pushed on their stack.
    temps_include_stack: bool,
}

/// A pc to visit: in `body`, reached from the instruction at `from` with `depth`.
#[derive(Debug, Clone, Copy)]
struct Visit {
    body: usize,
    pc: usize,
    depth: u32,
    from: usize,
}

/// State of one verification.
pub(super) struct Analysis<'a> {
    set: BytecodeSet,
    header: &'a MethodHeader,
    bytes: &'a [u8],
    bodies: Vec<Body>,
    /// Innermost body containing each byte.
    body_of: Vec<usize>,
    /// Bytes already part of a decoded instruction.
    is_covered: Vec<bool>,
    /// Depth before each decoded instruction (its first byte).
    depth_at: Vec<Option<u16>>,
    work: Vec<Visit>,
    stack_limit: u32,
    facts: MethodFacts,
}

/// An error at `pc`.
fn error(pc: usize, kind: VerifyErrorKind) -> VerifyError {
    VerifyError { pc, kind }
}

impl<'a> Analysis<'a> {
    /// A verification of `bytes` (in `set`) described by `header`.
    pub(super) fn new(set: BytecodeSet, header: &'a MethodHeader, bytes: &'a [u8]) -> Self {
        let stack_limit = if header.large_frame {
            LARGE_FRAME_SLOTS
        } else {
            SMALL_FRAME_SLOTS
        };
        Analysis {
            set,
            header,
            bytes,
            bodies: vec![Body {
                start: 0,
                end: bytes.len(),
                fixed_temps: u32::from(header.num_temps),
                temps_include_stack: false,
            }],
            body_of: vec![0; bytes.len()],
            is_covered: vec![false; bytes.len()],
            depth_at: vec![None; bytes.len()],
            work: Vec::new(),
            stack_limit,
            facts: MethodFacts::default(),
        }
    }

    /// Runs the analysis to completion.
    pub(super) fn run(mut self) -> Result<MethodFacts, VerifyError> {
        let entry = self.entry_pc()?;
        self.enqueue(0, entry, 0, 0)?;
        while let Some(visit) = self.work.pop() {
            self.visit(visit)?;
        }
        let mut facts = self.facts;
        facts.literal_variable_indices.sort_unstable();
        facts.literal_variable_indices.dedup();
        facts.full_block_literal_indices.sort_unstable();
        facts.full_block_literal_indices.dedup();
        facts.uses_literal_variables = !facts.literal_variable_indices.is_empty();
        facts.stack_depth_at = self.depth_at;
        Ok(facts)
    }

    /// The first pc to run: past the callPrimitive when the header has a primitive.
    fn entry_pc(&mut self) -> Result<usize, VerifyError> {
        if !self.header.has_primitive {
            return Ok(0);
        }
        match self.set.decode(self.bytes, 0) {
            Ok((Instruction::CallPrimitive(_), CALL_PRIMITIVE_LENGTH)) => {
                self.claim(0, 0, CALL_PRIMITIVE_LENGTH, 0)?;
                Ok(CALL_PRIMITIVE_LENGTH)
            }
            Ok(_) => Err(error(0, VerifyErrorKind::MissingCallPrimitive)),
            Err(decode) => Err(error(0, VerifyErrorKind::Decode(decode))),
        }
    }

    /// Queues `pc` of `body`, reached from `from`, after checking it is inside the body
    /// and not inside an instruction; an already decoded pc just has its depth compared.
    fn enqueue(
        &mut self,
        body: usize,
        pc: usize,
        depth: u32,
        from: usize,
    ) -> Result<(), VerifyError> {
        if pc >= self.bodies[body].end {
            return Err(error(from, VerifyErrorKind::RunsOffEnd));
        }
        if let Some(expected) = self.depth_at[pc] {
            return self.check_merge(body, pc, u32::from(expected), depth, from);
        }
        if self.is_covered[pc] || self.body_of[pc] != body {
            return Err(error(
                from,
                VerifyErrorKind::JumpIntoInstruction { target: pc },
            ));
        }
        self.work.push(Visit {
            body,
            pc,
            depth,
            from,
        });
        Ok(())
    }

    /// A second path into the instruction at `pc` must come from its body, with its depth.
    fn check_merge(
        &self,
        body: usize,
        pc: usize,
        expected: u32,
        found: u32,
        from: usize,
    ) -> Result<(), VerifyError> {
        if self.body_of[pc] != body {
            return Err(error(
                from,
                VerifyErrorKind::JumpIntoInstruction { target: pc },
            ));
        }
        if expected != found {
            return Err(error(
                from,
                VerifyErrorKind::InconsistentStackDepth { expected, found },
            ));
        }
        Ok(())
    }

    /// Decodes and checks the instruction at a queued pc, then queues its successors.
    fn visit(&mut self, visit: Visit) -> Result<(), VerifyError> {
        let Visit {
            body, pc, depth, ..
        } = visit;
        if let Some(expected) = self.depth_at[pc] {
            return self.check_merge(body, pc, u32::from(expected), depth, visit.from);
        }
        let end = self.bodies[body].end;
        let (instruction, length) = self
            .set
            .decode(&self.bytes[..end], pc)
            .map_err(|decode| error(pc, VerifyErrorKind::Decode(decode)))?;
        self.claim(body, pc, length, depth)?;
        self.check_operands(body, pc, &instruction, depth)?;
        let Some(effect) = instruction.stack_effect() else {
            return Ok(());
        };
        let depth_after = self.apply_effect(pc, &instruction, effect, depth)?;
        self.queue_successors(body, pc, pc + length, &instruction, depth_after)
    }

    /// Marks `pc..pc + length` as one instruction of `body` entered with `depth`.
    fn claim(
        &mut self,
        body: usize,
        pc: usize,
        length: usize,
        depth: u32,
    ) -> Result<(), VerifyError> {
        for offset in pc..pc + length {
            if self.is_covered[offset] || self.body_of[offset] != body {
                return Err(error(
                    pc,
                    VerifyErrorKind::JumpIntoInstruction { target: offset },
                ));
            }
        }
        self.is_covered[pc..pc + length].fill(true);
        // Depths are at most the stack limit (56), so they fit a u16.
        self.depth_at[pc] = Some(depth as u16);
        Ok(())
    }

    /// Literal, temp and receiver-variable operands of `instruction`.
    fn check_operands(
        &mut self,
        body: usize,
        pc: usize,
        instruction: &Instruction,
        depth: u32,
    ) -> Result<(), VerifyError> {
        use Instruction::*;
        match *instruction {
            PushReceiverVariable(index)
            | StoreReceiverVariable(index)
            | PopIntoReceiverVariable(index) => {
                let highest = self.facts.max_receiver_variable_index.unwrap_or(0);
                self.facts.max_receiver_variable_index = Some(highest.max(index));
                Ok(())
            }
            PushLiteralVariable(index)
            | StoreLiteralVariable(index)
            | PopIntoLiteralVariable(index) => {
                self.check_literal(pc, index)?;
                self.facts.literal_variable_indices.push(index);
                Ok(())
            }
            PushLiteral(index)
            | Send {
                selector_literal: index,
                ..
            } => self.check_literal(pc, index),
            SuperSend {
                selector_literal, ..
            }
            | DirectedSuperSend {
                selector_literal, ..
            } => self.check_super_send(pc, selector_literal),
            PushFullClosure { literal_index, .. } => {
                self.check_literal(pc, literal_index)?;
                self.facts.full_block_literal_indices.push(literal_index);
                Ok(())
            }
            PushTemp(index) | StoreTemp(index) | PopIntoTemp(index) => {
                self.check_temp(body, pc, index, depth)
            }
            PushRemoteTemp {
                vector_temp_index, ..
            }
            | StoreRemoteTemp {
                vector_temp_index, ..
            }
            | PopIntoRemoteTemp {
                vector_temp_index, ..
            } => self.check_temp(body, pc, vector_temp_index, depth),
            CallPrimitive(_) => Err(error(pc, VerifyErrorKind::MisplacedCallPrimitive)),
            _ => Ok(()),
        }
    }

    fn check_literal(&self, pc: usize, index: u32) -> Result<(), VerifyError> {
        let num_literals = u32::from(self.header.num_literals);
        if index >= num_literals {
            return Err(error(
                pc,
                VerifyErrorKind::LiteralIndexOutOfRange {
                    index,
                    num_literals,
                },
            ));
        }
        Ok(())
    }

    fn check_super_send(&mut self, pc: usize, selector_literal: u32) -> Result<(), VerifyError> {
        if self.header.num_literals == 0 {
            return Err(error(pc, VerifyErrorKind::SuperSendWithoutMethodClass));
        }
        self.facts.uses_super_send = true;
        self.check_literal(pc, selector_literal)
    }

    /// Temp `index` must exist in the frame of `body` when `depth` values are stacked.
    fn check_temp(
        &self,
        body: usize,
        pc: usize,
        index: u32,
        depth: u32,
    ) -> Result<(), VerifyError> {
        let body = self.bodies[body];
        let num_temps = if body.temps_include_stack {
            body.fixed_temps + depth
        } else {
            body.fixed_temps
        };
        if index >= num_temps {
            return Err(error(
                pc,
                VerifyErrorKind::TempIndexOutOfRange { index, num_temps },
            ));
        }
        Ok(())
    }

    /// The depth after `instruction`, checking underflow and the frame's room.
    fn apply_effect(
        &mut self,
        pc: usize,
        instruction: &Instruction,
        effect: StackEffect,
        depth: u32,
    ) -> Result<u32, VerifyError> {
        let needed = self.values_read(pc, instruction, effect);
        if depth < needed {
            return Err(error(pc, VerifyErrorKind::StackUnderflow { depth, needed }));
        }
        let depth_after = depth - effect.pops + effect.pushes;
        if depth_after > self.stack_limit {
            return Err(error(
                pc,
                VerifyErrorKind::StackTooDeep {
                    depth: depth_after,
                    limit: self.stack_limit,
                },
            ));
        }
        self.facts.max_stack_depth = self.facts.max_stack_depth.max(depth_after);
        Ok(depth_after)
    }

    /// Values `instruction` needs on the stack: its pops, or the top for a store.
    fn values_read(&self, pc: usize, instruction: &Instruction, effect: StackEffect) -> u32 {
        use Instruction::*;
        let reads_top = matches!(
            instruction,
            StoreTemp(_)
                | StoreReceiverVariable(_)
                | StoreLiteralVariable(_)
                | StoreRemoteTemp { .. }
        );
        let is_error_store = self.header.has_primitive
            && pc == CALL_PRIMITIVE_LENGTH
            && is_error_code_store(instruction);
        if reads_top && !is_error_store {
            effect.pops.max(1)
        } else {
            effect.pops
        }
    }

    /// Queues what runs after `instruction` (at `pc`, next instruction at `next`).
    fn queue_successors(
        &mut self,
        body: usize,
        pc: usize,
        next: usize,
        instruction: &Instruction,
        depth: u32,
    ) -> Result<(), VerifyError> {
        if let Instruction::PushClosure {
            num_copied,
            num_args,
            block_size,
        } = *instruction
        {
            let block = EmbeddedBlock {
                start: next,
                num_args,
                num_copied,
            };
            let after_body = self.add_block_body(body, pc, block, block_size)?;
            return self.enqueue(body, after_body, depth, pc);
        }
        if let Some(offset) = instruction.jump_offset() {
            let target = self.jump_target(body, pc, next, offset)?;
            self.enqueue(body, target, depth, pc)?;
        }
        if instruction.ends_flow() {
            return Ok(());
        }
        self.enqueue(body, next, depth, pc)
    }

    /// `next + offset`, which must lie inside `body`.
    fn jump_target(
        &self,
        body: usize,
        pc: usize,
        next: usize,
        offset: i32,
    ) -> Result<usize, VerifyError> {
        let target = next as i64 + i64::from(offset);
        let body = self.bodies[body];
        if target < body.start as i64 || target >= body.end as i64 {
            return Err(error(pc, VerifyErrorKind::JumpOutOfRange { target }));
        }
        Ok(target as usize)
    }

    /// Claims the embedded body of `block` (`block_size` bytes) inside `parent` and queues
    /// its entry; answers the pc after the body.
    fn add_block_body(
        &mut self,
        parent: usize,
        pc: usize,
        block: EmbeddedBlock,
        block_size: u32,
    ) -> Result<usize, VerifyError> {
        let start = block.start;
        let bad_body = || error(pc, VerifyErrorKind::BadBlockBody { block_size });
        let end = start
            .checked_add(block_size as usize)
            .filter(|end| *end <= self.bodies[parent].end)
            .ok_or_else(bad_body)?;
        let is_free =
            (start..end).all(|offset| self.body_of[offset] == parent && !self.is_covered[offset]);
        if !is_free {
            return Err(bad_body());
        }
        let id = self.bodies.len();
        self.bodies.push(Body {
            start,
            end,
            fixed_temps: block.num_args + block.num_copied,
            temps_include_stack: true,
        });
        self.body_of[start..end].fill(id);
        self.facts.embedded_blocks.push(block);
        self.enqueue(id, start, 0, pc)?;
        Ok(end)
    }
}
