//! Primitive 97 `snapshot`: writes the heap as a standard 64-bit Spur image to
//! the platform's image path (primitive 121) and goes on running.
//!
//! As in the StackInterpreter's `snapshot:`, the receiver on the stack is
//! replaced by `true` before anything is written, every frame of every stack
//! page is divorced into heap Contexts, the active process's `suspendedContext`
//! is set to the active context, and a full GC empties new space. The image
//! therefore resumes right after the primitive's send with `true` on the stack,
//! while the running system answers `false` (what `snapshot:andQuit:` tests).
//! When the file cannot be written the receiver is put back and the primitive
//! fails (operating-system error), with the frames re-made as they were.
use stvm_object_model::{layout, Oop};

use super::InterpreterPrimitiveResult;
use crate::interpreter::{Interpreter, NO_FRAME};
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// `snapshotPrimitive` (no argument).
    pub(crate) fn primitive_snapshot(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        if num_args != 0 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let process = self.active_process().ok_or(PrimitiveFailure::Generic)?;
        let receiver = self.stack_value(0);
        self.stack.put(self.sp, self.true_object);
        let Some(active_context) = self.divorce_all_frames() else {
            return Ok(()); // the run has failed (out of memory)
        };
        self.heap
            .store_pointer(process, layout::process::SUSPENDED_CONTEXT, active_context);
        self.with_roots(|heap, roots| heap.full_gc_compacting(roots));
        let written = self.write_snapshot();
        let process = self.active_process().ok_or(PrimitiveFailure::Generic)?;
        let active_context = self
            .heap
            .fetch_pointer(process, layout::process::SUSPENDED_CONTEXT);
        self.heap
            .store_pointer(process, layout::process::SUSPENDED_CONTEXT, self.nil);
        if !self.resume_context(active_context) {
            return Ok(()); // the run has failed (malformed context)
        }
        match written {
            Ok(()) => {
                self.stack.put(self.sp, self.false_object);
                Ok(())
            }
            Err(failure) => {
                self.stack.put(self.sp, receiver);
                Err(failure)
            }
        }
    }

    /// Marries the active frame, then divorces every page: afterwards no frame
    /// is left and every activation is a heap Context. Answers the active one.
    pub(crate) fn divorce_all_frames(&mut self) -> Option<Oop> {
        let active_context = self.ensure_frame_context(self.fp)?;
        self.save_registers_to_page();
        for page in 0..self.stack.pages.len() {
            if self.stack.pages[page].is_in_use && !self.divorce_page(page) {
                return None;
            }
        }
        self.fp = NO_FRAME;
        self.method = self.nil;
        Some(active_context)
    }

    /// Writes the (collected) heap to the platform's image path.
    fn write_snapshot(&mut self) -> Result<(), PrimitiveFailure> {
        let bytes = self
            .snapshot_bytes()
            .map_err(|_| PrimitiveFailure::OperatingSystemError)?;
        let path = self.platform.image_path().to_string();
        let files = self.platform.files();
        let file = files
            .open(&path, true)
            .map_err(|_| PrimitiveFailure::OperatingSystemError)?;
        let outcome = files
            .truncate(file, 0)
            .and_then(|()| files.set_position(file, 0))
            .and_then(|()| write_all(files, file, &bytes))
            .and_then(|()| files.flush(file));
        let closed = files.close(file);
        outcome
            .and(closed)
            .map_err(|_| PrimitiveFailure::OperatingSystemError)
    }

    /// The image file bytes of old space (new space must be empty).
    pub(crate) fn snapshot_bytes(&self) -> Result<Vec<u8>, stvm_image::ImageError> {
        let segments = self.heap.old_space_segments();
        let special_objects = self.heap.special_objects_array().bits();
        stvm_image::image_file_bytes(&segments, special_objects, self.heap.last_hash())
    }
}

/// Writes all of `bytes` to `file`.
fn write_all(
    files: &mut dyn crate::platform::FileSystem,
    file: u64,
    mut bytes: &[u8],
) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let written = files.write(file, bytes)?;
        if written == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[written..];
    }
    Ok(())
}
