//! The special objects array and the scheduler the bootstrap makes.
mod common;

use common::{class, kernel_image, text};
use stvm_object_model::{layout, special_objects as so, Oop};

fn special(image: &stvm_bootstrap::BootstrappedImage, index: usize) -> Oop {
    image.heap.fetch_pointer(image.special_objects, index)
}

#[test]
fn special_objects_array_has_sixty_slots() {
    let image = kernel_image();
    assert_eq!(
        image.heap.num_slots(image.special_objects),
        so::SPECIAL_OBJECTS_SIZE
    );
}

#[test]
fn heap_knows_the_special_objects_array() {
    let image = kernel_image();
    assert_eq!(image.heap.special_objects_array(), image.special_objects);
}

#[test]
fn first_three_special_objects_are_nil_false_true() {
    let image = kernel_image();
    let heap = &image.heap;
    assert_eq!(
        [special(&image, 0), special(&image, 1), special(&image, 2)],
        [heap.nil(), heap.false_object(), heap.true_object()]
    );
}

#[test]
fn scheduler_association_is_the_processor_binding() {
    let image = kernel_image();
    let binding = special(&image, so::SCHEDULER_ASSOCIATION);
    let key = image.heap.fetch_pointer(binding, layout::association::KEY);
    let value = image
        .heap
        .fetch_pointer(binding, layout::association::VALUE);
    assert_eq!(
        (text(&image.heap, key), value),
        ("Processor".to_string(), image.processor)
    );
}

#[test]
fn scheduler_has_eighty_priority_lists() {
    let image = kernel_image();
    let lists = image
        .heap
        .fetch_pointer(image.processor, layout::scheduler::PROCESS_LISTS);
    assert_eq!(image.heap.num_slots(lists), 80);
}

#[test]
fn active_process_is_the_main_process_without_a_context() {
    let image = kernel_image();
    let active = image
        .heap
        .fetch_pointer(image.processor, layout::scheduler::ACTIVE_PROCESS);
    let context = image
        .heap
        .fetch_pointer(active, layout::process::SUSPENDED_CONTEXT);
    assert_eq!((active, context), (image.main_process, image.heap.nil()));
}

#[test]
fn class_slots_hold_the_kernel_classes() {
    let image = kernel_image();
    let expected = [
        (so::CLASS_SMALL_INTEGER, "SmallInteger"),
        (so::CLASS_BYTE_STRING, "ByteString"),
        (so::CLASS_ARRAY, "Array"),
        (so::CLASS_FLOAT, "BoxedFloat64"),
        (so::CLASS_METHOD_CONTEXT, "Context"),
        (so::CLASS_POINT, "Point"),
        (so::CLASS_LARGE_POSITIVE_INTEGER, "LargePositiveInteger"),
        (so::CLASS_MESSAGE, "Message"),
        (so::CLASS_SEMAPHORE, "Semaphore"),
        (so::CLASS_CHARACTER, "Character"),
        (so::CLASS_BYTE_ARRAY, "ByteArray"),
        (so::CLASS_PROCESS, "Process"),
        (so::CLASS_BLOCK_CLOSURE, "BlockClosure"),
        (so::CLASS_FULL_BLOCK_CLOSURE, "FullBlockClosure"),
        (so::CLASS_LARGE_NEGATIVE_INTEGER, "LargeNegativeInteger"),
    ];
    let wrong: Vec<&str> = expected
        .iter()
        .filter(|(index, name)| special(&image, *index) != class(&image, name))
        .map(|(_, name)| *name)
        .collect();
    assert_eq!(wrong, Vec::<&str>::new());
}

#[test]
fn selector_slots_hold_the_vm_selectors() {
    let image = kernel_image();
    let expected = [
        (so::SELECTOR_DOES_NOT_UNDERSTAND, "doesNotUnderstand:"),
        (so::SELECTOR_CANNOT_RETURN, "cannotReturn:"),
        (so::SELECTOR_MUST_BE_BOOLEAN, "mustBeBoolean"),
        (so::SELECTOR_CANNOT_INTERPRET, "cannotInterpret:"),
        (so::SELECTOR_ABOUT_TO_RETURN, "aboutToReturn:through:"),
        (so::SELECTOR_RUN_WITH_IN, "run:with:in:"),
        (so::SELECTOR_ATTEMPT_TO_ASSIGN, "attemptToAssign:withIndex:"),
        (so::SELECTOR_UNKNOWN_BYTECODE, "unusedBytecode"),
    ];
    let wrong: Vec<&str> = expected
        .iter()
        .filter(|(index, name)| text(&image.heap, special(&image, *index)) != *name)
        .map(|(_, name)| *name)
        .collect();
    assert_eq!(wrong, Vec::<&str>::new());
}

#[test]
fn selector_slots_hold_symbols_from_the_symbol_table() {
    let image = kernel_image();
    let dnu = image.symbols.lookup(&image.heap, b"doesNotUnderstand:");
    assert_eq!(dnu, Some(special(&image, so::SELECTOR_DOES_NOT_UNDERSTAND)));
}

#[test]
fn special_selectors_array_has_thirty_two_pairs_starting_with_plus() {
    let image = kernel_image();
    let array = special(&image, so::SPECIAL_SELECTORS);
    let first = image.heap.fetch_pointer(array, 0);
    let args = image.heap.fetch_pointer(array, 1);
    assert_eq!(
        (
            image.heap.num_slots(array),
            text(&image.heap, first),
            args.as_small_integer()
        ),
        (64, "+".to_string(), Some(1))
    );
}

#[test]
fn special_selector_at_put_takes_two_arguments() {
    let image = kernel_image();
    let array = special(&image, so::SPECIAL_SELECTORS);
    let selector = image.heap.fetch_pointer(array, 34);
    let args = image.heap.fetch_pointer(array, 35);
    assert_eq!(
        (text(&image.heap, selector), args.as_small_integer()),
        ("at:put:".to_string(), Some(2))
    );
}

#[test]
fn timer_semaphore_is_a_semaphore_with_no_excess_signals() {
    let image = kernel_image();
    let semaphore = special(&image, so::THE_TIMER_SEMAPHORE);
    let signals = image
        .heap
        .fetch_pointer(semaphore, layout::linked_list::EXCESS_SIGNALS);
    assert_eq!(
        (image.heap.class_of(semaphore), signals.as_small_integer()),
        (class(&image, "Semaphore"), Some(0))
    );
}

#[test]
fn interrupt_low_space_and_finalization_semaphores_are_distinct() {
    let image = kernel_image();
    let a = special(&image, so::THE_INTERRUPT_SEMAPHORE);
    let b = special(&image, so::THE_LOW_SPACE_SEMAPHORE);
    let c = special(&image, so::THE_FINALIZATION_SEMAPHORE);
    assert!(a != b && b != c && a != c && image.heap.class_of(c) == class(&image, "Semaphore"));
}

#[test]
fn primitive_error_table_names_bad_receiver_second() {
    let image = kernel_image();
    let table = special(&image, so::PRIM_ERR_TABLE_INDEX);
    let first = image.heap.fetch_pointer(table, 0);
    let second = image.heap.fetch_pointer(table, 1);
    assert_eq!(
        (first, text(&image.heap, second)),
        (image.heap.nil(), "bad receiver".to_string())
    );
}

#[test]
fn smalltalk_slot_holds_the_system_dictionary() {
    let image = kernel_image();
    assert_eq!(
        (
            special(&image, so::SMALLTALK_DICTIONARY),
            image.heap.class_of(image.smalltalk)
        ),
        (image.smalltalk, class(&image, "SystemDictionary"))
    );
}

#[test]
fn compact_classes_slot_is_an_empty_array() {
    let image = kernel_image();
    let compact = special(&image, so::COMPACT_CLASSES);
    assert_eq!(
        (image.heap.class_of(compact), image.heap.num_slots(compact)),
        (class(&image, "Array"), 0)
    );
}
