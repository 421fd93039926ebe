//! IR to bytecodes, as Pharo's `IRTranslator` + `IRBytecodeGenerator` do it:
//!
//! 1. keep the sequences reachable from the first one, in creation order;
//! 2. `IRFix`: store + pop becomes pop-into, push self/literal/inst var + return becomes
//!    a quick return;
//! 3. encode each sequence body once (literal frame filled in first-use order, stack
//!    depth simulated for the large-frame bit);
//! 4. size the jumps by iterating from the smallest encodings to a fixpoint (forward
//!    jumps of 0 bytes vanish, a conditional jump of distance 0 becomes a pop, backward
//!    jumps are always the 4-byte extB form);
//! 5. detect quick methods (`^self`, `^true`, `^instVar`, ...: primitives 256–519), build
//!    the literal frame tail and the header.

use stvm_bytecode::{MethodHeader, SistaEncoder as Encoder};

use super::emit::Emitter;
use super::ir::{Instruction, IrBuilder, SequenceId, SourceMark};
use super::literals::LiteralFrame;
use crate::compiled_code::{CodeKind, CompiledCode, Literal, Pragma, SourceRange};

/// Largest temp count (arguments included) of a context.
const MAX_TEMPS: usize = 63;
/// Context size limits (Pharo's `SmallFrame`, `LargeFrame`).
const SMALL_FRAME: usize = 16;
const LARGE_FRAME: usize = 56;
/// Sista V1 jump range.
const MAX_JUMP: usize = 32767;

/// What is being assembled.
pub enum Target {
    /// A method.
    Method {
        /// Selector.
        selector: String,
        /// Pragmas (all, in source order).
        pragmas: Vec<Pragma>,
        /// Source text.
        source: String,
        /// Primitive number from a pragma (0 if none).
        primitive: u16,
        /// Named-primitive spec literal (first literal), if any.
        primitive_spec: Option<Literal>,
    },
    /// A CompiledBlock.
    Block {
        /// Byte offsets of the block's text (`[` to `]`) in its method's source.
        source: std::ops::Range<usize>,
    },
}

/// How a sequence ends, for jump sizing.
#[derive(Debug, Clone, Copy)]
enum Terminator {
    None,
    Forward { target: usize, when: Option<bool> },
    Backward { target: usize },
}

/// Turns the IR of `builder` into compiled code.
pub fn assemble(
    mut builder: IrBuilder,
    num_args: usize,
    target: Target,
) -> Result<CompiledCode, String> {
    if builder.temps.len() > MAX_TEMPS {
        return Err("Too many temporaries (more than 63 including arguments)".to_string());
    }
    let order = reachable_in_order(&builder);
    let mut position_of = vec![usize::MAX; builder.sequences.len()];
    for (position, &id) in order.iter().enumerate() {
        position_of[id] = position;
    }
    let mut index_maps = vec![Vec::new(); builder.sequences.len()];
    let sequences: Vec<Vec<Instruction>> = order
        .iter()
        .map(|&id| {
            let (fixed, index_map) = fix(std::mem::take(&mut builder.sequences[id]));
            index_maps[id] = index_map;
            fixed
        })
        .collect();
    let is_block = matches!(target, Target::Block { .. });
    let mut frame = LiteralFrame::default();
    if let Target::Method {
        primitive_spec: Some(spec),
        ..
    } = &target
    {
        frame.index_of(spec.clone());
    }
    let quick_primitive = quick_primitive(&target, num_args, &sequences);
    let mut emitter = Emitter::new(&builder.temps, frame, is_block);
    let mut bodies = Vec::with_capacity(sequences.len());
    let mut terminators = Vec::with_capacity(sequences.len());
    let mut instruction_ranges = Vec::with_capacity(sequences.len());
    for (position, sequence) in sequences.into_iter().enumerate() {
        emitter.label(position);
        let mut body = Encoder::new();
        let mut terminator = Terminator::None;
        let mut ranges = Vec::with_capacity(sequence.len());
        for instruction in sequence {
            let start = body.len();
            match instruction {
                Instruction::Jump { target, .. } => {
                    let to = position_of[target];
                    emitter.link(to);
                    terminator = if to > position {
                        Terminator::Forward {
                            target: to,
                            when: None,
                        }
                    } else {
                        Terminator::Backward { target: to }
                    };
                }
                Instruction::JumpIf {
                    when,
                    target,
                    otherwise,
                } => {
                    let (to, next) = (position_of[target], position_of[otherwise]);
                    if to <= position || next != position + 1 {
                        return Err("Internal error: conditional jump layout".to_string());
                    }
                    emitter.pop_for_jump();
                    emitter.link(to);
                    emitter.link(next);
                    terminator = Terminator::Forward {
                        target: to,
                        when: Some(when),
                    };
                }
                other => emitter.emit(&mut body, other)?,
            }
            ranges.push((start, body.len()));
        }
        bodies.push(body);
        terminators.push(terminator);
        instruction_ranges.push(ranges);
    }
    let jump_sizes = size_jumps(&bodies, &terminators)?;
    let bytecodes = emit_all(&bodies, &terminators, &jump_sizes, quick_primitive, &target)?;
    let source_map = SourceMapInputs {
        marks: &builder.marks,
        position_of: &position_of,
        index_maps: &index_maps,
        instruction_ranges: &instruction_ranges,
        starts: &sequence_starts(&bodies, &jump_sizes),
        prefix: bytecodes.len() - sequence_starts(&bodies, &jump_sizes)[bodies.len()],
    }
    .source_map();
    let (mut frame, max_depth) = emitter.finish();
    for literal in builder.additional_literals {
        frame.index_of(literal);
    }
    let mut code = finish(
        target,
        frame,
        bytecodes,
        builder.temps.len(),
        num_args,
        max_depth,
        quick_primitive,
    )?;
    code.source_map = source_map;
    Ok(code)
}

/// What is needed to place the IR's source marks at final bytecode offsets.
struct SourceMapInputs<'a> {
    marks: &'a [SourceMark],
    /// Final position of each IR sequence (`usize::MAX` if unreachable).
    position_of: &'a [usize],
    /// Per IR sequence: instruction index before [`fix`] → index after.
    index_maps: &'a [Vec<usize>],
    /// Per final position: each instruction's byte range in its body.
    instruction_ranges: &'a [Vec<(usize, usize)>],
    /// Byte offset of each body in the bytecodes, without the primitive prefix.
    starts: &'a [usize],
    /// Bytes of the `callPrimitive` prefix.
    prefix: usize,
}

impl SourceMapInputs<'_> {
    fn source_map(&self) -> Vec<SourceRange> {
        let mut map: Vec<SourceRange> = self
            .marks
            .iter()
            .filter_map(|mark| {
                let position = *self.position_of.get(mark.sequence)?;
                let index = *self.index_maps.get(mark.sequence)?.get(mark.index)?;
                let (start, end) = *self.instruction_ranges.get(position)?.get(index)?;
                let base = self.prefix + self.starts.get(position)?;
                Some(SourceRange {
                    start: base + start,
                    end: base + end,
                    source_offset: mark.source_offset,
                })
            })
            .collect();
        map.sort_by_key(|range| range.start);
        map
    }
}

fn reachable_in_order(builder: &IrBuilder) -> Vec<SequenceId> {
    let mut seen = vec![false; builder.sequences.len()];
    let mut stack = vec![0];
    while let Some(id) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        if let Some(last) = builder.sequences[id].last() {
            stack.extend(last.successors());
        }
    }
    (0..seen.len()).filter(|&id| seen[id]).collect()
}

/// Pharo's `IRFix` on one sequence; also answers where each instruction went
/// (a merged pair maps to the one instruction that replaces it).
fn fix(sequence: Vec<Instruction>) -> (Vec<Instruction>, Vec<usize>) {
    let mut fixed: Vec<Instruction> = Vec::with_capacity(sequence.len());
    let mut index_map = Vec::with_capacity(sequence.len());
    for instruction in sequence {
        if let Some(previous) = fixed.last_mut() {
            let replacement = match instruction {
                Instruction::Pop => pop_into(previous),
                Instruction::ReturnTop => quick_return(previous),
                _ => None,
            };
            if let Some(replacement) = replacement {
                *previous = replacement;
                index_map.push(fixed.len() - 1);
                continue;
            }
        }
        index_map.push(fixed.len());
        fixed.push(instruction);
    }
    (fixed, index_map)
}

fn pop_into(store: &Instruction) -> Option<Instruction> {
    Some(match store {
        Instruction::StoreTemp(name) => Instruction::PopIntoTemp(name.clone()),
        Instruction::StoreInstVar(index) => Instruction::PopIntoInstVar(*index),
        Instruction::StoreLiteralVariable(name) => {
            Instruction::PopIntoLiteralVariable(name.clone())
        }
        Instruction::StoreRemoteTemp { index, vector } => Instruction::PopIntoRemoteTemp {
            index: *index,
            vector: vector.clone(),
        },
        _ => return None,
    })
}

fn quick_return(push: &Instruction) -> Option<Instruction> {
    Some(match push {
        Instruction::PushReceiver => Instruction::ReturnReceiver,
        Instruction::PushLiteral(literal) => Instruction::ReturnLiteral(literal.clone()),
        Instruction::PushInstVar(index) => Instruction::ReturnInstVar(*index),
        _ => return None,
    })
}

/// Quick-return primitive of a method that is one quick return (Pharo's `quickMethodPrim`).
fn quick_primitive(target: &Target, num_args: usize, sequences: &[Vec<Instruction>]) -> u16 {
    let Target::Method { primitive: 0, .. } = target else {
        return 0;
    };
    if num_args != 0 || sequences.len() != 1 {
        return 0;
    }
    match sequences[0].first() {
        Some(Instruction::ReturnReceiver) => 256,
        Some(Instruction::ReturnLiteral(literal)) => match literal {
            Literal::True => 257,
            Literal::False => 258,
            Literal::Nil => 259,
            Literal::Integer(n) if *n == (-1).into() => 260,
            Literal::Integer(n) if *n == 0.into() => 261,
            Literal::Integer(n) if *n == 1.into() => 262,
            Literal::Integer(n) if *n == 2.into() => 263,
            _ => 0,
        },
        Some(Instruction::ReturnInstVar(index)) if *index <= 255 => 264 + *index as u16,
        _ => 0,
    }
}

/// Jump encodings by least fixpoint, starting from the smallest sizes.
fn size_jumps(bodies: &[Encoder], terminators: &[Terminator]) -> Result<Vec<usize>, String> {
    let mut sizes: Vec<usize> = terminators
        .iter()
        .map(|t| match t {
            Terminator::None | Terminator::Forward { when: None, .. } => 0,
            Terminator::Forward { when: Some(_), .. } => 1,
            Terminator::Backward { .. } => 4,
        })
        .collect();
    loop {
        let starts = sequence_starts(bodies, &sizes);
        let mut changed = false;
        for (index, terminator) in terminators.iter().enumerate() {
            let size = match *terminator {
                Terminator::Forward { target, when } => {
                    let distance = starts[target] - starts[index + 1];
                    if distance > MAX_JUMP {
                        return Err("Method too large: jump out of range".to_string());
                    }
                    match (distance, when) {
                        (0, None) => 0,
                        (0, Some(_)) => 1,
                        (d, None) => Encoder::jump_size(d as i32),
                        (d, Some(_)) => Encoder::conditional_jump_size(d as u32),
                    }
                }
                Terminator::Backward { .. } => 4,
                Terminator::None => 0,
            };
            if size != sizes[index] {
                sizes[index] = size;
                changed = true;
            }
        }
        if !changed {
            return Ok(sizes);
        }
    }
}

/// Byte offset of the start of every sequence (plus one past the end).
fn sequence_starts(bodies: &[Encoder], jump_sizes: &[usize]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(bodies.len() + 1);
    let mut offset = 0;
    for (body, jump) in bodies.iter().zip(jump_sizes) {
        starts.push(offset);
        offset += body.len() + jump;
    }
    starts.push(offset);
    starts
}

fn emit_all(
    bodies: &[Encoder],
    terminators: &[Terminator],
    jump_sizes: &[usize],
    quick_primitive: u16,
    target: &Target,
) -> Result<Vec<u8>, String> {
    let starts = sequence_starts(bodies, jump_sizes);
    let mut code = Encoder::new();
    let primitive = match target {
        Target::Method { primitive, .. } if *primitive != 0 => *primitive,
        _ => quick_primitive,
    };
    if primitive != 0 {
        code.call_primitive(primitive);
    }
    for (index, (body, terminator)) in bodies.iter().zip(terminators).enumerate() {
        code.append(body);
        match *terminator {
            Terminator::None => {}
            Terminator::Forward { target, when } => {
                let distance = starts[target] - starts[index + 1];
                match (distance, when) {
                    (0, None) => {}
                    (0, Some(_)) => code.pop(),
                    (d, None) => code.jump(d as i32),
                    (d, Some(true)) => code.jump_if_true(d as u32),
                    (d, Some(false)) => code.jump_if_false(d as u32),
                }
            }
            Terminator::Backward { target } => {
                let distance = starts[index] + body.len() - starts[target] + 4;
                if distance > MAX_JUMP + 1 {
                    return Err("Method too large: jump out of range".to_string());
                }
                code.jump(-(distance as i32));
            }
        }
    }
    Ok(code.into_bytes())
}

fn finish(
    target: Target,
    mut frame: LiteralFrame,
    bytecodes: Vec<u8>,
    num_temps: usize,
    num_args: usize,
    max_depth: usize,
    quick_primitive: u16,
) -> Result<CompiledCode, String> {
    if num_temps + max_depth > LARGE_FRAME {
        return Err("Cannot compile: stack including temps is too deep".to_string());
    }
    let (kind, primitive) = match target {
        Target::Method {
            selector,
            pragmas,
            source,
            primitive,
            ..
        } => {
            frame.literals.push(if pragmas.is_empty() {
                Literal::Selector(selector.clone())
            } else {
                Literal::MethodState {
                    selector: selector.clone(),
                    pragmas: pragmas.clone(),
                }
            });
            frame.literals.push(Literal::MethodClass);
            let primitive = if primitive != 0 {
                primitive
            } else {
                quick_primitive
            };
            (
                CodeKind::Method {
                    selector,
                    pragmas,
                    source,
                },
                primitive,
            )
        }
        Target::Block { source } => {
            frame.literals.push(Literal::OuterCode);
            (CodeKind::Block { source }, 0)
        }
    };
    let header = MethodHeader {
        num_literals: u16::try_from(frame.literals.len())
            .map_err(|_| "Too many literals".to_string())?,
        num_temps: num_temps as u8,
        num_args: u8::try_from(num_args).map_err(|_| "Too many arguments".to_string())?,
        has_primitive: primitive != 0,
        large_frame: num_temps + max_depth > SMALL_FRAME || primitive == 84,
        is_sista: true,
    };
    header.try_encode().map_err(|e| e.to_string())?;
    Ok(CompiledCode {
        header,
        literals: frame.literals,
        bytecodes,
        primitive,
        kind,
        source_map: Vec::new(),
    })
}
