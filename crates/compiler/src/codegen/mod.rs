//! Code generation: AST to IR (Pharo's `OCASTTranslator`), then IR to bytecodes
//! ([`assemble`]).
//!
//! Every expression is translated for its value; a statement whose value is unused is
//! followed by `pop_top`, which the IR peephole and the pop-into fix-up shrink, exactly as
//! Pharo 12+ does (it no longer has separate "for effect" translators). Inlined control
//! structures live in [`inline`].

mod assemble;
mod emit;
mod inline;
mod ir;
mod literals;

use crate::ast::{BlockNode, Expression, LiteralValue, Message, Method, SendNode, Statement};
use crate::compiled_code::{CompiledCode, Literal, Pragma};
use crate::error::CompileError;
use crate::inlining::inlining;
use crate::scope::{primitive_error_name, Analysis, Binding, ClassScope, ScopeKind};
use assemble::{assemble, Target};
use ir::{Instruction, IrBuilder};
pub use literals::{literal_from_value, special_selector_index};

/// Dynamic arrays longer than this are built with `Array new:` and `at:put:`.
const MAX_CONS_ARRAY: usize = 32;

/// Whether the method answers its last statement's value (a doIt) or self.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodMode {
    /// An ordinary method: falls off the end answering self.
    Method,
    /// A doIt: answers the value of its last statement.
    DoIt,
}

/// Shared, read-only context of one compilation.
struct Context<'a> {
    analysis: &'a Analysis,
    class: &'a ClassScope,
    source: &'a str,
}

/// Generates the compiled method for an analyzed `method`.
pub fn generate(
    method: &Method,
    analysis: &Analysis,
    class: &ClassScope,
    source: &str,
    mode: MethodMode,
) -> Result<CompiledCode, CompileError> {
    let context = Context {
        analysis,
        class,
        source,
    };
    let mut translator = Translator::new(&context, 0);
    let (primitive, primitive_spec) = primitive_of(method, source)?;
    translator
        .builder
        .add_temps(&analysis.temps_without_vector(0));
    for pragma in &method.pragmas {
        if let Some(name) = primitive_error_name(pragma) {
            translator.emit_store(name, pragma.position)?;
        }
    }
    translator.create_vector_if_needed(0);
    if last_is_return(&method.body) {
        translator.sequence(&method.body)?;
        translator.builder.pop_top();
    } else if mode == MethodMode::DoIt {
        translator.sequence(&method.body)?;
        translator.builder.return_top();
    } else {
        translator.sequence(&method.body)?;
        translator.builder.pop_top();
        translator.builder.add(Instruction::PushReceiver);
        translator.builder.return_top();
    }
    let target = Target::Method {
        selector: method.selector.clone(),
        pragmas: method.pragmas.iter().map(pragma_literal).collect(),
        source: source.to_string(),
        primitive,
        primitive_spec,
    };
    assemble(translator.builder, method.arguments.len(), target)
        .map_err(|m| CompileError::at(source, 0, m))
}

fn pragma_literal(pragma: &crate::ast::Pragma) -> Pragma {
    Pragma {
        keyword: pragma.keyword.clone(),
        arguments: pragma.arguments.iter().map(literal_from_value).collect(),
    }
}

/// The primitive number and named-primitive spec of the first primitive pragma.
fn primitive_of(method: &Method, source: &str) -> Result<(u16, Option<Literal>), CompileError> {
    let Some(pragma) = method
        .pragmas
        .iter()
        .find(|p| is_primitive_keyword(&p.keyword))
    else {
        return Ok((0, None));
    };
    let error = |message: &str| CompileError::at(source, pragma.position, message);
    match pragma.arguments.first() {
        Some(LiteralValue::Integer(n)) => {
            let number = u16::try_from(n)
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| error("Primitive number out of range"))?;
            Ok((number, None))
        }
        Some(LiteralValue::String(name) | LiteralValue::Symbol(name)) => {
            let keywords: Vec<&str> = pragma.keyword.split_inclusive(':').collect();
            let module = keywords
                .iter()
                .position(|k| *k == "module:")
                .and_then(|i| pragma.arguments.get(i));
            let module = match module {
                Some(LiteralValue::String(m) | LiteralValue::Symbol(m)) => {
                    Literal::Symbol(m.clone())
                }
                None => Literal::Nil,
                Some(_) => return Err(error("Primitive module must be a string")),
            };
            let spec = vec![
                module,
                Literal::Symbol(name.clone()),
                Literal::Integer(0.into()),
                Literal::Integer(0.into()),
            ];
            Ok((117, Some(Literal::Array(spec))))
        }
        _ => Err(error("Primitive number or name expected")),
    }
}

fn is_primitive_keyword(keyword: &str) -> bool {
    matches!(
        keyword,
        "primitive:"
            | "primitive:error:"
            | "primitive:error:module:"
            | "primitive:module:"
            | "primitive:module:error:"
    )
}

/// Pharo's `lastIsReturn` of a statement list.
fn last_is_return(statements: &[Statement]) -> bool {
    match statements.last() {
        Some(Statement::Return(..)) => true,
        Some(Statement::Expression(Expression::Send(send))) => send_last_is_return(send),
        _ => false,
    }
}

fn send_last_is_return(send: &SendNode) -> bool {
    let arguments = &send.message.arguments;
    let inlined = matches!(
        inlining(send),
        Some(crate::inlining::Inline::If | crate::inlining::Inline::IfNil)
    );
    inlined
        && arguments.len() == 2
        && arguments
            .iter()
            .all(|a| a.as_block().is_some_and(|b| last_is_return(&b.body)))
}

/// Translates one method or block body into an [`IrBuilder`].
struct Translator<'c, 'a> {
    context: &'c Context<'a>,
    builder: IrBuilder,
    scope: usize,
    next_inline_id: usize,
}

impl<'c, 'a> Translator<'c, 'a> {
    fn new(context: &'c Context<'a>, scope: usize) -> Self {
        Translator {
            context,
            builder: IrBuilder::new(),
            scope,
            next_inline_id: 0,
        }
    }

    fn error(&self, position: usize, message: impl Into<String>) -> CompileError {
        CompileError::at(self.context.source, position, message)
    }

    fn binding(&self, name: &str, position: usize) -> Result<Binding, CompileError> {
        self.context
            .analysis
            .resolve(self.scope, name, self.context.class)
            .ok_or_else(|| self.error(position, format!("Undeclared variable: {name}")))
    }

    fn create_vector_if_needed(&mut self, scope: usize) {
        let variables = self.context.analysis.vector_variables(scope);
        if !variables.is_empty() {
            self.builder
                .create_temp_vector(&Analysis::vector_name(scope), variables.len());
        }
    }

    /// Statements for the value of the last one (nil when empty).
    fn sequence(&mut self, statements: &[Statement]) -> Result<(), CompileError> {
        let Some((last, rest)) = statements.split_last() else {
            self.builder.add(Instruction::PushLiteral(Literal::Nil));
            return Ok(());
        };
        for statement in rest {
            self.statement(statement)?;
            self.builder.pop_top();
        }
        self.statement(last)
    }

    fn statement(&mut self, statement: &Statement) -> Result<(), CompileError> {
        match statement {
            Statement::Expression(expression) => self.value(expression),
            Statement::Return(expression, _) => {
                self.value(expression)?;
                self.builder.return_top();
                Ok(())
            }
        }
    }

    /// Translates `expression` leaving its value on the stack.
    fn value(&mut self, expression: &Expression) -> Result<(), CompileError> {
        match expression {
            Expression::Literal(value, _) => self
                .builder
                .add(Instruction::PushLiteral(literal_from_value(value))),
            Expression::Variable(identifier) => {
                self.emit_value(&identifier.name, identifier.position)?
            }
            Expression::Assignment(node) => {
                self.value(&node.value)?;
                self.emit_store(&node.target.name, node.target.position)?;
            }
            Expression::Send(node) => self.send(node)?,
            Expression::Cascade(node) => {
                self.value(&node.receiver)?;
                let Some((last, rest)) = node.messages.split_last() else {
                    return Ok(());
                };
                for message in rest {
                    self.builder.add(Instruction::PushDup);
                    self.message(message, is_super(&node.receiver))?;
                    self.builder.pop_top();
                }
                self.message(last, is_super(&node.receiver))?;
            }
            Expression::Block(block) => self.block(block)?,
            Expression::Array(elements, _) => self.array(elements)?,
        }
        Ok(())
    }

    fn emit_value(&mut self, name: &str, position: usize) -> Result<(), CompileError> {
        let instruction = match self.binding(name, position)? {
            Binding::Temp(name) => Instruction::PushTemp(name),
            Binding::Remote { vector, index } => Instruction::PushRemoteTemp { index, vector },
            Binding::InstanceVariable(index) => Instruction::PushInstVar(index),
            Binding::SelfReference | Binding::Super => Instruction::PushReceiver,
            Binding::ThisContext => Instruction::PushThisContext,
            Binding::Global(name) => Instruction::PushLiteralVariable(name),
        };
        self.builder.add(instruction);
        Ok(())
    }

    fn emit_store(&mut self, name: &str, position: usize) -> Result<(), CompileError> {
        let instruction = match self.binding(name, position)? {
            Binding::Temp(name) => Instruction::StoreTemp(name),
            Binding::Remote { vector, index } => Instruction::StoreRemoteTemp { index, vector },
            Binding::InstanceVariable(index) => Instruction::StoreInstVar(index),
            Binding::Global(name) => Instruction::StoreLiteralVariable(name),
            _ => return Err(self.error(position, format!("Cannot store into {name}"))),
        };
        self.builder.add(instruction);
        Ok(())
    }

    fn send(&mut self, node: &SendNode) -> Result<(), CompileError> {
        if let Some(kind) = inlining(node) {
            self.builder
                .add_literal(Literal::Symbol(node.message.selector.clone()));
            return self.inline(kind, node);
        }
        self.value(&node.receiver)?;
        self.message(&node.message, is_super(&node.receiver))
    }

    /// Arguments then the send (the receiver is already pushed).
    fn message(&mut self, message: &Message, to_super: bool) -> Result<(), CompileError> {
        for argument in &message.arguments {
            self.value(argument)?;
        }
        let selector = message.selector.clone();
        let num_args = message.arguments.len();
        self.builder.mark_next(message.position);
        self.builder.add(if to_super {
            Instruction::SuperSend { selector, num_args }
        } else {
            Instruction::Send { selector, num_args }
        });
        Ok(())
    }

    fn array(&mut self, elements: &[Expression]) -> Result<(), CompileError> {
        if elements.len() > MAX_CONS_ARRAY {
            return self.large_array(elements);
        }
        for element in elements {
            self.value(element)?;
        }
        self.builder.add(Instruction::PushConsArray(elements.len()));
        Ok(())
    }

    /// `{...}` of more than 32 elements: `(Array new: n) at: 1 put: e1; ...`.
    fn large_array(&mut self, elements: &[Expression]) -> Result<(), CompileError> {
        self.builder
            .add(Instruction::PushLiteralVariable("Array".to_string()));
        self.builder.add(Instruction::PushLiteral(Literal::Integer(
            elements.len().into(),
        )));
        self.builder.add(Instruction::Send {
            selector: "new:".to_string(),
            num_args: 1,
        });
        for (index, element) in elements.iter().enumerate() {
            self.builder.add(Instruction::PushDup);
            self.builder.add(Instruction::PushLiteral(Literal::Integer(
                (index + 1).into(),
            )));
            self.value(element)?;
            self.builder.add(Instruction::Send {
                selector: "at:put:".to_string(),
                num_args: 2,
            });
            self.builder.pop_top();
        }
        Ok(())
    }

    /// A literal block: inlined, clean (a literal closure) or a full block.
    fn block(&mut self, block: &BlockNode) -> Result<(), CompileError> {
        let analysis = self.context.analysis;
        if let ScopeKind::Inlined { .. } = analysis.scope(block.id).kind {
            return self.inlined_block(block);
        }
        let compiled = self.full_block(block)?;
        if analysis.is_clean(block.id) {
            self.builder
                .add(Instruction::PushLiteral(Literal::CleanBlock(Box::new(
                    compiled,
                ))));
        } else {
            let copied = analysis.incoming_copied(block.id);
            self.builder.add(Instruction::PushFullClosure {
                block: Box::new(compiled),
                copied,
            });
        }
        Ok(())
    }

    /// Compiles a real block into a CompiledBlock (Pharo's `translateFullBlock:`).
    fn full_block(&mut self, block: &BlockNode) -> Result<CompiledCode, CompileError> {
        let analysis = self.context.analysis;
        let mut translator = Translator::new(self.context, block.id);
        let arguments: Vec<String> = block.arguments.iter().map(|a| a.name.clone()).collect();
        translator.builder.add_temps(&arguments);
        translator
            .builder
            .add_temps(&analysis.incoming_copied(block.id));
        translator
            .builder
            .add_temps(&analysis.temps_without_arguments(block.id));
        translator.create_vector_if_needed(block.id);
        translator.sequence(&block.body)?;
        translator.builder.add_block_return_top_if_required();
        let source = block.position..block.end;
        assemble(
            translator.builder,
            arguments.len(),
            Target::Block { source },
        )
        .map_err(|m| self.error(block.position, m))
    }

    /// Pharo's `visitInlinedBlockNode:`: the block's code in place, leaving its value.
    fn inlined_block(&mut self, block: &BlockNode) -> Result<(), CompileError> {
        let analysis = self.context.analysis;
        let outer = self.scope;
        self.scope = block.id;
        self.create_vector_if_needed(block.id);
        let temps = analysis.temps_without_arguments(block.id);
        self.builder.add_temps(&temps);
        self.builder.add_temps(&analysis.incoming_copied(block.id));
        let arguments: Vec<String> = block.arguments.iter().map(|a| a.name.clone()).collect();
        self.builder.add_temps(&arguments);
        if let ScopeKind::Inlined { is_loop: true } = analysis.scope(block.id).kind {
            for temp in temps {
                self.builder.add(Instruction::PushLiteral(Literal::Nil));
                self.builder.add(Instruction::StoreTemp(temp));
                self.builder.pop_top();
            }
        }
        let result = self.sequence(&block.body);
        self.scope = outer;
        result
    }

    fn effect_inlined_block(&mut self, block: &BlockNode) -> Result<(), CompileError> {
        self.inlined_block(block)?;
        self.builder.pop_top();
        Ok(())
    }
}

fn is_super(receiver: &Expression) -> bool {
    matches!(receiver, Expression::Variable(identifier) if identifier.name == "super")
}

impl Analysis {
    /// Arguments and temporaries of scope `id` not in its temp vector (Pharo's
    /// `tempVarNames`), in declaration order.
    pub fn temps_without_vector(&self, id: usize) -> Vec<String> {
        self.scope(id)
            .variables
            .iter()
            .filter(|v| !v.in_vector)
            .map(|v| v.name.clone())
            .collect()
    }

    /// Whether `name`, seen from scope `from`, is an argument (read-only) variable.
    pub fn is_argument(&self, from: usize, name: &str) -> bool {
        let mut scope = Some(from);
        while let Some(id) = scope {
            if let Some(variable) = self.scope(id).variables.iter().find(|v| v.name == name) {
                return variable.is_argument;
            }
            scope = self.scope(id).outer;
        }
        false
    }
}
