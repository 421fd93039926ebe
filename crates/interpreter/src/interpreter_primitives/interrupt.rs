//! The user interrupt (Ctrl-C): the platform notes it (see
//! `platform::user_interrupt`), the periodic checks take it and signal the
//! interrupt semaphore (special object 30), where the image's interrupt
//! watcher waits. An image without one (special object 30 nil) cannot be
//! interrupted: stvm says so on stderr and arms the platform so that the next
//! Ctrl-C ends the VM (exit status 130).
use stvm_object_model::{layout::linked_list, special_objects};

use crate::interpreter::Interpreter;

/// What stvm says when Ctrl-C finds no interrupt semaphore.
pub(crate) const NO_INTERRUPT_HANDLER_MESSAGE: &str =
    "stvm: interrupt (Ctrl-C) ignored: the image has no interrupt semaphore; press Ctrl-C again to quit\n";

impl Interpreter {
    /// Delivers a pending user interrupt (may switch processes).
    pub(crate) fn check_user_interrupt(&mut self) {
        if !self.platform.take_user_interrupt() {
            return;
        }
        let semaphore = self
            .heap
            .special_object(special_objects::THE_INTERRUPT_SEMAPHORE);
        if semaphore.is_pointer()
            && semaphore != self.nil
            && self.heap.format_of(semaphore).is_pointers()
            && self.heap.num_slots(semaphore) > linked_list::EXCESS_SIGNALS
        {
            self.synchronous_signal(semaphore);
            return;
        }
        let _ = self
            .platform
            .write_stderr(NO_INTERRUPT_HANDLER_MESSAGE.as_bytes());
        self.platform.arm_user_interrupt_quit();
    }
}
