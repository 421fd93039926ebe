//! Slot indices (0-based) of the instance layouts the VM relies on (reference §9),
//! and of the hidden-roots object (§1.6).
#![allow(
    missing_docs,
    reason = "each constant names one slot of a documented layout"
)]

/// Behavior: superclass, method dictionary, format word `(instSpec << 16) + instSize`.
pub mod class {
    pub const SUPERCLASS: usize = 0;
    pub const METHOD_DICTIONARY: usize = 1;
    pub const FORMAT: usize = 2;

    /// The instance format encoded in a class's format SmallInteger.
    pub const fn instance_format(format_word: i64) -> u8 {
        ((format_word >> 16) & 0x1F) as u8
    }
    /// The number of fixed fields encoded in a class's format SmallInteger.
    pub const fn fixed_fields(format_word: i64) -> usize {
        (format_word & 0xFFFF) as usize
    }
    /// The class format SmallInteger for an instance format and fixed-field count.
    pub const fn format_word(instance_format: u8, fixed_fields: usize) -> i64 {
        ((instance_format as i64) << 16) | fixed_fields as i64
    }
}

/// MethodDictionary: tally, parallel method array, then selector keys.
pub mod method_dictionary {
    pub const TALLY: usize = 0;
    pub const METHOD_ARRAY: usize = 1;
    pub const SELECTOR_START: usize = 2;
}

/// Context (format 3, 6 fixed slots then args, temps and stack).
pub mod context {
    pub const SENDER: usize = 0;
    pub const PC: usize = 1;
    pub const STACKP: usize = 2;
    pub const METHOD: usize = 3;
    pub const CLOSURE_OR_NIL: usize = 4;
    pub const RECEIVER: usize = 5;
    pub const TEMP_FRAME_START: usize = 6;
    /// Stack slots of a small-frame context.
    pub const SMALL_FRAME_SLOTS: usize = 16;
    /// Stack slots of a large-frame context.
    pub const LARGE_FRAME_SLOTS: usize = 56;
}

/// BlockClosure (non-full, V3PlusClosures).
pub mod block_closure {
    pub const OUTER_CONTEXT: usize = 0;
    pub const START_PC: usize = 1;
    pub const NUM_ARGS: usize = 2;
    pub const FIRST_COPIED_VALUE: usize = 3;
}

/// FullBlockClosure (Sista).
pub mod full_block_closure {
    pub const OUTER_CONTEXT: usize = 0;
    pub const COMPILED_BLOCK: usize = 1;
    pub const NUM_ARGS: usize = 2;
    pub const RECEIVER: usize = 3;
    pub const FIRST_COPIED_VALUE: usize = 4;
}

/// Process.
pub mod process {
    pub const NEXT_LINK: usize = 0;
    pub const SUSPENDED_CONTEXT: usize = 1;
    pub const PRIORITY: usize = 2;
    pub const MY_LIST: usize = 3;
}

/// ProcessorScheduler.
pub mod scheduler {
    pub const PROCESS_LISTS: usize = 0;
    pub const ACTIVE_PROCESS: usize = 1;
}

/// LinkedList and Semaphore.
pub mod linked_list {
    pub const FIRST_LINK: usize = 0;
    pub const LAST_LINK: usize = 1;
    /// Semaphore only.
    pub const EXCESS_SIGNALS: usize = 2;
}

/// Association / binding.
pub mod association {
    pub const KEY: usize = 0;
    pub const VALUE: usize = 1;
}

/// Message.
pub mod message {
    pub const SELECTOR: usize = 0;
    pub const ARGUMENTS: usize = 1;
    pub const LOOKUP_CLASS: usize = 2;
}

/// Point.
pub mod point {
    pub const X: usize = 0;
    pub const Y: usize = 1;
}

/// The hidden-roots object (class index 16): class-table pages then GC roots.
pub mod hidden_roots {
    pub const CLASS_TABLE_PAGES: usize = 4096;
    pub const MARK_STACK: usize = 4096;
    pub const WEAKLING_STACK: usize = 4097;
    pub const MOURN_QUEUE: usize = 4098;
    pub const REMEMBERED_SET: usize = 4099;
    /// Slots written by stvm (4096 pages + 8 roots, as PVM).
    pub const NUM_SLOTS: usize = 4096 + 8;
}
