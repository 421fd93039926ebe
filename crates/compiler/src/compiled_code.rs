//! The compiler's output: heap-independent compiled methods and blocks laid out as
//! Pharo lays them out, for the bootstrap installer to turn into CompiledMethod and
//! CompiledBlock objects.
//!
//! Literal frame of a method (`header.num_literals` entries):
//!
//! ```text
//! [named-primitive spec] own literals (first use, deduplicated) inlined selectors
//! Selector | MethodState      MethodClass
//! ```
//!
//! A CompiledBlock's frame is its own literals followed by [`Literal::OuterCode`].

use num_bigint::BigInt;
use stvm_bytecode::MethodHeader;

/// A compiled method or block.
#[derive(Debug, Clone, PartialEq)]
pub struct CompiledCode {
    /// Header (always Sista: `is_sista` is true).
    pub header: MethodHeader,
    /// Exactly `header.num_literals` literals, in Pharo's order.
    pub literals: Vec<Literal>,
    /// Bytecodes, including the `callPrimitive` prefix when there is a primitive.
    pub bytecodes: Vec<u8>,
    /// Primitive number (quick primitives 256–519 included), 0 if none.
    pub primitive: u16,
    /// Method or block.
    pub kind: CodeKind,
    /// Where each send's bytecodes come from in the source, in bytecode order
    /// (debugging information: not part of the method object).
    pub source_map: Vec<SourceRange>,
}

/// The bytecodes `start..end` (0-based offsets into [`CompiledCode::bytecodes`])
/// come from the construct at byte `source_offset` of the source. A context
/// suspended in that send has its pc just after `end - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRange {
    /// First bytecode offset.
    pub start: usize,
    /// One past the last bytecode offset.
    pub end: usize,
    /// Byte offset in the source text.
    pub source_offset: usize,
}

/// What kind of compiled code this is.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeKind {
    /// A method; `source` is kept so the installer can write a trailer / source pointer.
    Method {
        /// Selector.
        selector: String,
        /// All pragmas, in source order (primitive pragmas included, as in Pharo).
        pragmas: Vec<Pragma>,
        /// The method's source text.
        source: String,
    },
    /// A CompiledBlock; `source` is where its text, `[` to `]`, lies in the source
    /// of its method (byte offsets).
    Block {
        /// Byte offsets of `[` and just past `]`.
        source: std::ops::Range<usize>,
    },
}

/// A pragma kept as a method property.
#[derive(Debug, Clone, PartialEq)]
pub struct Pragma {
    /// Selector, e.g. `primitive:error:`.
    pub keyword: String,
    /// Literal arguments.
    pub arguments: Vec<Literal>,
}

/// One literal-frame entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// Integer of any size: the installer makes a SmallInteger or a Large*Integer.
    Integer(BigInt),
    /// Float (boxed or SmallFloat64 at install time).
    Float(f64),
    /// ScaledDecimal: reduced fraction and scale.
    ScaledDecimal {
        /// Numerator.
        numerator: BigInt,
        /// Denominator (positive).
        denominator: BigInt,
        /// Decimal places.
        scale: u32,
    },
    /// Character code point.
    Character(u32),
    /// String.
    String(String),
    /// Symbol.
    Symbol(String),
    /// ByteArray.
    ByteArray(Vec<u8>),
    /// Array of literals.
    Array(Vec<Literal>),
    /// `true` (only inside arrays and pragmas; pushed with a dedicated bytecode).
    True,
    /// `false`.
    False,
    /// `nil`.
    Nil,
    /// A literal variable (global, class variable, pool variable): the installer
    /// resolves the binding, declaring unknown names in `Undeclared` as Pharo does.
    Variable(String),
    /// A copy of the method class binding, pushed before a directed super send inside a
    /// block (Pharo copies it so that "references to" does not find the block).
    ClassBindingCopy,
    /// A CompiledBlock pushed by `pushFullClosure`.
    Block(Box<CompiledCode>),
    /// A clean block: the installer makes a FullBlockClosure literal with a nil outer
    /// context around this CompiledBlock; it is pushed with `pushLiteral`.
    CleanBlock(Box<CompiledCode>),
    /// Penultimate literal of a method without pragmas: its selector.
    Selector(String),
    /// Penultimate literal of a method with pragmas: an AdditionalMethodState.
    MethodState {
        /// Selector.
        selector: String,
        /// Pragmas in source order.
        pragmas: Vec<Pragma>,
    },
    /// Last literal of a method: the binding of its class.
    MethodClass,
    /// Last literal of a CompiledBlock: the enclosing method or block.
    OuterCode,
}

impl CompiledCode {
    /// The selector of a method, `None` for a block.
    pub fn selector(&self) -> Option<&str> {
        match &self.kind {
            CodeKind::Method { selector, .. } => Some(selector),
            CodeKind::Block { .. } => None,
        }
    }

    /// The source offset of the send whose bytecodes end at `offset` (the pc of a
    /// context suspended in that send), else of the last send starting before it;
    /// `None` past the end of the bytecodes.
    pub fn source_offset_at(&self, offset: usize) -> Option<usize> {
        if offset > self.bytecodes.len() {
            return None;
        }
        if let Some(range) = self.source_map.iter().find(|r| r.end == offset) {
            return Some(range.source_offset);
        }
        self.source_map
            .iter()
            .rev()
            .find(|r| r.start <= offset)
            .map(|r| r.source_offset)
    }

    /// The bytecodes after the `callPrimitive` prefix (where activation starts).
    pub fn body_bytecodes(&self) -> &[u8] {
        let skip = if self.header.has_primitive { 3 } else { 0 };
        self.bytecodes.get(skip..).unwrap_or(&[])
    }
}

/// Pharo's `literalEqual:`: same kind and equal value; floats also compare the sign of
/// zero; blocks are equal only to themselves (never merged).
pub fn literal_equal(a: &Literal, b: &Literal) -> bool {
    match (a, b) {
        (Literal::Float(x), Literal::Float(y)) => {
            x.to_bits() == y.to_bits() || (x == y && *x != 0.0)
        }
        (Literal::Array(xs), Literal::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| literal_equal(x, y))
        }
        (Literal::Block(_), _) | (Literal::CleanBlock(_), _) | (Literal::ClassBindingCopy, _) => {
            false
        }
        _ => a == b,
    }
}
