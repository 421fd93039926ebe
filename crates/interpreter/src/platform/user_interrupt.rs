//! Ctrl-C (SIGINT) for the system platform, with the `signal-hook` crate (no
//! unsafe code here): a SIGINT sets the *pending* flag, which the interpreter
//! takes at its next periodic check and turns into a signal of the image's
//! interrupt semaphore. A SIGINT that arrives while the previous one is still
//! pending (the VM is stuck in a primitive or blocked on input), or after the
//! interpreter found no interrupt semaphore and *armed* the quit, ends the
//! process at once with exit status 130 (128 + SIGINT), as a shell expects.
//! The handlers are installed once per process, by the first `SystemPlatform`.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// Exit status of a VM ended by a second Ctrl-C.
pub const INTERRUPT_EXIT_STATUS: i32 = 130;

/// The process-wide flags the SIGINT handlers set and test.
pub(crate) struct UserInterruptFlags {
    pending: Arc<AtomicBool>,
    armed: Arc<AtomicBool>,
}

impl UserInterruptFlags {
    /// True (once) if a SIGINT arrived since the last call.
    pub(crate) fn take(&self) -> bool {
        self.pending.swap(false, Ordering::SeqCst)
    }

    /// Makes the next SIGINT end the process.
    pub(crate) fn arm_quit(&self) {
        self.armed.store(true, Ordering::SeqCst);
    }
}

static FLAGS: OnceLock<Option<UserInterruptFlags>> = OnceLock::new();

/// The flags, installing the SIGINT handlers the first time; None if the
/// handlers could not be installed (Ctrl-C then keeps its default action).
pub(crate) fn user_interrupt_flags() -> Option<&'static UserInterruptFlags> {
    FLAGS.get_or_init(install).as_ref()
}

#[cfg(unix)]
fn install() -> Option<UserInterruptFlags> {
    use signal_hook::consts::SIGINT;
    use signal_hook::flag;
    let flags = UserInterruptFlags {
        pending: Arc::new(AtomicBool::new(false)),
        armed: Arc::new(AtomicBool::new(false)),
    };
    // Order matters: the shutdowns test the flags before `register` sets `pending`.
    flag::register_conditional_shutdown(SIGINT, INTERRUPT_EXIT_STATUS, flags.armed.clone()).ok()?;
    flag::register_conditional_shutdown(SIGINT, INTERRUPT_EXIT_STATUS, flags.pending.clone())
        .ok()?;
    flag::register(SIGINT, flags.pending.clone()).ok()?;
    Some(flags)
}

#[cfg(not(unix))]
fn install() -> Option<UserInterruptFlags> {
    None
}
