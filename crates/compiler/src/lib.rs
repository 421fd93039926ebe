//! stvm's Smalltalk compiler: Pharo syntax in, Sista V1 compiled methods out, laid out
//! as Pharo's OpalCompiler lays them out (same bytecode shapes, literal order, temp
//! numbering, quick methods, full and clean blocks).
//!
//! Pipeline: [`lexer`] → [`parser`] ([`ast`]) → [`scope`] (semantic analysis) →
//! [`closure`] (copied values, temp vectors) → [`codegen`] (IR, inlining, assembly) →
//! [`CompiledCode`]. [`tonel`] and [`chunk`] split source files into methods and doIts.
//!
//! Names: arguments/temporaries, then instance variables, then `self super thisContext`;
//! any other name starting with an uppercase letter becomes [`Literal::Variable`] (the
//! installer resolves globals, class and pool variables, or declares it in Undeclared);
//! an unresolved lowercase name is the error `Undeclared variable: foo`.
//!
//! No input makes this crate panic: every failure is a [`CompileError`] with a line,
//! a column and a caret excerpt.
#![forbid(unsafe_code)]

pub mod ast;
pub mod chunk;
pub mod closure;
pub mod codegen;
pub mod compiled_code;
pub mod error;
pub mod inlining;
pub mod lexer;
pub mod listing;
pub mod parser;
pub mod scope;
pub mod token;
pub mod tonel;

pub use compiled_code::{CodeKind, CompiledCode, Literal, Pragma, SourceRange};
pub use error::CompileError;
pub use parser::{parse_doit, parse_expression, parse_method};
pub use scope::ClassScope;

use codegen::MethodMode;

/// Compiles a method definition for `scope`'s class.
pub fn compile_method(source: &str, scope: &ClassScope) -> Result<CompiledCode, CompileError> {
    let method = parse_method(source)?;
    compile_parsed(&method, source, scope, MethodMode::Method)
}

/// Compiles statements (with optional `| temps |`) as the method `DoIt`, which answers
/// the value of its last statement.
pub fn compile_doit(source: &str, scope: &ClassScope) -> Result<CompiledCode, CompileError> {
    let method = parse_doit(source)?;
    compile_parsed(&method, source, scope, MethodMode::DoIt)
}

fn compile_parsed(
    method: &ast::Method,
    source: &str,
    scope: &ClassScope,
    mode: MethodMode,
) -> Result<CompiledCode, CompileError> {
    let analysis = scope::analyze(method, scope, source)?;
    codegen::generate(method, &analysis, scope, source, mode)
}
