//! Abstract syntax tree of a Smalltalk method or doIt.
//!
//! Nodes keep the byte offset where they start (`position`) for error messages. Blocks
//! are numbered (`BlockNode::id`) in source order of their opening bracket, starting at
//! 1, which is the numbering the semantic analysis keys its scopes by. Literal values
//! are [`LiteralValue`]s; the literal-frame form lives in `compiled_code`.

use num_bigint::BigInt;

/// A literal as written in source (also the elements of literal arrays).
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    /// Integer of any size.
    Integer(BigInt),
    /// Float.
    Float(f64),
    /// Scaled decimal: reduced fraction and scale.
    ScaledDecimal {
        /// Numerator.
        numerator: BigInt,
        /// Denominator (positive).
        denominator: BigInt,
        /// Number of decimal places.
        scale: u32,
    },
    /// Character code point.
    Character(u32),
    /// String.
    String(String),
    /// Symbol.
    Symbol(String),
    /// `#[1 2 3]`.
    ByteArray(Vec<u8>),
    /// `#(...)`.
    Array(Vec<LiteralValue>),
    /// `true`.
    True,
    /// `false`.
    False,
    /// `nil`.
    Nil,
}

/// A name with its position (argument or temporary declaration, or a variable use).
#[derive(Debug, Clone, PartialEq)]
pub struct Identifier {
    /// The name.
    pub name: String,
    /// Byte offset in the source.
    pub position: usize,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A literal (`3`, `'a'`, `#(1 2)`, `true`, `nil`...).
    Literal(LiteralValue, usize),
    /// A variable reference, including `self`, `super` and `thisContext`.
    Variable(Identifier),
    /// `target := value`.
    Assignment(Box<AssignmentNode>),
    /// A message send.
    Send(Box<SendNode>),
    /// `receiver m1; m2; m3`.
    Cascade(Box<CascadeNode>),
    /// `[:a | | t | statements]`.
    Block(Box<BlockNode>),
    /// `{ e1. e2 }`.
    Array(Vec<Expression>, usize),
}

/// `target := value`.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentNode {
    /// The assigned variable.
    pub target: Identifier,
    /// The assigned value.
    pub value: Expression,
}

/// A message: selector and arguments (the receiver is outside).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Selector, e.g. `at:put:`.
    pub selector: String,
    /// Arguments, in order.
    pub arguments: Vec<Expression>,
    /// Byte offset of the selector (first keyword).
    pub position: usize,
}

/// `receiver message`.
#[derive(Debug, Clone, PartialEq)]
pub struct SendNode {
    /// The receiver.
    pub receiver: Expression,
    /// The message.
    pub message: Message,
}

/// A cascade: every message goes to `receiver`.
#[derive(Debug, Clone, PartialEq)]
pub struct CascadeNode {
    /// The common receiver.
    pub receiver: Expression,
    /// At least two messages.
    pub messages: Vec<Message>,
}

/// A block.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockNode {
    /// Source-order number of the block (1-based).
    pub id: usize,
    /// Block arguments.
    pub arguments: Vec<Identifier>,
    /// Block temporaries.
    pub temporaries: Vec<Identifier>,
    /// Statements.
    pub body: Vec<Statement>,
    /// Byte offset of `[`.
    pub position: usize,
    /// Byte offset just past `]`.
    pub end: usize,
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// An expression statement.
    Expression(Expression),
    /// `^ expression`.
    Return(Expression, usize),
}

/// A pragma such as `<primitive: 60>` or `<menu: 'x' order: 1>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pragma {
    /// Selector, e.g. `primitive:error:`.
    pub keyword: String,
    /// Literal arguments (identifiers become symbols, as for `error: ec`).
    pub arguments: Vec<LiteralValue>,
    /// Byte offset of `<`.
    pub position: usize,
}

/// A method (or a doIt, with the selector `DoIt`).
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Selector.
    pub selector: String,
    /// Arguments.
    pub arguments: Vec<Identifier>,
    /// Pragmas in source order.
    pub pragmas: Vec<Pragma>,
    /// Method temporaries.
    pub temporaries: Vec<Identifier>,
    /// Statements.
    pub body: Vec<Statement>,
    /// Number of blocks (ids run from 1 to `block_count`).
    pub block_count: usize,
}

impl Expression {
    /// Byte offset where the expression starts.
    pub fn position(&self) -> usize {
        match self {
            Expression::Literal(_, position) | Expression::Array(_, position) => *position,
            Expression::Variable(identifier) => identifier.position,
            Expression::Assignment(node) => node.target.position,
            Expression::Send(node) => node.receiver.position(),
            Expression::Cascade(node) => node.receiver.position(),
            Expression::Block(node) => node.position,
        }
    }

    /// The block node if this expression is a literal block.
    pub fn as_block(&self) -> Option<&BlockNode> {
        match self {
            Expression::Block(block) => Some(block),
            _ => None,
        }
    }
}

impl Statement {
    /// The statement's expression (the returned one for a return).
    pub fn expression(&self) -> &Expression {
        match self {
            Statement::Expression(expression) | Statement::Return(expression, _) => expression,
        }
    }
}

/// Number of arguments a selector takes (keywords count colons; binary takes one).
pub fn selector_arity(selector: &str) -> usize {
    let colons = selector.matches(':').count();
    if colons > 0 {
        colons
    } else if selector.starts_with(crate::lexer::is_binary_char) {
        1
    } else {
        0
    }
}
