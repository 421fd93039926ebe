//! Human-readable listing of compiled code (header, literal frame, disassembly, then
//! nested blocks), used by the golden tests and handy for debugging.

use std::fmt::Write as _;

use num_traits::Zero;
use stvm_bytecode::disassemble_method;

use crate::compiled_code::{CompiledCode, Literal, Pragma};

/// The listing of `code` and, after it, of every block in its literal frame.
pub fn listing(code: &CompiledCode) -> String {
    let mut text = String::new();
    write_code(&mut text, code, "method");
    text
}

fn write_code(text: &mut String, code: &CompiledCode, label: &str) {
    let header = &code.header;
    let _ = writeln!(
        text,
        "{label}: args {} temps {} literals {} primitive {} largeFrame {}",
        header.num_args, header.num_temps, header.num_literals, code.primitive, header.large_frame
    );
    for (index, literal) in code.literals.iter().enumerate() {
        let _ = writeln!(text, "  literal {index}: {}", print_literal(literal));
    }
    let namer = |index: usize| {
        code.literals
            .get(index)
            .map_or_else(|| "?".to_string(), print_literal)
    };
    let body = match header.try_encode() {
        Ok(value) => disassemble_method(value, &code.bytecodes, &namer),
        Err(error) => format!("<bad header: {error}>\n"),
    };
    for line in body.lines() {
        let _ = writeln!(text, "  {line}");
    }
    let mut block_number = 0;
    for literal in &code.literals {
        if let Literal::Block(block) | Literal::CleanBlock(block) = literal {
            block_number += 1;
            write_code(text, block, &format!("{label}.block{block_number}"));
        }
    }
}

/// A literal in Smalltalk literal syntax (blocks and frame markers described).
pub fn print_literal(literal: &Literal) -> String {
    match literal {
        Literal::Integer(n) => n.to_string(),
        Literal::Float(f) => print_float(*f),
        Literal::ScaledDecimal {
            numerator,
            denominator,
            scale,
        } => {
            if denominator == &1.into() {
                format!("{numerator}s{scale}")
            } else {
                format!("({numerator}/{denominator})s{scale}")
            }
        }
        Literal::Character(c) => match char::from_u32(*c) {
            Some(ch) if !ch.is_control() => format!("${ch}"),
            _ => format!("(Character value: {c})"),
        },
        Literal::String(s) => format!("'{}'", s.replace('\'', "''")),
        Literal::Symbol(s) => format!("#{s}"),
        Literal::ByteArray(bytes) => {
            let items: Vec<String> = bytes.iter().map(u8::to_string).collect();
            format!("#[{}]", items.join(" "))
        }
        Literal::Array(items) => {
            let items: Vec<String> = items.iter().map(print_literal).collect();
            format!("#({})", items.join(" "))
        }
        Literal::True => "true".to_string(),
        Literal::False => "false".to_string(),
        Literal::Nil => "nil".to_string(),
        Literal::Variable(name) => format!("{name} (binding)"),
        Literal::ClassBindingCopy => "(copy of the method class binding)".to_string(),
        Literal::Block(_) => "(CompiledBlock)".to_string(),
        Literal::CleanBlock(_) => "(clean block)".to_string(),
        Literal::Selector(s) => format!("#{s} (selector)"),
        Literal::MethodState { selector, pragmas } => {
            let pragmas: Vec<String> = pragmas.iter().map(print_pragma).collect();
            format!("(AdditionalMethodState #{selector} {})", pragmas.join(" "))
        }
        Literal::MethodClass => "(method class binding)".to_string(),
        Literal::OuterCode => "(outer code)".to_string(),
    }
}

fn print_pragma(pragma: &Pragma) -> String {
    if pragma.arguments.is_empty() {
        return format!("<{}>", pragma.keyword);
    }
    let mut text = String::from("<");
    for (keyword, argument) in pragma.keyword.split_inclusive(':').zip(&pragma.arguments) {
        let _ = write!(text, "{keyword} {} ", print_literal(argument));
    }
    text.pop();
    text.push('>');
    text
}

fn print_float(value: f64) -> String {
    if value.is_zero() || (value.abs() >= 1e-4 && value.abs() < 1e16) {
        let text = format!("{value:?}");
        if text.contains('.') || text.contains('e') {
            return text;
        }
        return format!("{text}.0");
    }
    format!("{value:e}")
}
