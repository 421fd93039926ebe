//! The special objects array (reference §6) and the run-time objects it
//! points at: the ProcessorScheduler with its 80 priority lists and the
//! active main Process, and the timer, interrupt, low-space and finalization
//! semaphores.
use stvm_bytecode::special_selectors::SPECIAL_SELECTORS;
use stvm_heap::Heap;
use stvm_object_model::{layout, special_objects as so, Oop};

use crate::class_layout::process as process_layout;
use crate::class_objects::{class_named, ClassMap};
use crate::error::BootstrapError;
use crate::objects;
use crate::symbols::SymbolTable;

/// Number of process priorities (Pharo's `ProcessorScheduler` has 80 lists).
pub const PRIORITY_LEVELS: usize = 80;
/// Priority of the main (user) process: `userSchedulingPriority`.
pub const USER_SCHEDULING_PRIORITY: i64 = 40;

/// Primitive error names, 1-based by error code (§10.4); code 1 is nil.
pub const PRIMITIVE_ERROR_NAMES: [Option<&str>; 24] = [
    None,
    Some("bad receiver"),
    Some("bad argument"),
    Some("bad index"),
    Some("bad number of arguments"),
    Some("inappropriate operation"),
    Some("unsupported operation"),
    Some("no modification"),
    Some("insufficient object memory"),
    Some("insufficient C memory"),
    Some("not found"),
    Some("bad method"),
    Some("internal error in named primitive machinery"),
    Some("object may move"),
    Some("resource limit exceeded"),
    Some("object is pinned"),
    Some("primitive write beyond end of object"),
    Some("object moved"),
    Some("object not pinned"),
    Some("callback error"),
    Some("operating system error"),
    Some("ffi exception"),
    Some("heap compaction needed"),
    Some("operation failed"),
];

/// The scheduler and the main process.
#[derive(Debug, Clone, Copy)]
pub struct Scheduler {
    /// The ProcessorScheduler (value of the `Processor` global).
    pub processor: Oop,
    /// The active process (priority 40, no suspended context).
    pub main_process: Oop,
}

/// A ProcessorScheduler with 80 empty LinkedLists and an active main Process.
pub fn build_scheduler(
    heap: &mut Heap,
    classes: &ClassMap,
    main_name: Oop,
) -> Result<Scheduler, BootstrapError> {
    let linked_list = class_named(classes, "LinkedList")?;
    let lists = objects::new_array(heap, PRIORITY_LEVELS)?;
    for priority in 0..PRIORITY_LEVELS {
        let list = objects::instantiate(heap, linked_list, 0)?;
        heap.store_pointer(lists, priority, list);
    }
    let processor = objects::instantiate(heap, class_named(classes, "ProcessorScheduler")?, 0)?;
    let main_process = objects::instantiate(heap, class_named(classes, "Process")?, 0)?;
    heap.store_pointer(
        main_process,
        layout::process::PRIORITY,
        Oop::small_integer_unchecked(USER_SCHEDULING_PRIORITY),
    );
    if heap.num_slots(main_process) > process_layout::NAME {
        heap.store_pointer(main_process, process_layout::NAME, main_name);
    }
    heap.store_pointer(processor, layout::scheduler::PROCESS_LISTS, lists);
    heap.store_pointer(processor, layout::scheduler::ACTIVE_PROCESS, main_process);
    Ok(Scheduler {
        processor,
        main_process,
    })
}

/// What the special objects array needs besides classes and symbols.
pub struct SpecialObjectsInputs {
    /// The `Processor` global's binding.
    pub processor_binding: Oop,
    /// The `Smalltalk` SystemDictionary.
    pub smalltalk: Oop,
}

/// Builds the 60-slot special objects array and installs it in the heap.
pub fn build_special_objects(
    heap: &mut Heap,
    classes: &ClassMap,
    symbols: SymbolTable,
    inputs: &SpecialObjectsInputs,
) -> Result<Oop, BootstrapError> {
    let array = objects::new_array(heap, so::SPECIAL_OBJECTS_SIZE)?;
    let put = |heap: &mut Heap, index: usize, value: Oop| heap.store_pointer(array, index, value);
    put(heap, so::NIL_OBJECT, heap.nil());
    put(heap, so::FALSE_OBJECT, heap.false_object());
    put(heap, so::TRUE_OBJECT, heap.true_object());
    put(heap, so::SCHEDULER_ASSOCIATION, inputs.processor_binding);
    put(heap, so::SMALLTALK_DICTIONARY, inputs.smalltalk);
    for (index, name) in class_slots() {
        let class_oop = classes.get(name).map_or(heap.nil(), |pair| pair.class);
        put(heap, index, class_oop);
    }
    for (index, selector) in so::SELECTOR_SLOTS {
        let symbol = symbols.intern(heap, selector.as_bytes())?;
        put(heap, index, symbol);
    }
    let semaphore = class_named(classes, "Semaphore")?;
    for index in [
        so::THE_LOW_SPACE_SEMAPHORE,
        so::THE_TIMER_SEMAPHORE,
        so::THE_INTERRUPT_SEMAPHORE,
        so::THE_FINALIZATION_SEMAPHORE,
    ] {
        let instance = new_semaphore(heap, semaphore)?;
        put(heap, index, instance);
    }
    let selectors = special_selectors_array(heap, symbols)?;
    put(heap, so::SPECIAL_SELECTORS, selectors);
    let empty = objects::new_array(heap, 0)?;
    put(heap, so::COMPACT_CLASSES, empty);
    let external = objects::new_array(heap, 0)?;
    put(heap, so::EXTERNAL_OBJECTS_ARRAY, external);
    let errors = primitive_error_table(heap, symbols)?;
    put(heap, so::PRIM_ERR_TABLE_INDEX, errors);
    heap.set_special_objects_array(array);
    Ok(array)
}

/// (index, class name) of the class slots.
fn class_slots() -> [(usize, &'static str); 20] {
    [
        (so::CLASS_BITMAP, "Bitmap"),
        (so::CLASS_SMALL_INTEGER, "SmallInteger"),
        (so::CLASS_BYTE_STRING, "ByteString"),
        (so::CLASS_ARRAY, "Array"),
        (so::CLASS_FLOAT, "BoxedFloat64"),
        (so::CLASS_METHOD_CONTEXT, "Context"),
        (so::CLASS_POINT, "Point"),
        (so::CLASS_LARGE_POSITIVE_INTEGER, "LargePositiveInteger"),
        (so::CLASS_MESSAGE, "Message"),
        (so::CLASS_COMPILED_METHOD, "CompiledMethod"),
        (so::CLASS_SEMAPHORE, "Semaphore"),
        (so::CLASS_CHARACTER, "Character"),
        (so::CLASS_BYTE_ARRAY, "ByteArray"),
        (so::CLASS_PROCESS, "Process"),
        (so::CLASS_BLOCK_CLOSURE, "BlockClosure"),
        (so::CLASS_FULL_BLOCK_CLOSURE, "FullBlockClosure"),
        (so::CLASS_LARGE_NEGATIVE_INTEGER, "LargeNegativeInteger"),
        (so::CLASS_MUTEX, "Mutex"),
        (so::CLASS_EXTERNAL_ADDRESS, "ExternalAddress"),
        (so::PROCESS_IN_EXTERNAL_CODE_TAG, "ProcessInExternalCodeTag"),
    ]
}

fn new_semaphore(heap: &mut Heap, semaphore: Oop) -> Result<Oop, BootstrapError> {
    let instance = objects::instantiate(heap, semaphore, 0)?;
    heap.store_pointer(
        instance,
        layout::linked_list::EXCESS_SIGNALS,
        Oop::small_integer_unchecked(0),
    );
    Ok(instance)
}

/// The 64-element Array of (selector, argument count) pairs (§8.3).
fn special_selectors_array(heap: &mut Heap, symbols: SymbolTable) -> Result<Oop, BootstrapError> {
    let array = objects::new_array(heap, SPECIAL_SELECTORS.len() * 2)?;
    for (index, (selector, args)) in SPECIAL_SELECTORS.iter().enumerate() {
        let symbol = symbols.intern(heap, selector.as_bytes())?;
        heap.store_pointer(array, 2 * index, symbol);
        heap.store_pointer(
            array,
            2 * index + 1,
            Oop::small_integer_unchecked(i64::from(*args)),
        );
    }
    Ok(array)
}

fn primitive_error_table(heap: &mut Heap, symbols: SymbolTable) -> Result<Oop, BootstrapError> {
    let array = objects::new_array(heap, PRIMITIVE_ERROR_NAMES.len())?;
    for (index, name) in PRIMITIVE_ERROR_NAMES.iter().enumerate() {
        if let Some(name) = name {
            let symbol = symbols.intern(heap, name.as_bytes())?;
            heap.store_pointer(array, index, symbol);
        }
    }
    Ok(array)
}
