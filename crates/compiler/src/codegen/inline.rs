//! Inlined control structures, instruction for instruction as Pharo 12+'s
//! `OCASTTranslator>>emit*` methods lay them out (every construct leaves a value; the
//! caller pops it when unused).
//!
//! ```text
//! ifTrue:        rcvr  jumpFalse L1  [then]  jump L2  L1: push nil  L2:
//! ifFalse:       rcvr  jumpFalse L1  push nil  jump L2  L1: [else]  L2:
//! ifTrue:ifFalse: rcvr jumpFalse L1  [then]  jump L2  L1: [else]  L2:
//! and:           rcvr  jumpFalse L1  [arg]  jump L2  L1: push false  L2:
//! or:            rcvr  jumpFalse L1  push true  jump L2  L1: [arg]  L2:
//! ifNil:         rcvr  dup  push nil  ==  jumpFalse L1  pop  [block]  L1:
//! ifNotNil:      rcvr  [store arg]  dup  push nil  ==  jumpTrue L1  pop  [block]  L1:
//! whileTrue:     L0: [cond]  jumpFalse L1  [body] pop  jumpBack L0  L1: push nil
//! to:do:         [limit temp]  start  store i  L0: i limit <=  jumpFalse L1
//!                [body] pop  i step +  popInto i  jumpBack L0  L1:
//! ```

use super::ir::Instruction;
use super::literals::literal_from_value;
use super::Translator;
use crate::ast::{BlockNode, Expression, SendNode};
use crate::compiled_code::Literal;
use crate::error::CompileError;
use crate::inlining::{literal_step, Inline};

impl Translator<'_, '_> {
    /// Emits the inlined form of `node`.
    pub(super) fn inline(&mut self, kind: Inline, node: &SendNode) -> Result<(), CompileError> {
        let selector = node.message.selector.as_str();
        match kind {
            Inline::If => match selector {
                "ifTrue:" => self.if_true(node),
                "ifFalse:" => self.if_false(node),
                "ifTrue:ifFalse:" => self.if_then_else(node, false),
                _ => self.if_then_else(node, true),
            },
            Inline::IfNil => match selector {
                "ifNil:" => self.if_nil(node),
                "ifNotNil:" => self.if_not_nil(node),
                "ifNil:ifNotNil:" => self.if_nil_both(node, false),
                _ => self.if_nil_both(node, true),
            },
            Inline::AndOr if selector == "and:" => self.and(node),
            Inline::AndOr => self.or(node),
            Inline::While => self.while_loop(node, selector.starts_with("whileFalse")),
            Inline::ToDo => self.emit_to_do(node),
            Inline::TimesRepeat => self.times_repeat(node),
            Inline::Repeat => self.repeat(node),
        }
    }

    fn block_argument<'n>(
        &self,
        node: &'n SendNode,
        index: usize,
    ) -> Result<&'n BlockNode, CompileError> {
        node.message
            .arguments
            .get(index)
            .and_then(Expression::as_block)
            .ok_or_else(|| {
                self.error(
                    node.message.position,
                    "Internal error: inlined argument is not a block",
                )
            })
    }

    fn push(&mut self, literal: Literal) {
        self.builder.add(Instruction::PushLiteral(literal));
    }

    fn send_selector(&mut self, selector: &str, num_args: usize) {
        self.builder.add(Instruction::Send {
            selector: selector.to_string(),
            num_args,
        });
    }

    fn if_true(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let otherwise = self.builder.jump_ahead_if(false);
        self.inlined_block(self.block_argument(node, 0)?)?;
        let end = self.builder.jump_ahead();
        self.builder.jump_ahead_target(otherwise);
        self.push(Literal::Nil);
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    fn if_false(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let when_false = self.builder.jump_ahead_if(false);
        self.push(Literal::Nil);
        let end = self.builder.jump_ahead();
        self.builder.jump_ahead_target(when_false);
        self.inlined_block(self.block_argument(node, 0)?)?;
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    fn if_then_else(&mut self, node: &SendNode, jump_when: bool) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        self.condition(node, jump_when)
    }

    /// Pharo's `emitCondition:boolean:`: first block unless the value is `jump_when`.
    fn condition(&mut self, node: &SendNode, jump_when: bool) -> Result<(), CompileError> {
        let otherwise = self.builder.jump_ahead_if(jump_when);
        self.inlined_block(self.block_argument(node, 0)?)?;
        let end = self.builder.jump_ahead();
        self.builder.jump_ahead_target(otherwise);
        self.inlined_block(self.block_argument(node, 1)?)?;
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    fn and(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let otherwise = self.builder.jump_ahead_if(false);
        self.inlined_block(self.block_argument(node, 0)?)?;
        let end = self.builder.jump_ahead();
        self.builder.jump_ahead_target(otherwise);
        self.push(Literal::False);
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    fn or(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let otherwise = self.builder.jump_ahead_if(false);
        self.push(Literal::True);
        let end = self.builder.jump_ahead();
        self.builder.jump_ahead_target(otherwise);
        self.inlined_block(self.block_argument(node, 0)?)?;
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    fn compare_with_nil(&mut self) {
        self.push(Literal::Nil);
        self.send_selector("==", 1);
    }

    fn store_block_argument(&mut self, block: &BlockNode) {
        if let Some(argument) = block.arguments.first() {
            self.builder
                .add(Instruction::StoreTemp(argument.name.clone()));
        }
    }

    fn if_nil(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        self.builder.add(Instruction::PushDup);
        self.compare_with_nil();
        let otherwise = self.builder.jump_ahead_if(false);
        self.builder.pop_top();
        self.inlined_block(self.block_argument(node, 0)?)?;
        self.builder.jump_ahead_target(otherwise);
        Ok(())
    }

    fn if_not_nil(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let block = self.block_argument(node, 0)?;
        self.store_block_argument(block);
        self.builder.add(Instruction::PushDup);
        self.compare_with_nil();
        let end = self.builder.jump_ahead_if(true);
        self.builder.pop_top();
        self.inlined_block(block)?;
        self.builder.jump_ahead_target(end);
        Ok(())
    }

    /// `ifNil:ifNotNil:` (`not_nil_first` false) and `ifNotNil:ifNil:` (true).
    fn if_nil_both(&mut self, node: &SendNode, not_nil_first: bool) -> Result<(), CompileError> {
        self.value(&node.receiver)?;
        let not_nil_block = self.block_argument(node, if not_nil_first { 0 } else { 1 })?;
        self.store_block_argument(not_nil_block);
        self.compare_with_nil();
        self.condition(node, not_nil_first)
    }

    fn while_loop(&mut self, node: &SendNode, jump_when: bool) -> Result<(), CompileError> {
        let Some(condition) = node.receiver.as_block() else {
            return Err(self.error(
                node.message.position,
                "Internal error: while receiver is not a block",
            ));
        };
        let begin = self.builder.jump_back_target();
        self.inlined_block(condition)?;
        let end = self.builder.jump_ahead_if(jump_when);
        if !node.message.arguments.is_empty() {
            self.effect_inlined_block(self.block_argument(node, 0)?)?;
        }
        self.builder.jump_back_to(begin);
        self.builder.jump_ahead_target(end);
        self.push(Literal::Nil);
        Ok(())
    }

    fn repeat(&mut self, node: &SendNode) -> Result<(), CompileError> {
        let Some(body) = node.receiver.as_block() else {
            return Err(self.error(
                node.message.position,
                "Internal error: repeat receiver is not a block",
            ));
        };
        let begin = self.builder.jump_back_target();
        self.effect_inlined_block(body)?;
        self.builder.jump_back_to(begin);
        self.push(Literal::Nil);
        Ok(())
    }

    /// A limit that can be re-evaluated each iteration: a literal, or a variable that
    /// cannot be assigned (self, super, thisContext, an argument).
    fn is_stable_limit(&self, limit: &Expression) -> bool {
        match limit {
            Expression::Literal(..) => true,
            Expression::Variable(identifier) => {
                matches!(identifier.name.as_str(), "self" | "super" | "thisContext")
                    || self
                        .context
                        .analysis
                        .is_argument(self.scope, &identifier.name)
            }
            _ => false,
        }
    }

    /// Emits the limit once into `temp` unless it is stable; answers how to push it.
    fn prepare_limit(
        &mut self,
        limit: &Expression,
        temp: String,
    ) -> Result<Option<String>, CompileError> {
        if self.is_stable_limit(limit) {
            return Ok(None);
        }
        self.value(limit)?;
        self.builder.add_temp(&temp);
        self.builder.add(Instruction::StoreTemp(temp.clone()));
        self.builder.pop_top();
        Ok(Some(temp))
    }

    fn push_limit(
        &mut self,
        limit: &Expression,
        temp: &Option<String>,
    ) -> Result<(), CompileError> {
        match temp {
            Some(name) => {
                self.builder.add(Instruction::PushTemp(name.clone()));
                Ok(())
            }
            None => self.value(limit),
        }
    }

    fn times_repeat(&mut self, node: &SendNode) -> Result<(), CompileError> {
        self.next_inline_id += 1;
        let id = self.next_inline_id;
        let iterator = format!("0{id}iterator");
        let limit = &node.receiver;
        let limit_temp = self.prepare_limit(limit, format!("0{id}limit"))?;
        self.push_limit(limit, &limit_temp)?;
        self.push(Literal::Integer(1.into()));
        self.builder.add_temp(&iterator);
        self.builder.add(Instruction::StoreTemp(iterator.clone()));
        self.builder.pop_top();
        let start = self.builder.jump_back_target();
        self.builder.add(Instruction::PushTemp(iterator.clone()));
        self.push_limit(limit, &limit_temp)?;
        self.send_selector("<=", 1);
        let done = self.builder.jump_ahead_if(false);
        self.effect_inlined_block(self.block_argument(node, 0)?)?;
        self.increment(&iterator, Literal::Integer(1.into()));
        self.builder.jump_back_to(start);
        self.builder.jump_ahead_target(done);
        Ok(())
    }

    fn increment(&mut self, iterator: &str, step: Literal) {
        self.builder
            .add(Instruction::PushTemp(iterator.to_string()));
        self.push(step);
        self.send_selector("+", 1);
        self.builder
            .add(Instruction::StoreTemp(iterator.to_string()));
        self.builder.pop_top();
    }

    fn emit_to_do(&mut self, node: &SendNode) -> Result<(), CompileError> {
        let arguments = &node.message.arguments;
        let body = self.block_argument(node, arguments.len() - 1)?;
        let (step, ascending) = match arguments.len() {
            3 => match (&arguments[1], literal_step(&arguments[1])) {
                (Expression::Literal(value, _), Some(sign)) => {
                    (literal_from_value(value), sign > 0)
                }
                _ => {
                    return Err(self.error(node.message.position, "Internal error: to:by:do: step"))
                }
            },
            _ => (Literal::Integer(1.into()), true),
        };
        let Some(iterator) = body.arguments.first().map(|a| a.name.clone()) else {
            return Err(self.error(
                body.position,
                "Internal error: to:do: block without argument",
            ));
        };
        let limit = &arguments[0];
        let limit_temp = self.prepare_limit(limit, format!("0limit_{iterator}"))?;
        self.value(&node.receiver)?;
        self.builder.add(Instruction::StoreTemp(iterator.clone()));
        let start = self.builder.jump_back_target();
        self.builder.add(Instruction::PushTemp(iterator.clone()));
        self.push_limit(limit, &limit_temp)?;
        self.send_selector(if ascending { "<=" } else { ">=" }, 1);
        let done = self.builder.jump_ahead_if(false);
        self.effect_inlined_block(body)?;
        self.increment(&iterator, step);
        self.builder.jump_back_to(start);
        self.builder.jump_ahead_target(done);
        Ok(())
    }
}
