//! Compiling Smalltalk source into method objects of a running image: a method
//! for a class (its source recorded in `MethodSources`), or a doIt compiled for
//! a receiver's class. Nothing here installs a method: the image does that
//! (`Behavior>>addSelector:withMethod:`), so the VM's method cache is flushed
//! by the same code path whether Rust or Smalltalk asked for the compilation.
//!
//! Every function makes its own [`Installer`] (its cached oops do not survive
//! a compacting GC) and allocates only in old space, so no oop it holds moves.
use std::fmt;

use stvm_bootstrap::{BootstrapError, Installer};
use stvm_compiler::{CompileError, CompiledCode};
use stvm_heap::Heap;
use stvm_object_model::Oop;

/// Why source could not be turned into a method object.
#[derive(Debug, Clone, PartialEq)]
pub enum CompileFailure {
    /// The source has a syntax or semantic error (line and column are in the source).
    Source(CompileError),
    /// The image could not hold the method (missing classes, no memory).
    Image(BootstrapError),
}

impl fmt::Display for CompileFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileFailure::Source(error) => write!(f, "{error}"),
            CompileFailure::Image(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CompileFailure {}

impl From<BootstrapError> for CompileFailure {
    fn from(error: BootstrapError) -> Self {
        CompileFailure::Image(error)
    }
}

/// Compiles `source` as a method of `behavior`; answers the CompiledMethod
/// (source recorded, not installed) and its selector Symbol.
pub fn compile_method(
    heap: &mut Heap,
    behavior: Oop,
    source: &str,
) -> Result<(Oop, Oop), CompileFailure> {
    let installer = Installer::from_heap(heap)?;
    let scope = installer.class_scope(heap, behavior);
    let code = stvm_compiler::compile_method(source, &scope).map_err(CompileFailure::Source)?;
    let selector = code.selector().unwrap_or("DoIt").to_string();
    let method = method_object(&installer, heap, behavior, &code, source)?;
    let selector = installer.intern(heap, &selector)?;
    Ok((method, selector))
}

/// Compiles `source` (statements, optional temporaries) as the method `DoIt`
/// of `behavior`, answering its last statement's value when run with a
/// receiver of that class. The source is recorded so that stack traces can
/// show lines.
pub fn compile_doit(heap: &mut Heap, behavior: Oop, source: &str) -> Result<Oop, CompileFailure> {
    let installer = Installer::from_heap(heap)?;
    let scope = installer.class_scope(heap, behavior);
    let code = stvm_compiler::compile_doit(source, &scope).map_err(CompileFailure::Source)?;
    Ok(method_object(&installer, heap, behavior, &code, source)?)
}

fn method_object(
    installer: &Installer,
    heap: &mut Heap,
    behavior: Oop,
    code: &CompiledCode,
    source: &str,
) -> Result<Oop, BootstrapError> {
    let nil = heap.nil();
    let method = installer.create_code(heap, behavior, code, nil)?;
    let source_index = installer.record_source(heap, source)?;
    installer.set_source_index(heap, method, source_index);
    Ok(method)
}

/// The global named `name` (a class, usually), if the image has one.
pub fn global(heap: &mut Heap, name: &str) -> Result<Option<Oop>, BootstrapError> {
    Ok(Installer::from_heap(heap)?.global(heap, name))
}

/// The unique Symbol for `name`.
pub fn intern(heap: &mut Heap, name: &str) -> Result<Oop, BootstrapError> {
    Installer::from_heap(heap)?.intern(heap, name)
}

/// The characters of a String or Symbol, as Pharo reads them: a byte string's bytes
/// are Latin-1 characters, a WideString's 32-bit words are code points. `None` for
/// other objects and for words that are not code points.
pub fn string_value(heap: &Heap, string: Oop) -> Option<String> {
    if !string.is_pointer() {
        return None;
    }
    let format = heap.format_of(string);
    if format.is_bytes() {
        return Some(
            heap.bytes(string)
                .iter()
                .map(|byte| char::from(*byte))
                .collect(),
        );
    }
    if format.is_words32() {
        return (0..heap.byte_size(string) / 4)
            .map(|index| char::from_u32(heap.fetch_u32(string, index)))
            .collect();
    }
    None
}

/// A new String holding `text`: a ByteString when every character fits a byte
/// (Latin-1), else a WideString, as the compiler makes string literals.
pub fn new_string(heap: &mut Heap, text: &str) -> Result<Oop, BootstrapError> {
    match stvm_bootstrap::latin1(text) {
        Some(bytes) => Ok(heap.new_byte_string(&bytes)?),
        None => Installer::from_heap(heap)?.string_object(heap, text),
    }
}
