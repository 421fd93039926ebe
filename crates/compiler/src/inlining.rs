//! Which message sends are compiled inline instead of sent, with Pharo's conditions
//! (`ASTMessageNode>>isInlineIf`, `isInlineIfNil`, `isInlineAndOr`, `isInlineWhile`,
//! `isInlineToDo`, `isInlineTimesRepeat`, `isInlineRepeat`). Cascaded messages are never
//! inlined. `caseOf:` is not inlined by stvm (it is an ordinary send).
//!
//! Every literal block that is the receiver or an argument of an inlined send is an
//! inlined block; for the loop kinds it is an "inlined loop" block whose temporaries
//! are reset to nil on every iteration.

use crate::ast::{BlockNode, Expression, LiteralValue, SendNode, Statement};

/// The inlined control structures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inline {
    /// `ifTrue:`, `ifFalse:`, `ifTrue:ifFalse:`, `ifFalse:ifTrue:`.
    If,
    /// `ifNil:`, `ifNotNil:`, `ifNil:ifNotNil:`, `ifNotNil:ifNil:`.
    IfNil,
    /// `and:`, `or:`.
    AndOr,
    /// `whileTrue`, `whileFalse`, `whileTrue:`, `whileFalse:`.
    While,
    /// `to:do:`, `to:by:do:` with a literal non-zero number step.
    ToDo,
    /// `timesRepeat:`.
    TimesRepeat,
    /// `repeat`.
    Repeat,
}

impl Inline {
    /// Whether the blocks of this construct are loop bodies.
    pub fn is_loop(self) -> bool {
        matches!(
            self,
            Inline::While | Inline::ToDo | Inline::TimesRepeat | Inline::Repeat
        )
    }
}

/// The inlining that applies to `send`, if any.
pub fn inlining(send: &SendNode) -> Option<Inline> {
    let selector = send.message.selector.as_str();
    let arguments = &send.message.arguments;
    let receiver_is_block = send.receiver.as_block().is_some();
    match selector {
        "ifTrue:" | "ifFalse:" | "ifTrue:ifFalse:" | "ifFalse:ifTrue:" => (!receiver_is_block
            && arguments.iter().all(|a| block_with_args(a, 0)))
        .then_some(Inline::If),
        "ifNil:" | "ifNotNil:" | "ifNil:ifNotNil:" | "ifNotNil:ifNil:" => (!receiver_is_block
            && if_nil_arguments_fit(selector, arguments))
        .then_some(Inline::IfNil),
        "and:" | "or:" => (!receiver_is_block && arguments.iter().all(|a| block_with_args(a, 0)))
            .then_some(Inline::AndOr),
        "whileTrue" | "whileFalse" | "whileTrue:" | "whileFalse:" => {
            (block_with_args(&send.receiver, 0) && arguments.iter().all(|a| block_with_args(a, 0)))
                .then_some(Inline::While)
        }
        "to:do:" | "to:by:do:" => (!receiver_is_block && to_do_fits(send)).then_some(Inline::ToDo),
        "timesRepeat:" => (!receiver_is_block && arguments.iter().all(|a| block_with_args(a, 0)))
            .then_some(Inline::TimesRepeat),
        "repeat" => block_with_args(&send.receiver, 0).then_some(Inline::Repeat),
        _ => None,
    }
}

fn block_with_args(expression: &Expression, count: usize) -> bool {
    expression
        .as_block()
        .is_some_and(|block| block.arguments.len() == count)
}

fn block_with_at_most_one_arg(expression: &Expression) -> bool {
    expression
        .as_block()
        .is_some_and(|block| block.arguments.len() <= 1)
}

fn if_nil_arguments_fit(selector: &str, arguments: &[Expression]) -> bool {
    let (Some(first), Some(last)) = (arguments.first(), arguments.last()) else {
        return false;
    };
    match selector {
        "ifNil:" => block_with_args(first, 0),
        "ifNotNil:" => block_with_at_most_one_arg(first),
        "ifNil:ifNotNil:" => block_with_args(first, 0) && block_with_at_most_one_arg(last),
        _ => block_with_at_most_one_arg(first) && block_with_args(last, 0),
    }
}

fn to_do_fits(send: &SendNode) -> bool {
    let arguments = &send.message.arguments;
    let Some(body) = arguments.last().and_then(Expression::as_block) else {
        return false;
    };
    if body.arguments.len() != 1 {
        return false;
    }
    if let Some(Expression::Variable(limit)) = arguments.first() {
        if block_assigns(body, &limit.name) {
            return false;
        }
    }
    if arguments.len() == 3 {
        return literal_step(&arguments[1]).is_some();
    }
    true
}

/// The step of `to:by:do:` when it is a literal non-zero number: its sign (+1 or -1).
pub fn literal_step(step: &Expression) -> Option<i8> {
    let Expression::Literal(value, _) = step else {
        return None;
    };
    let positive = match value {
        LiteralValue::Integer(n) => {
            (n.sign() != num_bigint::Sign::NoSign).then(|| n.sign() == num_bigint::Sign::Plus)
        }
        LiteralValue::Float(f) => (*f != 0.0 && !f.is_nan()).then_some(*f > 0.0),
        LiteralValue::ScaledDecimal { numerator, .. } => (numerator.sign()
            != num_bigint::Sign::NoSign)
            .then(|| numerator.sign() == num_bigint::Sign::Plus),
        _ => None,
    }?;
    Some(if positive { 1 } else { -1 })
}

/// Whether `name := ...` occurs anywhere inside `block` (nested blocks included).
fn block_assigns(block: &BlockNode, name: &str) -> bool {
    block
        .body
        .iter()
        .any(|statement| expression_assigns(Statement::expression(statement), name))
}

fn expression_assigns(expression: &Expression, name: &str) -> bool {
    match expression {
        Expression::Literal(..) | Expression::Variable(_) => false,
        Expression::Assignment(node) => {
            node.target.name == name || expression_assigns(&node.value, name)
        }
        Expression::Send(node) => {
            expression_assigns(&node.receiver, name)
                || node
                    .message
                    .arguments
                    .iter()
                    .any(|a| expression_assigns(a, name))
        }
        Expression::Cascade(node) => {
            expression_assigns(&node.receiver, name)
                || node
                    .messages
                    .iter()
                    .flat_map(|m| &m.arguments)
                    .any(|a| expression_assigns(a, name))
        }
        Expression::Block(block) => block_assigns(block, name),
        Expression::Array(elements, _) => elements.iter().any(|e| expression_assigns(e, name)),
    }
}
