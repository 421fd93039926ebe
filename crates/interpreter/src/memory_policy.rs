//! When to run a full GC, and what to do when old space outgrows its limit
//! (old space counted without its free chunks):
//! after every scavenge, old space that has doubled since the last full GC
//! (and is past a floor) gets a full GC; if it is still over the soft limit the
//! low-space semaphore (special object 17) is signalled once, as the
//! OpenSmalltalk VM does; past the hard limit (soft + a quarter) the run stops
//! with [`InterpreterError::MemoryLimitExceeded`], so a runaway image (an
//! endless recursion in its error handling) ends instead of eating the machine.
use stvm_object_model::special_objects;

use crate::error::InterpreterError;
use crate::interpreter::Interpreter;

/// Default soft limit of old space.
pub const DEFAULT_MEMORY_LIMIT_BYTES: u64 = 512 << 20;
/// Old space smaller than this never triggers a full GC by growth.
const FULL_GC_FLOOR_BYTES: u64 = 64 << 20;
/// Stack lines kept in a memory-limit report.
const REPORTED_STACK_LINES: usize = 12;

/// The state of the policy.
#[derive(Debug, Clone)]
pub(crate) struct MemoryPolicy {
    /// Soft limit of old-space bytes.
    pub(crate) limit_bytes: u64,
    /// Old-space size after which the next full GC runs.
    next_full_gc_bytes: u64,
    /// True once the low-space semaphore was signalled (until usage drops).
    has_signalled_low_space: bool,
}

impl Default for MemoryPolicy {
    fn default() -> Self {
        MemoryPolicy {
            limit_bytes: DEFAULT_MEMORY_LIMIT_BYTES,
            next_full_gc_bytes: FULL_GC_FLOOR_BYTES,
            has_signalled_low_space: false,
        }
    }
}

impl MemoryPolicy {
    fn hard_limit_bytes(&self) -> u64 {
        self.limit_bytes + self.limit_bytes / 4
    }
}

impl Interpreter {
    /// Sets the soft limit of old space (the hard limit is a quarter more).
    pub fn set_memory_limit(&mut self, bytes: u64) {
        self.memory.limit_bytes = bytes.max(1 << 20);
    }

    /// After a scavenge: full GC when old space has grown enough, then the
    /// low-space signal and the hard limit.
    pub(crate) fn apply_memory_policy(&mut self) {
        let mut used = self.old_space_bytes();
        if used >= self.memory.next_full_gc_bytes.min(self.memory.limit_bytes) {
            self.collect_garbage(true);
            used = self.old_space_bytes();
            self.memory.next_full_gc_bytes = (used * 2).max(FULL_GC_FLOOR_BYTES);
        }
        if used < self.memory.limit_bytes {
            self.memory.has_signalled_low_space = false;
            return;
        }
        if used >= self.memory.hard_limit_bytes() {
            let error = InterpreterError::MemoryLimitExceeded {
                limit_bytes: self.memory.limit_bytes,
                used_bytes: used,
                stack: self.stack_trace(REPORTED_STACK_LINES),
                missing_primitives: self.missing_primitives(),
            };
            self.fail_run(error);
            return;
        }
        if !self.memory.has_signalled_low_space {
            self.memory.has_signalled_low_space = true;
            let semaphore = self
                .heap
                .special_object(special_objects::THE_LOW_SPACE_SEMAPHORE);
            self.synchronous_signal(semaphore);
        }
    }

    /// Old-space bytes in use: its objects, not the free chunks a selective full GC
    /// leaves among them (allocation reuses those before old space grows).
    pub(crate) fn old_space_bytes(&self) -> u64 {
        let old_bytes = self.heap.space_usage().old_bytes;
        old_bytes.saturating_sub(self.heap.free_chunk_bytes())
    }
}

#[cfg(test)]
mod tests;
