//! Source lines of bytecode positions, for stack traces, and the text of blocks,
//! for printing them: the home method's source is recompiled (the compiler's
//! source map is not stored in the image); the send ending at the context's pc
//! gives the line, the block's span in the source its text.
//!
//! A CompiledBlock is found in its home method's recompiled code by the path
//! of literal indices that leads from the method to it (each step is either the
//! CompiledBlock itself or a clean FullBlockClosure holding it).
use stvm_bootstrap::{Installer, TRAILER_BYTES};
use stvm_compiler::{CodeKind, CompiledCode, Literal};
use stvm_heap::Heap;
use stvm_interpreter::MethodHeaderBits;
use stvm_object_model::{layout, Oop};

use crate::compiler_primitives::is_behavior;

/// Most nested blocks followed from a block to its home method.
const MAX_BLOCK_DEPTH: usize = 256;

/// The 1-based line, in the home method's source, of the send a context
/// running `code` (a CompiledMethod or CompiledBlock) at `pc` is in.
pub fn source_line(heap: &mut Heap, code: Oop, pc: i64) -> Option<usize> {
    let (home, path) = home_and_path(heap, code)?;
    let source = method_source(heap, home)?;
    let compiled = recompile(heap, home, &source)?;
    let code_at_path = follow(&compiled, &path)?;
    let initial_pc = (MethodHeaderBits::of(heap, code).num_literals() + 1) * 8 + 1;
    let offset = usize::try_from(pc).ok()?.checked_sub(initial_pc)?;
    let source_offset = code_at_path.source_offset_at(offset)?;
    Some(line_of(&source, source_offset))
}

/// The text of a CompiledBlock, `[` to `]`, as written in its home method's source.
pub fn block_source(heap: &mut Heap, block: Oop) -> Option<String> {
    let (home, path) = home_and_path(heap, block)?;
    let source = method_source(heap, home)?;
    let compiled = recompile(heap, home, &source)?;
    match &follow(&compiled, &path)?.kind {
        CodeKind::Block { source: span } => source.get(span.clone()).map(str::to_string),
        CodeKind::Method { .. } => None,
    }
}

/// The 1-based line of byte `offset` of `source`.
pub fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    1 + source.as_bytes()[..end]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
}

fn is_compiled_code(heap: &Heap, oop: Oop) -> bool {
    oop.is_pointer() && heap.format_of(oop).is_compiled_method()
}

fn literal_count(heap: &Heap, code: Oop) -> usize {
    let count = MethodHeaderBits::of(heap, code).num_literals();
    count.min(heap.num_slots(code).saturating_sub(1))
}

/// The home CompiledMethod of `code` and the literal indices from it to `code`.
fn home_and_path(heap: &Heap, code: Oop) -> Option<(Oop, Vec<usize>)> {
    let mut path = Vec::new();
    let mut current = code;
    for _ in 0..MAX_BLOCK_DEPTH {
        if !is_compiled_code(heap, current) {
            return None;
        }
        let count = literal_count(heap, current);
        let outer = heap.fetch_pointer(current, count);
        if !is_compiled_code(heap, outer) {
            path.reverse();
            return Some((current, path));
        }
        path.push(index_in_literals(heap, outer, current)?);
        current = outer;
    }
    None
}

fn index_in_literals(heap: &Heap, outer: Oop, block: Oop) -> Option<usize> {
    (0..literal_count(heap, outer)).find(|&index| {
        let literal = heap.fetch_pointer(outer, index + 1);
        literal == block
            || (literal.is_pointer()
                && heap.format_of(literal).is_pointers()
                && heap.num_slots(literal) > layout::full_block_closure::COMPILED_BLOCK
                && heap.fetch_pointer(literal, layout::full_block_closure::COMPILED_BLOCK) == block)
    })
}

/// The source text recorded for `method` (its trailer indexes `MethodSources`).
pub fn method_source(heap: &mut Heap, method: Oop) -> Option<String> {
    let bytes = heap.bytes(method);
    let trailer = bytes.get(bytes.len().checked_sub(TRAILER_BYTES)?..)?;
    let index = u32::from_le_bytes(trailer.try_into().ok()?) as usize;
    if index == 0 {
        return None;
    }
    let sources = Installer::from_heap(heap).ok()?.method_sources?;
    let is_ordered_collection = sources.is_pointer()
        && heap.format_of(sources).is_pointers()
        && heap.num_slots(sources) > 2;
    if !is_ordered_collection {
        return None;
    }
    let read = |slot| heap.fetch_pointer(sources, slot).as_small_integer();
    let first = usize::try_from(read(1)?).ok()?;
    let array = heap.fetch_pointer(sources, 0);
    let slot = (first + index).checked_sub(2)?;
    if !array.is_pointer() || !heap.format_of(array).is_pointers() || slot >= heap.num_slots(array)
    {
        return None;
    }
    crate::compilation::string_value(heap, heap.fetch_pointer(array, slot))
}

fn recompile(heap: &mut Heap, method: Oop, source: &str) -> Option<CompiledCode> {
    let count = literal_count(heap, method);
    let binding = heap.fetch_pointer(method, count);
    if !binding.is_pointer() || heap.num_slots(binding) <= layout::association::VALUE {
        return None;
    }
    let behavior = heap.fetch_pointer(binding, layout::association::VALUE);
    if !is_behavior(heap, behavior) {
        return None;
    }
    let installer = Installer::from_heap(heap).ok()?;
    let scope = installer.class_scope(heap, behavior);
    if selector_name(heap, method, count).as_deref() == Some("DoIt") {
        stvm_compiler::compile_doit(source, &scope).ok()
    } else {
        stvm_compiler::compile_method(source, &scope).ok()
    }
}

fn selector_name(heap: &Heap, method: Oop, count: usize) -> Option<String> {
    let penultimate = heap.fetch_pointer(method, count.checked_sub(1)?);
    if !penultimate.is_pointer() {
        return None;
    }
    let selector = if heap.format_of(penultimate).is_bytes() {
        penultimate
    } else if heap.format_of(penultimate).is_pointers() && heap.num_slots(penultimate) > 1 {
        heap.fetch_pointer(penultimate, 1)
    } else {
        return None;
    };
    crate::compilation::string_value(heap, selector)
}

fn follow<'a>(code: &'a CompiledCode, path: &[usize]) -> Option<&'a CompiledCode> {
    let mut current = code;
    for &index in path {
        current = match current.literals.get(index)? {
            Literal::Block(block) | Literal::CleanBlock(block) => block,
            _ => return None,
        };
    }
    Some(current)
}
