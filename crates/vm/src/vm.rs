//! `Vm`: an interpreter over a loaded image, and the high-level operations of the
//! command line — evaluate an expression and print its result, evaluate for the
//! REPL without ending on errors, run the SUnit runner, resume a saved image.
//! Filing in chunk files is in `file_in`.
use stvm_heap::{HeapConfig, Oop};
use stvm_interpreter::platform::{Platform, SystemPlatform};
use stvm_interpreter::Interpreter;
use stvm_object_model::special_objects;

use crate::compilation::{self, CompileFailure};
use crate::error::VmError;
use crate::image_file::load_heap;

/// How to start a VM.
#[derive(Debug, Clone)]
pub struct VmOptions {
    /// Heap sizes and placement.
    pub heap: HeapConfig,
    /// Path of the image (reported to Smalltalk as the image name).
    pub image_path: String,
    /// Command-line arguments visible to the image.
    pub arguments: Vec<String>,
    /// Report each named primitive the image calls and the VM lacks, once, on stderr.
    pub trace_missing_primitives: bool,
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            heap: HeapConfig::default(),
            image_path: "stvm.image".into(),
            arguments: Vec::new(),
            trace_missing_primitives: false,
        }
    }
}

/// A running Smalltalk system.
pub struct Vm {
    interpreter: Interpreter,
}

impl Vm {
    /// A VM on the embedded kernel image, talking to the real stdio, clock and files.
    pub fn embedded(options: VmOptions) -> Result<Vm, VmError> {
        let platform = SystemPlatform::new(options.image_path.clone(), options.arguments.clone());
        let mut vm = Vm::from_image_bytes(crate::EMBEDDED_IMAGE, options.heap, Box::new(platform))?;
        vm.interpreter
            .set_trace_missing_primitives(options.trace_missing_primitives);
        Ok(vm)
    }

    /// A VM on the image file `path`.
    pub fn from_image_file(path: &str, options: VmOptions) -> Result<Vm, VmError> {
        let bytes = std::fs::read(path).map_err(|error| VmError::Io {
            path: path.into(),
            error,
        })?;
        let platform = SystemPlatform::new(path.into(), options.arguments.clone());
        let mut vm = Vm::from_image_bytes(&bytes, options.heap, Box::new(platform))?;
        vm.interpreter
            .set_trace_missing_primitives(options.trace_missing_primitives);
        Ok(vm)
    }

    /// A VM on image file contents, with the given platform services.
    pub fn from_image_bytes(
        bytes: &[u8],
        heap: HeapConfig,
        platform: Box<dyn Platform>,
    ) -> Result<Vm, VmError> {
        let (heap, _loaded) = load_heap(bytes, heap)?;
        let mut interpreter = Interpreter::new(heap, platform);
        crate::compiler_primitives::register(&mut interpreter);
        Ok(Vm { interpreter })
    }

    /// The interpreter, for embedders and tests.
    pub fn interpreter(&mut self) -> &mut Interpreter {
        &mut self.interpreter
    }

    /// Compiles `source` as a doIt, runs it with receiver nil and answers its value.
    pub fn evaluate(&mut self, source: &str) -> Result<Oop, VmError> {
        let method = self.compile_doit(source, "eval", 1, 1)?;
        let nil = self.interpreter.heap().nil();
        Ok(self.interpreter.run_method(method, nil, &[])?)
    }

    /// Evaluates `source` and answers the printString of its value.
    pub fn eval(&mut self, source: &str) -> Result<String, VmError> {
        let value = self.evaluate(source)?;
        self.print_string(value)
    }

    /// Evaluates `source` for the REPL: answers the printString of its value,
    /// or `None` when an error nobody handled was reported on stderr (the
    /// image's `Smalltalk printStringOfDoIt:` catches it, so the REPL goes on).
    pub fn eval_reporting_errors(&mut self, source: &str) -> Result<Option<String>, VmError> {
        let method = self.compile_doit(source, "repl", 1, 1)?;
        let smalltalk = self
            .interpreter
            .heap()
            .special_object(special_objects::SMALLTALK_DICTIONARY);
        let selector = self.intern("printStringOfDoIt:")?;
        let text = self
            .interpreter
            .send_message(smalltalk, selector, &[method])?;
        if text == self.interpreter.heap().nil() {
            return Ok(None);
        }
        self.string_value(text).map(Some)
    }

    /// Compiles `source` as a doIt with receiver nil. Its source is recorded as
    /// if it started at `line`/`column` of `origin`, so that compile errors and
    /// stack traces give positions in `origin`.
    pub fn compile_doit(
        &mut self,
        source: &str,
        origin: &str,
        line: usize,
        column: usize,
    ) -> Result<Oop, VmError> {
        let padded = format!(
            "{}{}{source}",
            "\n".repeat(line.saturating_sub(1)),
            " ".repeat(column.saturating_sub(1))
        );
        let heap = self.interpreter.heap_mut();
        let undefined_object = heap.class_of(heap.nil());
        compilation::compile_doit(heap, undefined_object, &padded).map_err(
            |failure| match failure {
                CompileFailure::Source(error) => VmError::Syntax {
                    origin: origin.to_string(),
                    error,
                },
                CompileFailure::Image(error) => VmError::Bootstrap(error),
            },
        )
    }

    /// Runs `StvmTestRunner runMatching: pattern` (it prints failures and the
    /// line `N passed, M failed`); answers M.
    pub fn run_tests(&mut self, pattern: &str) -> Result<i64, VmError> {
        let runner = compilation::global(self.interpreter.heap_mut(), "StvmTestRunner")?
            .ok_or_else(|| {
                VmError::ImageContents("no StvmTestRunner (SUnit) in this image".into())
            })?;
        let selector = self.intern("runMatching:")?;
        let pattern = self.new_string(pattern)?;
        let failures = self
            .interpreter
            .send_message(runner, selector, &[pattern])?;
        failures.as_small_integer().ok_or_else(|| {
            VmError::ImageContents("StvmTestRunner runMatching: did not answer an Integer".into())
        })
    }

    /// Sends `printString` to `object` and answers the text.
    pub fn print_string(&mut self, object: Oop) -> Result<String, VmError> {
        let selector = self.intern("printString")?;
        let text = self.interpreter.send_message(object, selector, &[])?;
        self.string_value(text)
    }

    /// The characters of a String or Symbol (bytes as Latin-1, WideString words as code points).
    pub fn string_value(&self, string: Oop) -> Result<String, VmError> {
        compilation::string_value(self.interpreter.heap(), string)
            .ok_or_else(|| VmError::ImageContents("printString did not answer a String".into()))
    }

    /// The unique Symbol `name` of the image.
    pub fn intern(&mut self, name: &str) -> Result<Oop, VmError> {
        Ok(compilation::intern(self.interpreter.heap_mut(), name)?)
    }

    /// A new String holding `text` (a ByteString if every character fits a byte,
    /// else a WideString).
    pub fn new_string(&mut self, text: &str) -> Result<Oop, VmError> {
        Ok(compilation::new_string(self.interpreter.heap_mut(), text)?)
    }

    /// Resumes the image's active process as saved and runs until it quits;
    /// answers the exit status.
    pub fn resume(&mut self) -> Result<i64, VmError> {
        match self.interpreter.resume_active_process()? {
            stvm_interpreter::ExitReason::Quit(code) => Ok(code),
        }
    }
}
