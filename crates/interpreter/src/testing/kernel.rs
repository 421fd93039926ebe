//! The kernel of a test world: the classes the VM knows by index or by special
//! object, nil/true/false classes, the special objects array with the special
//! selectors and primitive error table, and a Processor with an active Process.
use std::collections::HashMap;

use stvm_bytecode::special_selectors::SPECIAL_SELECTORS;
use stvm_heap::Heap;
use stvm_object_model::{class_index as ci, layout, special_objects as so, ObjectFormat, Oop};

use super::{World, CLASS_NAME_SLOT, CLASS_SLOTS};

/// Number of priorities of the test Processor.
pub const PRIORITIES: usize = 80;
/// Priority of the active process of a fresh world.
pub const USER_PRIORITY: i64 = 40;

/// The kernel classes of a test world.
#[derive(Clone, Copy, Debug)]
#[allow(missing_docs, reason = "each field is the class of the same name")]
pub struct Classes {
    pub object: Oop,
    pub undefined_object: Oop,
    pub boolean: Oop,
    pub true_class: Oop,
    pub false_class: Oop,
    pub small_integer: Oop,
    pub character: Oop,
    pub small_float: Oop,
    pub boxed_float: Oop,
    pub large_positive_integer: Oop,
    pub large_negative_integer: Oop,
    pub message: Oop,
    pub context: Oop,
    pub block_closure: Oop,
    pub full_block_closure: Oop,
    pub byte_array: Oop,
    pub array: Oop,
    pub string: Oop,
    pub byte_string: Oop,
    pub symbol: Oop,
    pub byte_symbol: Oop,
    pub bitmap: Oop,
    pub method_dictionary: Oop,
    pub compiled_method: Oop,
    pub compiled_block: Oop,
    pub association: Oop,
    pub point: Oop,
    pub link: Oop,
    pub process: Oop,
    pub processor_scheduler: Oop,
    pub linked_list: Oop,
    pub semaphore: Oop,
    pub metaclass: Oop,
}

/// Builds the kernel into `heap`.
pub(super) fn build(mut heap: Heap) -> World {
    let nil = heap.nil();
    let metaclass = heap
        .allocate_old(0, ObjectFormat::FIXED, CLASS_SLOTS)
        .expect("Metaclass");
    let metaclass_index = heap.ensure_class_index(metaclass).expect("class table");
    let metaclass_class = heap
        .allocate_old(metaclass_index, ObjectFormat::FIXED, CLASS_SLOTS)
        .expect("Metaclass class");
    let metaclass_class_index = heap
        .ensure_class_index(metaclass_class)
        .expect("class table");
    heap.set_class_index_of(metaclass, metaclass_class_index);
    let word = layout::class::format_word(ObjectFormat::FIXED.value(), CLASS_SLOTS);
    heap.store_pointer(
        metaclass,
        layout::class::FORMAT,
        Oop::small_integer_unchecked(word),
    );
    heap.store_pointer(
        metaclass_class,
        layout::class::FORMAT,
        Oop::small_integer_unchecked(word),
    );
    let mut world = World {
        heap,
        classes: empty_classes(nil, metaclass),
        symbols: HashMap::new(),
        metaclass_index,
    };
    define_kernel_classes(&mut world);
    name_class(&mut world, metaclass, "Metaclass");
    build_special_objects(&mut world);
    world
}

fn empty_classes(nil: Oop, metaclass: Oop) -> Classes {
    Classes {
        object: nil,
        undefined_object: nil,
        boolean: nil,
        true_class: nil,
        false_class: nil,
        small_integer: nil,
        character: nil,
        small_float: nil,
        boxed_float: nil,
        large_positive_integer: nil,
        large_negative_integer: nil,
        message: nil,
        context: nil,
        block_closure: nil,
        full_block_closure: nil,
        byte_array: nil,
        array: nil,
        string: nil,
        byte_string: nil,
        symbol: nil,
        byte_symbol: nil,
        bitmap: nil,
        method_dictionary: nil,
        compiled_method: nil,
        compiled_block: nil,
        association: nil,
        point: nil,
        link: nil,
        process: nil,
        processor_scheduler: nil,
        linked_list: nil,
        semaphore: nil,
        metaclass,
    }
}

fn name_class(world: &mut World, class: Oop, name: &str) {
    let symbol = world.symbol(name);
    world.heap.store_pointer(class, CLASS_NAME_SLOT, symbol);
}

/// Defines a class before Symbols exist (named afterwards).
fn early(
    world: &mut World,
    superclass: Oop,
    format: ObjectFormat,
    fixed: usize,
    index: Option<u32>,
) -> Oop {
    let metaclass = world.new_class_object(world.metaclass_index, ObjectFormat::FIXED, CLASS_SLOTS);
    let meta_index = world
        .heap
        .ensure_class_index(metaclass)
        .expect("class table");
    let class = world.new_class_object(meta_index, format, fixed);
    match index {
        Some(index) => world
            .heap
            .set_class_at_index(index, class)
            .expect("class table"),
        None => {
            world.heap.ensure_class_index(class).expect("class table");
        }
    }
    let nil = world.heap.nil();
    let meta_super = if superclass == nil {
        world.classes.metaclass
    } else {
        world.heap.class_of(superclass)
    };
    world
        .heap
        .store_pointer(class, layout::class::SUPERCLASS, superclass);
    world
        .heap
        .store_pointer(metaclass, layout::class::SUPERCLASS, meta_super);
    world
        .heap
        .store_pointer(metaclass, super::THIS_CLASS_SLOT, class);
    class
}

fn define_kernel_classes(world: &mut World) {
    let nil = world.heap.nil();
    let zero = ObjectFormat::ZERO_SIZED;
    let fixed = ObjectFormat::FIXED;
    let object = early(world, nil, fixed, 0, None);
    let string = early(world, object, ObjectFormat::BYTES, 0, None);
    let symbol = early(world, string, ObjectFormat::BYTES, 0, None);
    let byte_symbol = early(world, symbol, ObjectFormat::BYTES, 0, None);
    world.classes.object = object;
    world.classes.string = string;
    world.classes.symbol = symbol;
    world.classes.byte_symbol = byte_symbol;
    for (class, name) in [
        (object, "Object"),
        (string, "String"),
        (symbol, "Symbol"),
        (byte_symbol, "ByteSymbol"),
    ] {
        name_class(world, class, name);
    }
    let define = |world: &mut World,
                  name: &str,
                  superclass: Oop,
                  format: ObjectFormat,
                  fixed: usize,
                  index: Option<u32>| {
        world.define_class_at(name, superclass, format, fixed, index)
    };
    let c = &mut world.classes.clone();
    c.undefined_object = define(world, "UndefinedObject", object, zero, 0, None);
    c.boolean = define(world, "Boolean", object, zero, 0, None);
    c.true_class = define(world, "True", c.boolean, zero, 0, None);
    c.false_class = define(world, "False", c.boolean, zero, 0, None);
    c.small_integer = define(
        world,
        "SmallInteger",
        object,
        zero,
        0,
        Some(ci::SMALL_INTEGER),
    );
    c.character = define(world, "Character", object, zero, 0, Some(ci::CHARACTER));
    c.small_float = define(
        world,
        "SmallFloat64",
        object,
        zero,
        0,
        Some(ci::SMALL_FLOAT),
    );
    c.boxed_float = define(
        world,
        "BoxedFloat64",
        object,
        ObjectFormat::WORDS32,
        0,
        Some(ci::BOXED_FLOAT),
    );
    c.large_negative_integer = define(
        world,
        "LargeNegativeInteger",
        object,
        ObjectFormat::BYTES,
        0,
        Some(ci::LARGE_NEGATIVE_INTEGER),
    );
    c.large_positive_integer = define(
        world,
        "LargePositiveInteger",
        object,
        ObjectFormat::BYTES,
        0,
        Some(ci::LARGE_POSITIVE_INTEGER),
    );
    c.message = define(world, "Message", object, fixed, 3, Some(ci::MESSAGE));
    c.context = define(
        world,
        "Context",
        object,
        ObjectFormat::FIXED_AND_INDEXABLE,
        6,
        Some(ci::CONTEXT),
    );
    c.block_closure = define(
        world,
        "BlockClosure",
        object,
        ObjectFormat::FIXED_AND_INDEXABLE,
        3,
        Some(ci::BLOCK_CLOSURE),
    );
    c.full_block_closure = define(
        world,
        "FullBlockClosure",
        c.block_closure,
        ObjectFormat::FIXED_AND_INDEXABLE,
        4,
        Some(ci::FULL_BLOCK_CLOSURE),
    );
    c.byte_array = define(
        world,
        "ByteArray",
        object,
        ObjectFormat::BYTES,
        0,
        Some(ci::BYTE_ARRAY),
    );
    c.array = define(
        world,
        "Array",
        object,
        ObjectFormat::INDEXABLE,
        0,
        Some(ci::ARRAY),
    );
    c.byte_string = define(
        world,
        "ByteString",
        string,
        ObjectFormat::BYTES,
        0,
        Some(ci::BYTE_STRING),
    );
    c.bitmap = define(
        world,
        "Bitmap",
        object,
        ObjectFormat::WORDS32,
        0,
        Some(ci::BITMAP),
    );
    c.method_dictionary = define(
        world,
        "MethodDictionary",
        object,
        ObjectFormat::FIXED_AND_INDEXABLE,
        2,
        None,
    );
    c.compiled_method = define(
        world,
        "CompiledMethod",
        object,
        ObjectFormat::COMPILED_METHOD,
        0,
        None,
    );
    c.compiled_block = define(
        world,
        "CompiledBlock",
        object,
        ObjectFormat::COMPILED_METHOD,
        0,
        None,
    );
    c.association = define(world, "Association", object, fixed, 2, None);
    c.point = define(world, "Point", object, fixed, 2, None);
    c.link = define(world, "Link", object, fixed, 1, None);
    c.process = define(world, "Process", c.link, fixed, 5, None);
    c.processor_scheduler = define(world, "ProcessorScheduler", object, fixed, 2, None);
    c.linked_list = define(world, "LinkedList", object, fixed, 2, None);
    c.semaphore = define(world, "Semaphore", c.linked_list, fixed, 3, None);
    world.classes = *c;
    for (oop, class) in [
        (world.heap.nil(), c.undefined_object),
        (world.heap.true_object(), c.true_class),
        (world.heap.false_object(), c.false_class),
    ] {
        let index = world.heap.ensure_class_index(class).expect("class table");
        world.heap.set_class_index_of(oop, index);
    }
}

fn build_special_objects(world: &mut World) {
    let nil = world.heap.nil();
    let array = world
        .heap
        .allocate_old(ci::ARRAY, ObjectFormat::INDEXABLE, so::SPECIAL_OBJECTS_SIZE)
        .expect("specials");
    world.heap.set_special_objects_array(array);
    let c = world.classes;
    let selectors = special_selectors_array(world);
    let scheduler_association = build_processor(world);
    let error_table = primitive_error_table(world);
    let semaphores: Vec<Oop> = (0..4).map(|_| new_semaphore(world)).collect();
    let mut entries: Vec<(usize, Oop)> = vec![
        (so::NIL_OBJECT, nil),
        (so::FALSE_OBJECT, world.heap.false_object()),
        (so::TRUE_OBJECT, world.heap.true_object()),
        (so::SCHEDULER_ASSOCIATION, scheduler_association),
        (so::CLASS_BITMAP, c.bitmap),
        (so::CLASS_SMALL_INTEGER, c.small_integer),
        (so::CLASS_BYTE_STRING, c.byte_string),
        (so::CLASS_ARRAY, c.array),
        (so::CLASS_FLOAT, c.boxed_float),
        (so::CLASS_METHOD_CONTEXT, c.context),
        (so::CLASS_POINT, c.point),
        (so::CLASS_LARGE_POSITIVE_INTEGER, c.large_positive_integer),
        (so::CLASS_MESSAGE, c.message),
        (so::CLASS_COMPILED_METHOD, c.compiled_method),
        (so::THE_LOW_SPACE_SEMAPHORE, semaphores[0]),
        (so::CLASS_SEMAPHORE, c.semaphore),
        (so::CLASS_CHARACTER, c.character),
        (so::SPECIAL_SELECTORS, selectors),
        (so::CLASS_BYTE_ARRAY, c.byte_array),
        (so::CLASS_PROCESS, c.process),
        (so::THE_TIMER_SEMAPHORE, semaphores[1]),
        (so::THE_INTERRUPT_SEMAPHORE, semaphores[2]),
        (so::CLASS_BLOCK_CLOSURE, c.block_closure),
        (so::CLASS_FULL_BLOCK_CLOSURE, c.full_block_closure),
        (so::THE_FINALIZATION_SEMAPHORE, semaphores[3]),
        (so::CLASS_LARGE_NEGATIVE_INTEGER, c.large_negative_integer),
        (so::PRIM_ERR_TABLE_INDEX, error_table),
    ];
    for (index, name) in so::SELECTOR_SLOTS {
        entries.push((index, world.symbol(name)));
    }
    for (index, value) in entries {
        world.heap.store_pointer(array, index, value);
    }
}

fn special_selectors_array(world: &mut World) -> Oop {
    let mut elements = Vec::new();
    for (name, num_args) in SPECIAL_SELECTORS {
        elements.push(world.symbol(name));
        elements.push(Oop::small_integer_unchecked(i64::from(num_args)));
    }
    world.array(&elements)
}

fn primitive_error_table(world: &mut World) -> Oop {
    let names = [
        "bad receiver",
        "bad argument",
        "bad index",
        "bad number of arguments",
        "inappropriate operation",
        "unsupported operation",
        "no modification",
        "insufficient object memory",
        "insufficient C memory",
        "not found",
        "bad method",
        "internal error in named primitive machinery",
        "object may move",
        "resource limit exceeded",
        "object is pinned",
        "primitive write beyond end of object",
        "object moved",
        "object not pinned",
        "callback error",
        "operating system error",
        "ffi exception",
        "need compaction",
        "operation failed",
    ];
    let mut elements = vec![world.heap.nil()];
    for name in names {
        elements.push(world.symbol(name));
    }
    world.array(&elements)
}

fn new_semaphore(world: &mut World) -> Oop {
    let semaphore = world.instantiate(world.classes.semaphore, 0);
    world.heap.store_pointer(
        semaphore,
        layout::linked_list::EXCESS_SIGNALS,
        Oop::small_integer_unchecked(0),
    );
    semaphore
}

/// `#Processor -> aProcessorScheduler` with an active Process at user priority.
fn build_processor(world: &mut World) -> Oop {
    let lists: Vec<Oop> = (0..PRIORITIES)
        .map(|_| world.instantiate(world.classes.linked_list, 0))
        .collect();
    let lists = world.array(&lists);
    let scheduler = world.instantiate(world.classes.processor_scheduler, 0);
    let process = new_process(world, USER_PRIORITY);
    world
        .heap
        .store_pointer(scheduler, layout::scheduler::PROCESS_LISTS, lists);
    world
        .heap
        .store_pointer(scheduler, layout::scheduler::ACTIVE_PROCESS, process);
    let key = world.symbol("Processor");
    world.association(key, scheduler)
}

/// A new Process of `priority` with no suspended context.
pub(super) fn new_process(world: &mut World, priority: i64) -> Oop {
    let process = world.instantiate(world.classes.process, 0);
    world.heap.store_pointer(
        process,
        layout::process::PRIORITY,
        Oop::small_integer_unchecked(priority),
    );
    process
}
