//! Intermediate representation, shaped like Pharo's IR (`IRBuilder`, `IRSequence`):
//! instructions grouped in basic blocks ("sequences") numbered in creation order, which
//! is also their layout order. Every jump or return ends its sequence.
//!
//! Peephole rules kept from Pharo: `pop_top` removes a directly preceding side-effect-free
//! push (`isRemovableByPop`) instead of emitting a pop; a sequence that falls into a new
//! one gets an explicit jump (dropped again at layout when it is a fall-through).

use crate::compiled_code::Literal;

/// Index of a sequence (creation order = layout order).
pub type SequenceId = usize;

/// One IR instruction. Temps are named; the assembler maps names to slots.
#[derive(Debug, Clone, PartialEq)]
pub enum Instruction {
    /// Push self.
    PushReceiver,
    /// Push thisContext.
    PushThisContext,
    /// Duplicate the top.
    PushDup,
    /// Push a literal constant (true/false/nil/0/1 get dedicated bytecodes).
    PushLiteral(Literal),
    /// Push the value of the literal variable with this name.
    PushLiteralVariable(String),
    /// Push an instance variable (0-based).
    PushInstVar(usize),
    /// Push a temp.
    PushTemp(String),
    /// Push slot `index` of the temp vector held in temp `vector`.
    PushRemoteTemp {
        /// Index in the vector.
        index: usize,
        /// Temp holding the vector.
        vector: String,
    },
    /// Pop `n` values into a new Array.
    PushConsArray(usize),
    /// Push a full block closure, first pushing the copied temps.
    PushFullClosure {
        /// The CompiledBlock.
        block: Box<crate::compiled_code::CompiledCode>,
        /// Names of the copied temps, in push order.
        copied: Vec<String>,
    },
    /// Store the top into a temp (no pop).
    StoreTemp(String),
    /// Store into an instance variable.
    StoreInstVar(usize),
    /// Store into a literal variable.
    StoreLiteralVariable(String),
    /// Store into a temp-vector slot.
    StoreRemoteTemp {
        /// Index in the vector.
        index: usize,
        /// Temp holding the vector.
        vector: String,
    },
    /// Pop into a temp.
    PopIntoTemp(String),
    /// Pop into an instance variable.
    PopIntoInstVar(usize),
    /// Pop into a literal variable.
    PopIntoLiteralVariable(String),
    /// Pop into a temp-vector slot.
    PopIntoRemoteTemp {
        /// Index in the vector.
        index: usize,
        /// Temp holding the vector.
        vector: String,
    },
    /// Pop the top.
    Pop,
    /// Send.
    Send {
        /// Selector.
        selector: String,
        /// Argument count.
        num_args: usize,
    },
    /// Super send (directed when compiled inside a block).
    SuperSend {
        /// Selector.
        selector: String,
        /// Argument count.
        num_args: usize,
    },
    /// Return the top from the method.
    ReturnTop,
    /// Return the top from the block to its caller.
    BlockReturnTop {
        /// The sequence started after it (kept reachable, as in Pharo).
        successor: SequenceId,
    },
    /// Return self (made from push self + return).
    ReturnReceiver,
    /// Return a literal (made from push literal + return).
    ReturnLiteral(Literal),
    /// Return an instance variable (made from push + return).
    ReturnInstVar(usize),
    /// Create a temp vector of `size` nils into temp `name`.
    CreateTempVector {
        /// Temp that holds the vector.
        name: String,
        /// Number of slots.
        size: usize,
    },
    /// Unconditional jump; `successor` is set for backward jumps (loop exits).
    Jump {
        /// Destination.
        target: SequenceId,
        /// Sequence created right after a backward jump.
        successor: Option<SequenceId>,
    },
    /// Pop and jump to `target` if the value is `when`, else continue at `otherwise`.
    JumpIf {
        /// Value that takes the jump.
        when: bool,
        /// Destination.
        target: SequenceId,
        /// The sequence right after.
        otherwise: SequenceId,
    },
}

impl Instruction {
    fn is_jump(&self) -> bool {
        matches!(self, Instruction::Jump { .. } | Instruction::JumpIf { .. })
    }

    /// Pharo's `isReturn` (block returns included).
    pub fn is_return(&self) -> bool {
        matches!(
            self,
            Instruction::ReturnTop
                | Instruction::BlockReturnTop { .. }
                | Instruction::ReturnReceiver
                | Instruction::ReturnLiteral(_)
                | Instruction::ReturnInstVar(_)
        )
    }

    /// Sequences control can continue to after this (last) instruction.
    pub fn successors(&self) -> Vec<SequenceId> {
        match self {
            Instruction::Jump { target, successor } => {
                std::iter::once(*target).chain(*successor).collect()
            }
            Instruction::JumpIf {
                target, otherwise, ..
            } => vec![*target, *otherwise],
            Instruction::BlockReturnTop { successor } => vec![*successor],
            _ => Vec::new(),
        }
    }

    /// Pharo's `isRemovableByPop`: a push whose value may be dropped unseen.
    fn is_removable_by_pop(&self) -> bool {
        match self {
            Instruction::PushDup
            | Instruction::PushInstVar(_)
            | Instruction::PushReceiver
            | Instruction::PushRemoteTemp { .. }
            | Instruction::PushTemp(_)
            | Instruction::PushThisContext => true,
            Instruction::PushLiteral(literal) => matches!(
                literal,
                Literal::Nil
                    | Literal::True
                    | Literal::False
                    | Literal::Integer(_)
                    | Literal::Float(_)
                    | Literal::ScaledDecimal { .. }
            ),
            _ => false,
        }
    }
}

/// A pending forward jump, patched by [`IrBuilder::jump_ahead_target`].
#[derive(Debug, Clone, Copy)]
pub struct PendingJump {
    sequence: SequenceId,
}

/// Builds the sequences of one method or block.
#[derive(Debug, Default)]
pub struct IrBuilder {
    /// The sequences; index = creation order.
    pub sequences: Vec<Vec<Instruction>>,
    current: SequenceId,
    /// Temp names in slot order (Pharo's `tempMap`); re-adding a name reuses its slot.
    pub temps: Vec<String>,
    /// Literals added for inlined selectors ("senders of" support), in first-use order.
    pub additional_literals: Vec<Literal>,
    /// Source positions of marked instructions (sends): the sequence, the index of
    /// the instruction in it, and the byte offset in the source.
    pub marks: Vec<SourceMark>,
}

/// The source position of one IR instruction (see [`IrBuilder::mark_next`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceMark {
    /// Sequence holding the instruction.
    pub sequence: SequenceId,
    /// Index of the instruction in its sequence.
    pub index: usize,
    /// Byte offset in the source of the construct the instruction comes from.
    pub source_offset: usize,
}

impl IrBuilder {
    /// A builder with one empty sequence.
    pub fn new() -> Self {
        IrBuilder {
            sequences: vec![Vec::new()],
            ..IrBuilder::default()
        }
    }

    /// Appends an instruction to the current sequence.
    pub fn add(&mut self, instruction: Instruction) {
        self.sequences[self.current].push(instruction);
    }

    /// Records that the next instruction added comes from `source_offset`.
    pub fn mark_next(&mut self, source_offset: usize) {
        let sequence = self.current;
        self.marks.push(SourceMark {
            sequence,
            index: self.sequences[sequence].len(),
            source_offset,
        });
    }

    /// Declares a temp (no-op if the name exists).
    pub fn add_temp(&mut self, name: &str) {
        if !self.temps.iter().any(|t| t == name) {
            self.temps.push(name.to_string());
        }
    }

    /// Declares several temps.
    pub fn add_temps(&mut self, names: &[String]) {
        names.iter().for_each(|name| self.add_temp(name));
    }

    /// Adds an additional literal (deduplicated by equality).
    pub fn add_literal(&mut self, literal: Literal) {
        if !self.additional_literals.contains(&literal) {
            self.additional_literals.push(literal);
        }
    }

    /// Declares the vector temp and creates the vector.
    pub fn create_temp_vector(&mut self, name: &str, size: usize) {
        self.add_temp(name);
        self.add(Instruction::CreateTempVector {
            name: name.to_string(),
            size,
        });
    }

    /// Pops the top, or drops a directly preceding removable push.
    pub fn pop_top(&mut self) {
        let sequence = &mut self.sequences[self.current];
        if sequence
            .last()
            .is_some_and(Instruction::is_removable_by_pop)
        {
            sequence.pop();
        } else {
            sequence.push(Instruction::Pop);
        }
    }

    /// Ends the current sequence (if not empty) and starts a new one.
    pub fn start_new_sequence(&mut self) {
        let Some(last) = self.sequences[self.current].last() else {
            return;
        };
        let next = self.sequences.len();
        if !(last.is_jump() || last.is_return()) {
            self.add(Instruction::Jump {
                target: next,
                successor: None,
            });
        }
        self.sequences.push(Vec::new());
        self.current = next;
    }

    /// Method return of the top.
    pub fn return_top(&mut self) {
        self.add(Instruction::ReturnTop);
        self.start_new_sequence();
    }

    /// Block return of the top.
    pub fn block_return_top(&mut self) {
        let successor = self.sequences.len();
        self.add(Instruction::BlockReturnTop { successor });
        self.start_new_sequence();
    }

    /// Adds a block return unless the body already ended in an unreachable empty
    /// sequence (Pharo's `addBlockReturnTopIfRequired`).
    pub fn add_block_return_top_if_required(&mut self) {
        let current = self.current;
        if self.sequences[current].is_empty() && !self.has_live_predecessor(current) {
            return;
        }
        self.block_return_top();
    }

    fn has_live_predecessor(&self, target: SequenceId) -> bool {
        let predecessors: Vec<&Vec<Instruction>> = self
            .sequences
            .iter()
            .filter(|s| {
                s.last()
                    .is_some_and(|last| last.successors().contains(&target))
            })
            .collect();
        if predecessors.is_empty() {
            return false;
        }
        !predecessors.iter().any(|sequence| {
            let last = &sequence[sequence.len() - 1];
            let before_last_returns =
                sequence.len() > 1 && sequence[sequence.len() - 2].is_return();
            !matches!(last, Instruction::BlockReturnTop { .. })
                && (last.is_return() || before_last_returns)
        })
    }

    /// Unconditional forward jump to a target set later.
    pub fn jump_ahead(&mut self) -> PendingJump {
        let sequence = self.current;
        self.add(Instruction::Jump {
            target: usize::MAX,
            successor: None,
        });
        self.start_new_sequence();
        PendingJump { sequence }
    }

    /// Conditional forward jump (taken when the popped value is `when`).
    pub fn jump_ahead_if(&mut self, when: bool) -> PendingJump {
        let sequence = self.current;
        let otherwise = self.sequences.len();
        self.add(Instruction::JumpIf {
            when,
            target: usize::MAX,
            otherwise,
        });
        self.start_new_sequence();
        PendingJump { sequence }
    }

    /// Starts the target sequence of `jump` here.
    pub fn jump_ahead_target(&mut self, jump: PendingJump) {
        self.start_new_sequence();
        let here = self.current;
        if let Some(Instruction::Jump { target, .. } | Instruction::JumpIf { target, .. }) =
            self.sequences[jump.sequence].last_mut()
        {
            *target = here;
        }
    }

    /// Starts a sequence that a later `jump_back_to` returns to.
    pub fn jump_back_target(&mut self) -> SequenceId {
        self.start_new_sequence();
        self.current
    }

    /// Jumps back to `target`.
    pub fn jump_back_to(&mut self, target: SequenceId) {
        let successor = self.sequences.len();
        self.add(Instruction::Jump {
            target,
            successor: Some(successor),
        });
        self.start_new_sequence();
    }
}
