//! 0-based indices into the special objects array (60 slots), as the VM names them.
#![allow(
    missing_docs,
    reason = "each constant is the VM's own name for a slot of the array"
)]

pub const NIL_OBJECT: usize = 0;
pub const FALSE_OBJECT: usize = 1;
pub const TRUE_OBJECT: usize = 2;
pub const SCHEDULER_ASSOCIATION: usize = 3;
pub const CLASS_BITMAP: usize = 4;
pub const CLASS_SMALL_INTEGER: usize = 5;
pub const CLASS_BYTE_STRING: usize = 6;
pub const CLASS_ARRAY: usize = 7;
pub const SMALLTALK_DICTIONARY: usize = 8;
pub const CLASS_FLOAT: usize = 9;
pub const CLASS_METHOD_CONTEXT: usize = 10;
pub const CLASS_POINT: usize = 12;
pub const CLASS_LARGE_POSITIVE_INTEGER: usize = 13;
pub const THE_DISPLAY: usize = 14;
pub const CLASS_MESSAGE: usize = 15;
pub const CLASS_COMPILED_METHOD: usize = 16;
pub const THE_LOW_SPACE_SEMAPHORE: usize = 17;
pub const CLASS_SEMAPHORE: usize = 18;
pub const CLASS_CHARACTER: usize = 19;
pub const SELECTOR_DOES_NOT_UNDERSTAND: usize = 20;
pub const SELECTOR_CANNOT_RETURN: usize = 21;
pub const PROCESS_SIGNALING_LOW_SPACE: usize = 22;
pub const SPECIAL_SELECTORS: usize = 23;
pub const CHARACTER_TABLE: usize = 24;
pub const SELECTOR_MUST_BE_BOOLEAN: usize = 25;
pub const CLASS_BYTE_ARRAY: usize = 26;
pub const CLASS_PROCESS: usize = 27;
pub const COMPACT_CLASSES: usize = 28;
pub const THE_TIMER_SEMAPHORE: usize = 29;
pub const THE_INTERRUPT_SEMAPHORE: usize = 30;
pub const SELECTOR_CANNOT_INTERPRET: usize = 34;
pub const CLASS_BLOCK_CLOSURE: usize = 36;
pub const CLASS_FULL_BLOCK_CLOSURE: usize = 37;
pub const EXTERNAL_OBJECTS_ARRAY: usize = 38;
pub const CLASS_MUTEX: usize = 39;
pub const PROCESS_IN_EXTERNAL_CODE_TAG: usize = 40;
pub const THE_FINALIZATION_SEMAPHORE: usize = 41;
pub const CLASS_LARGE_NEGATIVE_INTEGER: usize = 42;
pub const CLASS_EXTERNAL_ADDRESS: usize = 43;
pub const SELECTOR_ABOUT_TO_RETURN: usize = 48;
pub const SELECTOR_RUN_WITH_IN: usize = 49;
pub const SELECTOR_ATTEMPT_TO_ASSIGN: usize = 50;
pub const PRIM_ERR_TABLE_INDEX: usize = 51;
pub const FOREIGN_CALLBACK_PROCESS: usize = 56;
pub const SELECTOR_UNKNOWN_BYTECODE: usize = 57;
pub const SELECTOR_COUNTER_TRIPPED: usize = 58;
pub const SELECTOR_SISTA_TRAP: usize = 59;

/// Number of slots in the special objects array.
pub const SPECIAL_OBJECTS_SIZE: usize = 60;

/// The slots of the special objects array that hold selectors, with the selector
/// each must hold (reference §6).
pub const SELECTOR_SLOTS: [(usize, &str); 10] = [
    (SELECTOR_DOES_NOT_UNDERSTAND, "doesNotUnderstand:"),
    (SELECTOR_CANNOT_RETURN, "cannotReturn:"),
    (SELECTOR_MUST_BE_BOOLEAN, "mustBeBoolean"),
    (SELECTOR_CANNOT_INTERPRET, "cannotInterpret:"),
    (SELECTOR_ABOUT_TO_RETURN, "aboutToReturn:through:"),
    (SELECTOR_RUN_WITH_IN, "run:with:in:"),
    (SELECTOR_ATTEMPT_TO_ASSIGN, "attemptToAssign:withIndex:"),
    (SELECTOR_UNKNOWN_BYTECODE, "unusedBytecode"),
    (
        SELECTOR_COUNTER_TRIPPED,
        "conditionalBranchCounterTrippedOn:",
    ),
    (SELECTOR_SISTA_TRAP, "classTrapFor:"),
];
