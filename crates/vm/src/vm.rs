//! `Vm`: an interpreter over a loaded image, and the high-level operations of the
//! command line — evaluate an expression and print its result.
use stvm_heap::{HeapConfig, Oop};
use stvm_interpreter::platform::{Platform, SystemPlatform};
use stvm_interpreter::Interpreter;

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
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            heap: HeapConfig::default(),
            image_path: "stvm.image".into(),
            arguments: Vec::new(),
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
        Vm::from_image_bytes(crate::EMBEDDED_IMAGE, options.heap, Box::new(platform))
    }

    /// A VM on the image file `path`.
    pub fn from_image_file(path: &str, options: VmOptions) -> Result<Vm, VmError> {
        let bytes = std::fs::read(path).map_err(|error| VmError::Io {
            path: path.into(),
            error,
        })?;
        let platform = SystemPlatform::new(path.into(), options.arguments.clone());
        Vm::from_image_bytes(&bytes, options.heap, Box::new(platform))
    }

    /// A VM on image file contents, with the given platform services.
    pub fn from_image_bytes(
        bytes: &[u8],
        heap: HeapConfig,
        platform: Box<dyn Platform>,
    ) -> Result<Vm, VmError> {
        let (heap, _loaded) = load_heap(bytes, heap)?;
        Ok(Vm {
            interpreter: Interpreter::new(heap, platform),
        })
    }

    /// The interpreter, for embedders and tests.
    pub fn interpreter(&mut self) -> &mut Interpreter {
        &mut self.interpreter
    }

    /// Compiles `source` as a doIt, runs it with receiver nil and answers its value.
    pub fn evaluate(&mut self, source: &str) -> Result<Oop, VmError> {
        let method = stvm_bootstrap::compile_doit(self.interpreter.heap_mut(), source)?;
        let nil = self.interpreter.heap().nil();
        Ok(self.interpreter.run_method(method, nil, &[])?)
    }

    /// Evaluates `source` and answers the printString of its value.
    pub fn eval(&mut self, source: &str) -> Result<String, VmError> {
        let value = self.evaluate(source)?;
        self.print_string(value)
    }

    /// Sends `printString` to `object` and answers the text.
    pub fn print_string(&mut self, object: Oop) -> Result<String, VmError> {
        let selector = stvm_bootstrap::intern_symbol(self.interpreter.heap_mut(), "printString")?;
        let text = self.interpreter.send_message(object, selector, &[])?;
        self.string_value(text)
    }

    /// The characters of a String (bytes as Latin-1) or Symbol.
    pub fn string_value(&self, string: Oop) -> Result<String, VmError> {
        let heap = self.interpreter.heap();
        if !string.is_pointer() || !heap.format_of(string).is_bytes() {
            return Err(VmError::ImageContents(
                "printString did not answer a String".into(),
            ));
        }
        Ok(heap
            .bytes(string)
            .iter()
            .map(|byte| char::from(*byte))
            .collect())
    }
}

impl Vm {
    /// Resumes the image's active process as saved and runs until it quits;
    /// answers the exit status.
    pub fn resume(&mut self) -> Result<i64, VmError> {
        match self.interpreter.resume_active_process()? {
            stvm_interpreter::ExitReason::Quit(code) => Ok(code),
        }
    }
}
