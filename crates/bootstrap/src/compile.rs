//! Compiling Smalltalk source against a class of an image: the compiler's
//! `ClassScope` read from the heap, kernel methods (errors placed at their
//! file line and column), and doIts.
use stvm_compiler::{ClassScope, CompileError, CompiledCode};
use stvm_heap::Heap;
use stvm_object_model::Oop;

use crate::class_layout::{class, metaclass};
use crate::error::BootstrapError;
use crate::installer::Installer;
use crate::objects;

impl Installer {
    /// The compiler's view of `behavior`: its name, side, and every instance
    /// variable (inherited first).
    pub fn class_scope(&self, heap: &Heap, behavior: Oop) -> ClassScope {
        let is_meta = self.is_metaclass(heap, behavior);
        let this_class = if is_meta {
            heap.fetch_pointer(behavior, metaclass::THIS_CLASS)
        } else {
            behavior
        };
        let name = heap.fetch_pointer(this_class, class::NAME);
        let class_name = objects::bytes_of(heap, name)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        ClassScope {
            class_name,
            is_meta,
            instance_variables: instance_variable_names(heap, behavior),
        }
    }

    /// Compiles `source` as a method of `behavior` and installs it.
    pub fn compile_and_install(
        &self,
        heap: &mut Heap,
        behavior: Oop,
        source: &str,
    ) -> Result<Oop, BootstrapError> {
        let scope = self.class_scope(heap, behavior);
        let code = stvm_compiler::compile_method(source, &scope)
            .map_err(|e| compile_error("method", e, 1, 1))?;
        self.install_method(heap, behavior, &code)
    }

    /// Compiles `source` as a doIt (receiver nil, class UndefinedObject);
    /// answers the CompiledMethod, not installed anywhere.
    pub fn compile_doit(&self, heap: &mut Heap, source: &str) -> Result<Oop, BootstrapError> {
        let undefined_object = heap.class_of(heap.nil());
        let scope = self.class_scope(heap, undefined_object);
        let code: CompiledCode = stvm_compiler::compile_doit(source, &scope)
            .map_err(|e| compile_error("doIt", e, 1, 1))?;
        let nil = heap.nil();
        let method = self.create_code(heap, undefined_object, &code, nil)?;
        self.set_source_index(heap, method, 0);
        Ok(method)
    }
}

/// Instance variable names of `behavior`, root class first.
fn instance_variable_names(heap: &Heap, behavior: Oop) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current = behavior;
    while current.is_pointer() && current != heap.nil() && chain.len() < 10_000 {
        chain.push(current);
        current = heap.fetch_pointer(current, class::SUPERCLASS);
    }
    let mut names = Vec::new();
    for behavior in chain.into_iter().rev() {
        let vars = heap.fetch_pointer(behavior, class::INSTANCE_VARIABLES);
        if !vars.is_pointer() || vars == heap.nil() || !heap.format_of(vars).is_pointers() {
            continue;
        }
        for index in 0..heap.num_slots(vars) {
            let name = heap.fetch_pointer(vars, index);
            if let Some(bytes) = objects::bytes_of(heap, name) {
                names.push(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    names
}

/// A compile error placed in its file: `line`/`column` is where the source's
/// first line starts.
pub fn compile_error(
    path: &str,
    error: CompileError,
    line: usize,
    column: usize,
) -> BootstrapError {
    BootstrapError::Compile {
        path: path.to_string(),
        line: line + error.line - 1,
        column: if error.line == 1 {
            column + error.column - 1
        } else {
            error.column
        },
        message: error.message,
    }
}
