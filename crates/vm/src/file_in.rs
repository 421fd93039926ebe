//! Filing in chunk-format files (`stvm run FILE.st`): every chunk in order —
//! doIts run (class definitions are doIts), `!Foo methodsFor: '…'!` chunks
//! compile into the class (or its metaclass) and are installed by the image's
//! `Behavior>>addSelector:withMethod:`. Compile errors and stack traces give
//! lines and columns in the file.
use stvm_compiler::chunk::{read_chunks, ChunkItem};
use stvm_object_model::Oop;

use crate::compilation::{self, CompileFailure};
use crate::error::VmError;
use crate::Vm;

impl Vm {
    /// Files in the chunk-format `text` read from `origin` (a file name).
    pub fn file_in(&mut self, text: &str, origin: &str) -> Result<(), VmError> {
        for item in read_chunks(text) {
            match item {
                ChunkItem::DoIt { source, line } => {
                    let column = first_column(text, line, &source);
                    let method = self.compile_doit(&source, origin, line, column)?;
                    let nil = self.interpreter().heap().nil();
                    self.interpreter().run_method(method, nil, &[])?;
                }
                ChunkItem::Method {
                    class_name,
                    class_side,
                    source,
                    line,
                    ..
                } => {
                    let behavior = self.behavior_named(&class_name, class_side, origin, line)?;
                    let column = first_column(text, line, &source);
                    self.compile_into(behavior, &source, origin, (line, column))?;
                }
            }
        }
        Ok(())
    }

    /// Compiles `source` into `behavior` and installs it; `position` is the
    /// (line, column) of the source's first character in `origin`.
    pub fn compile_into(
        &mut self,
        behavior: Oop,
        source: &str,
        origin: &str,
        position: (usize, usize),
    ) -> Result<Oop, VmError> {
        let heap = self.interpreter().heap_mut();
        let (method, selector) = compilation::compile_method(heap, behavior, source).map_err(
            |failure| match failure {
                CompileFailure::Source(error) => VmError::Syntax {
                    origin: origin.to_string(),
                    error: error.shifted(
                        0,
                        position.0.saturating_sub(1),
                        position.1.saturating_sub(1),
                    ),
                },
                CompileFailure::Image(error) => VmError::Bootstrap(error),
            },
        )?;
        let install = self.intern("addSelector:withMethod:")?;
        self.interpreter()
            .send_message(behavior, install, &[selector, method])?;
        Ok(method)
    }

    fn behavior_named(
        &mut self,
        name: &str,
        class_side: bool,
        origin: &str,
        line: usize,
    ) -> Result<Oop, VmError> {
        let heap = self.interpreter().heap_mut();
        let class = compilation::global(heap, name)?;
        let class = class.filter(|class| crate::compiler_primitives::is_behavior(heap, *class));
        let Some(class) = class else {
            return Err(VmError::FileIn {
                origin: origin.to_string(),
                line,
                message: format!("methodsFor: names {name}, which is not a class"),
            });
        };
        Ok(if class_side {
            heap.class_of(class)
        } else {
            class
        })
    }
}

/// The 1-based column where `source` (a trimmed chunk) starts on `line` of `text`.
fn first_column(text: &str, line: usize, source: &str) -> usize {
    let first_line = source.lines().next().unwrap_or("");
    text.lines()
        .nth(line.saturating_sub(1))
        .and_then(|file_line| {
            file_line
                .find(first_line)
                .map(|byte| file_line[..byte].chars().count() + 1)
        })
        .unwrap_or(1)
}
