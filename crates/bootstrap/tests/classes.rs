//! The class hierarchy the bootstrap builds from `kernel/`.
mod common;

use common::{class, kernel_image, text};
use stvm_bootstrap::class_layout::{class as class_slot, metaclass};
use stvm_bootstrap::{definition::parse_definition, kernel_sources, plan_classes, COMPACT_CLASSES};
use stvm_object_model::{class_index, layout, Oop};

#[test]
fn every_kernel_class_has_its_planned_superclass_and_format_word() {
    let image = kernel_image();
    let definitions = kernel_sources()
        .into_iter()
        .filter(|s| s.path.ends_with(".class.st"))
        .map(|s| {
            (
                s.path.clone(),
                parse_definition(&s.text).expect("definition").0,
            )
        })
        .collect();
    let plans = plan_classes(definitions).expect("plan");
    let mut failures = Vec::new();
    for plan in &plans {
        let pair = image.classes[plan.name()];
        let superclass = image.heap.fetch_pointer(pair.class, class_slot::SUPERCLASS);
        let expected = plan
            .definition
            .superclass
            .as_ref()
            .map_or(image.heap.nil(), |s| image.classes[s.as_str()].class);
        let format = image.heap.fetch_pointer(pair.class, class_slot::FORMAT);
        if superclass != expected || format.as_small_integer() != Some(plan.format_word()) {
            failures.push(plan.name().to_string());
        }
    }
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn array_class_format_is_indexable_pointers_without_fixed_fields() {
    let image = kernel_image();
    let format = image
        .heap
        .fetch_pointer(class(&image, "Array"), class_slot::FORMAT);
    assert_eq!(format.as_small_integer(), Some(2 << 16));
}

#[test]
fn context_class_format_is_variable_with_six_fixed_fields() {
    let image = kernel_image();
    let format = image
        .heap
        .fetch_pointer(class(&image, "Context"), class_slot::FORMAT);
    assert_eq!(format.as_small_integer(), Some((3 << 16) + 6));
}

#[test]
fn byte_string_class_format_is_bytes() {
    let image = kernel_image();
    let format = image
        .heap
        .fetch_pointer(class(&image, "ByteString"), class_slot::FORMAT);
    assert_eq!(format.as_small_integer(), Some(16 << 16));
}

#[test]
fn small_integer_class_format_is_immediate() {
    let image = kernel_image();
    let format = image
        .heap
        .fetch_pointer(class(&image, "SmallInteger"), class_slot::FORMAT);
    assert_eq!(format.as_small_integer(), Some(7 << 16));
}

#[test]
fn compact_classes_sit_at_their_fixed_class_indices() {
    let image = kernel_image();
    let misplaced: Vec<&str> = COMPACT_CLASSES
        .iter()
        .filter(|(name, index)| image.heap.class_at_index(*index) != class(&image, name))
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(misplaced, Vec::<&str>::new());
}

#[test]
fn class_identity_hash_is_its_class_index() {
    let image = kernel_image();
    let array = class(&image, "Array");
    assert_eq!(image.heap.header(array).identity_hash(), class_index::ARRAY);
}

#[test]
fn non_compact_classes_are_entered_from_1024_up() {
    let image = kernel_image();
    let index = image.heap.header(class(&image, "Object")).identity_hash();
    assert!(index >= class_index::FIRST_UNRESERVED, "Object at {index}");
}

#[test]
fn nil_is_an_undefined_object() {
    let image = kernel_image();
    assert_eq!(
        image.heap.class_of(image.heap.nil()),
        class(&image, "UndefinedObject")
    );
}

#[test]
fn true_is_a_true() {
    let image = kernel_image();
    assert_eq!(
        image.heap.class_of(image.heap.true_object()),
        class(&image, "True")
    );
}

#[test]
fn false_is_a_false() {
    let image = kernel_image();
    assert_eq!(
        image.heap.class_of(image.heap.false_object()),
        class(&image, "False")
    );
}

#[test]
fn small_integers_are_instances_of_small_integer() {
    let image = kernel_image();
    let three = Oop::small_integer_unchecked(3);
    assert_eq!(image.heap.class_of(three), class(&image, "SmallInteger"));
}

#[test]
fn class_name_slot_holds_a_byte_symbol_with_its_name() {
    let image = kernel_image();
    let name = image
        .heap
        .fetch_pointer(class(&image, "OrderedCollection"), class_slot::NAME);
    assert_eq!(
        (text(&image.heap, name), image.heap.class_of(name)),
        ("OrderedCollection".to_string(), class(&image, "ByteSymbol"))
    );
}

#[test]
fn class_of_a_class_is_its_metaclass() {
    let image = kernel_image();
    let pair = image.classes["Point"];
    assert_eq!(image.heap.class_of(pair.class), pair.metaclass);
}

#[test]
fn class_of_a_metaclass_is_metaclass() {
    let image = kernel_image();
    let pair = image.classes["Point"];
    assert_eq!(
        image.heap.class_of(pair.metaclass),
        class(&image, "Metaclass")
    );
}

#[test]
fn metaclass_this_class_is_its_class() {
    let image = kernel_image();
    let pair = image.classes["Point"];
    let this_class = image
        .heap
        .fetch_pointer(pair.metaclass, metaclass::THIS_CLASS);
    assert_eq!(this_class, pair.class);
}

#[test]
fn proto_object_class_superclass_is_class() {
    let image = kernel_image();
    let meta = image.classes["ProtoObject"].metaclass;
    let superclass = image.heap.fetch_pointer(meta, class_slot::SUPERCLASS);
    assert_eq!(superclass, class(&image, "Class"));
}

#[test]
fn metaclass_superclass_follows_the_class_hierarchy() {
    let image = kernel_image();
    let superclass = image
        .heap
        .fetch_pointer(image.classes["Point"].metaclass, class_slot::SUPERCLASS);
    assert_eq!(superclass, image.classes["Object"].metaclass);
}

#[test]
fn class_objects_have_as_many_slots_as_class_has_instance_variables() {
    let image = kernel_image();
    let point = class(&image, "Point");
    assert_eq!(image.heap.num_slots(point), class_slot::CLASS_INST_SIZE);
}

#[test]
fn process_instance_variables_start_with_the_four_the_vm_uses() {
    let image = kernel_image();
    let slots = image.heap.num_slots(image.main_process);
    let priority = image
        .heap
        .fetch_pointer(image.main_process, layout::process::PRIORITY);
    assert_eq!((slots >= 4, priority.as_small_integer()), (true, Some(40)));
}

#[test]
fn every_class_is_declared_in_smalltalk() {
    let mut image = kernel_image();
    let symbol = image
        .symbols
        .intern(&mut image.heap, b"Point")
        .expect("intern");
    let binding = stvm_bootstrap::dictionary::lookup(&mut image.heap, image.smalltalk, symbol)
        .expect("Point is a global");
    let value = image
        .heap
        .fetch_pointer(binding, layout::association::VALUE);
    assert_eq!(value, class(&image, "Point"));
}
