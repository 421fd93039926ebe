use super::{int, TestWorld, COMPILED_METHOD, FIXED_AND_INDEXABLE, OBJECT, POINT};
use stvm_object_model::{class_index, header};

#[test]
fn basic_new_answers_instance_with_nil_fields() {
    let mut w = TestWorld::new();
    let class = w.class(POINT);
    let point = w.call(70, class, &[]).unwrap();
    assert_eq!(w.heap.class_index_of(point), POINT);
    assert_eq!(w.elements(point), vec![w.nil(), w.nil()]);
}

#[test]
fn basic_new_with_size_answers_array_of_that_size() {
    let mut w = TestWorld::new();
    let class = w.class(class_index::ARRAY);
    let array = w.call(71, class, &[int(5)]).unwrap();
    assert_eq!(w.heap.num_slots(array), 5);
}

#[test]
fn basic_new_with_size_of_byte_string_has_that_many_bytes() {
    let mut w = TestWorld::new();
    let class = w.class(class_index::BYTE_STRING);
    let string = w.call(71, class, &[int(3)]).unwrap();
    assert_eq!(w.heap.bytes(string), &[0, 0, 0]);
}

#[test]
fn new_old_space_allocates_in_old_space() {
    let mut w = TestWorld::new();
    let class = w.class(POINT);
    let point = w.call(596, class, &[]).unwrap();
    assert!(w.heap.is_old(point));
}

#[test]
fn new_pinned_answers_pinned_object() {
    let mut w = TestWorld::new();
    let class = w.class(class_index::BYTE_ARRAY);
    let bytes = w.call(599, class, &[int(8)]).unwrap();
    assert!(w.heap.is_pinned(bytes));
}

#[test]
fn new_method_sets_header_and_nil_literals() {
    let mut w = TestWorld::new();
    let class = w.class(COMPILED_METHOD);
    let method = w.call(79, class, &[int(4), int(2)]).unwrap();
    assert_eq!(w.heap.fetch_pointer(method, 0), int(2));
    assert_eq!(w.heap.fetch_pointer(method, 2), w.nil());
    assert_eq!(w.heap.element_count(method), 3 * 8 + 4);
}

#[test]
fn object_at_one_answers_method_header() {
    let mut w = TestWorld::new();
    let method = w.method(1, &[1, 2]);
    assert_eq!(w.call(68, method, &[int(1)]), Ok(int(1)));
}

#[test]
fn object_at_put_stores_literal() {
    let mut w = TestWorld::new();
    let method = w.method(1, &[1, 2]);
    w.call(69, method, &[int(2), int(42)]).unwrap();
    assert_eq!(w.heap.fetch_pointer(method, 1), int(42));
}

#[test]
fn inst_var_at_reads_named_field() {
    let mut w = TestWorld::new();
    let point = w.point(3, 4);
    assert_eq!(w.call(73, point, &[int(2)]), Ok(int(4)));
}

#[test]
fn inst_var_at_put_writes_named_field() {
    let mut w = TestWorld::new();
    let point = w.point(3, 4);
    w.call(74, point, &[int(1), int(9)]).unwrap();
    assert_eq!(w.elements(point), vec![int(9), int(4)]);
}

#[test]
fn slot_at_reads_bytes_of_byte_objects() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[5, 6]);
    assert_eq!(w.call(173, bytes, &[int(2)]), Ok(int(6)));
}

#[test]
fn identity_hash_is_stable_and_22_bit() {
    let mut w = TestWorld::new();
    let object = w.point(0, 0);
    let first = w.call(75, object, &[]).unwrap();
    assert_eq!(w.call(75, object, &[]), Ok(first));
    assert!((1..=header::HASH_MASK as i64).contains(&first.small_integer_value()));
}

#[test]
fn identical_answers_true_for_same_object() {
    let mut w = TestWorld::new();
    let object = w.point(0, 0);
    assert_eq!(w.call(110, object, &[object]), Ok(w.boolean(true)));
}

#[test]
fn not_identical_answers_true_for_equal_but_distinct_strings() {
    let mut w = TestWorld::new();
    let a = w.string("a");
    let b = w.string("a");
    assert_eq!(w.call(169, a, &[b]), Ok(w.boolean(true)));
}

#[test]
fn class_of_small_integer_is_small_integer_class() {
    let mut w = TestWorld::new();
    assert_eq!(
        w.call(111, int(3), &[]),
        Ok(w.class(class_index::SMALL_INTEGER))
    );
}

#[test]
fn change_class_to_adopts_class_of_compatible_instance() {
    let mut w = TestWorld::new();
    let bytes = w.byte_array(&[1, 2]);
    let string = w.string("");
    w.call(115, bytes, &[string]).unwrap();
    assert_eq!(w.heap.class_index_of(bytes), class_index::BYTE_STRING);
}

#[test]
fn adopt_instance_changes_class_of_argument() {
    let mut w = TestWorld::new();
    let string = w.string("ab");
    let class = w.class(class_index::BYTE_ARRAY);
    w.call(160, class, &[string]).unwrap();
    assert_eq!(w.heap.class_index_of(string), class_index::BYTE_ARRAY);
}

#[test]
fn points_to_finds_referenced_object() {
    let mut w = TestWorld::new();
    let s = w.string("x");
    let array = w.array(&[int(1), s]);
    assert_eq!(w.call(132, array, &[s]), Ok(w.boolean(true)));
}

#[test]
fn some_instance_and_next_instance_enumerate_instances() {
    let mut w = TestWorld::new();
    let first = w.point(1, 1);
    let second = w.point(2, 2);
    let class = w.class(POINT);
    assert_eq!(w.call(77, class, &[]), Ok(first));
    assert_eq!(w.call(78, first, &[]), Ok(second));
}

#[test]
fn next_object_after_last_object_answers_zero() {
    let mut w = TestWorld::new();
    let last = *w.heap.all_objects().last().unwrap();
    assert_eq!(w.call(139, last, &[]), Ok(int(0)));
}

#[test]
fn some_object_answers_an_object() {
    let mut w = TestWorld::new();
    assert!(w.call(138, w.nil(), &[]).unwrap().is_pointer());
}

#[test]
fn all_instances_answers_array_of_instances() {
    let mut w = TestWorld::new();
    let a = w.point(1, 1);
    let b = w.point(2, 2);
    let class = w.class(POINT);
    let all = w.call(177, class, &[]).unwrap();
    assert_eq!(w.elements(all), vec![a, b]);
}

#[test]
fn all_objects_includes_a_new_object() {
    let mut w = TestWorld::new();
    let a = w.point(1, 1);
    let all = w.call(178, w.nil(), &[]).unwrap();
    assert!(w.elements(all).contains(&a));
}

#[test]
fn shallow_copy_copies_fields_into_new_object() {
    let mut w = TestWorld::new();
    let point = w.point(5, 6);
    let copy = w.call(148, point, &[]).unwrap();
    assert_ne!(copy, point);
    assert_eq!(w.elements(copy), vec![int(5), int(6)]);
}

#[test]
fn shallow_copy_of_string_copies_bytes() {
    let mut w = TestWorld::new();
    let s = w.string("hello world");
    let copy = w.call(148, s, &[]).unwrap();
    assert_eq!(w.string_of(copy), "hello world");
}

#[test]
fn copy_from_copies_state_of_same_class_object() {
    let mut w = TestWorld::new();
    let target = w.point(0, 0);
    let source = w.point(7, 8);
    w.call(168, target, &[source]).unwrap();
    assert_eq!(w.elements(target), vec![int(7), int(8)]);
}

#[test]
fn set_is_read_only_answers_previous_state_and_sets_flag() {
    let mut w = TestWorld::new();
    let array = w.array(&[]);
    let t = w.boolean(true);
    assert_eq!(w.call(164, array, &[t]), Ok(w.boolean(false)));
    assert_eq!(w.call(163, array, &[]), Ok(w.boolean(true)));
}

#[test]
fn behavior_hash_answers_class_index() {
    let mut w = TestWorld::new();
    let class = w.class(POINT);
    assert_eq!(w.call(175, class, &[]), Ok(int(POINT as i64)));
}

#[test]
fn max_identity_hash_is_22_bits() {
    let mut w = TestWorld::new();
    assert_eq!(w.call(176, w.nil(), &[]), Ok(int(0x3F_FFFF)));
}

#[test]
fn size_in_bytes_counts_header_and_slots() {
    let mut w = TestWorld::new();
    let point = w.point(1, 2);
    assert_eq!(w.call(182, point, &[]), Ok(int(24)));
}

#[test]
fn size_in_bytes_of_instance_counts_indexable_slots() {
    let mut w = TestWorld::new();
    let class = w.class(class_index::ARRAY);
    assert_eq!(w.call(181, class, &[int(3)]), Ok(int(32)));
}

#[test]
fn pin_of_old_object_answers_previous_state() {
    let mut w = TestWorld::new();
    let class = w.class(OBJECT);
    let object = w.call(596, class, &[]).unwrap();
    let t = w.boolean(true);
    assert_eq!(w.call(184, object, &[t]), Ok(w.boolean(false)));
    assert_eq!(w.call(183, object, &[]), Ok(w.boolean(true)));
}

#[test]
fn pin_of_young_object_is_unsupported() {
    let mut w = TestWorld::new();
    let object = w.point(1, 1);
    let t = w.boolean(true);
    super::assert_fails(
        w.call(184, object, &[t]),
        crate::primitives::PrimitiveFailure::Unsupported,
    );
}

fails!(
    object_at_on_array_fails,
    68,
    |w| w.array(&[int(1)]),
    [int(1)],
    BadReceiver
);
fails!(
    object_at_put_of_header_with_other_literal_count_fails,
    69,
    |w| w.method(1, &[1]),
    [int(1), int(5)],
    BadArgument
);
fails!(
    basic_new_of_small_integer_fails,
    70,
    |w| int(3),
    [],
    BadReceiver
);
fails!(
    basic_new_of_compiled_method_class_fails,
    70,
    |w| w.class(COMPILED_METHOD),
    [],
    BadReceiver
);
fails!(
    basic_new_with_negative_size_fails,
    71,
    |w| w.class(class_index::ARRAY),
    [int(-1)],
    BadArgument
);
fails!(
    basic_new_with_size_of_fixed_class_fails,
    71,
    |w| w.class(POINT),
    [int(2)],
    BadReceiver
);
fails!(
    basic_new_with_huge_size_fails,
    71,
    |w| w.class(class_index::ARRAY),
    [int(1 << 50)],
    InsufficientObjectMemory
);
fails!(
    inst_var_at_past_end_fails,
    73,
    |w| w.point(1, 2),
    [int(3)],
    BadIndex
);
fails!(
    inst_var_at_put_on_read_only_object_fails,
    74,
    |w| {
        let p = w.point(1, 2);
        w.heap.set_immutable(p, true);
        p
    },
    [int(1), int(3)],
    NoModification
);
fails!(
    identity_hash_with_argument_fails,
    75,
    |w| w.point(1, 2),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    some_instance_of_class_without_instances_fails,
    77,
    |w| w.class(FIXED_AND_INDEXABLE),
    [],
    NotFound
);
fails!(
    next_instance_of_small_integer_fails,
    78,
    |w| int(1),
    [],
    BadReceiver
);
fails!(
    new_method_of_array_class_fails,
    79,
    |w| w.class(class_index::ARRAY),
    [int(4), int(0)],
    BadReceiver
);
fails!(
    identical_without_argument_fails,
    110,
    |w| int(1),
    [],
    BadNumberOfArguments
);
fails!(
    class_with_two_arguments_fails,
    111,
    |w| int(1),
    [int(1), int(2)],
    BadNumberOfArguments
);
fails!(
    change_class_to_incompatible_format_fails,
    115,
    |w| w.byte_array(&[1]),
    [w.array(&[])],
    InappropriateOperation
);
fails!(
    adopt_instance_of_small_integer_fails,
    160,
    |w| w.class(POINT),
    [int(1)],
    BadArgument
);
fails!(
    points_to_without_argument_fails,
    132,
    |w| w.array(&[]),
    [],
    BadNumberOfArguments
);
fails!(
    some_object_with_argument_fails,
    138,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    next_object_of_small_integer_fails,
    139,
    |w| int(1),
    [],
    BadReceiver
);
fails!(
    shallow_copy_of_context_fails,
    148,
    |w| w.instance(class_index::CONTEXT, 1),
    [],
    BadReceiver
);
fails!(
    is_read_only_with_argument_fails,
    163,
    |w| w.array(&[]),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    set_is_read_only_with_non_boolean_fails,
    164,
    |w| w.array(&[]),
    [int(1)],
    BadArgument
);
fails!(
    copy_from_object_of_other_class_fails,
    168,
    |w| w.point(1, 2),
    [w.array(&[int(1), int(2)])],
    BadArgument
);
fails!(
    not_identical_without_argument_fails,
    169,
    |w| int(1),
    [],
    BadNumberOfArguments
);
fails!(
    slot_at_with_nil_index_fails,
    173,
    |w| w.point(1, 2),
    [w.nil()],
    BadArgument
);
fails!(
    slot_at_put_of_string_into_byte_array_fails,
    174,
    |w| w.byte_array(&[1]),
    [int(1), w.string("a")],
    BadArgument
);
fails!(
    behavior_hash_of_non_class_fails,
    175,
    |w| w.string("x"),
    [],
    BadReceiver
);
fails!(
    max_identity_hash_with_argument_fails,
    176,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    all_instances_of_small_integer_fails,
    177,
    |w| int(1),
    [],
    BadReceiver
);
fails!(
    all_objects_with_argument_fails,
    178,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    size_in_bytes_of_instance_with_negative_size_fails,
    181,
    |w| w.class(class_index::ARRAY),
    [int(-1)],
    BadArgument
);
fails!(
    size_in_bytes_with_argument_fails,
    182,
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails!(
    is_pinned_of_small_integer_fails,
    183,
    |w| int(1),
    [],
    BadReceiver
);
fails!(
    pin_with_non_boolean_fails,
    184,
    |w| w.point(1, 1),
    [int(1)],
    BadArgument
);
fails!(
    new_old_space_of_string_fails,
    596,
    |w| w.string("x"),
    [],
    BadReceiver
);
fails!(
    new_with_arg_old_space_with_nil_size_fails,
    597,
    |w| w.class(class_index::ARRAY),
    [w.nil()],
    BadArgument
);
fails!(new_pinned_of_nil_fails, 598, |w| w.nil(), [], BadReceiver);
fails!(
    new_with_arg_pinned_of_fixed_class_fails,
    599,
    |w| w.class(POINT),
    [int(1)],
    BadReceiver
);

#[test]
fn mirror_inst_var_at_reads_field_of_first_argument() {
    let mut w = TestWorld::new();
    let point = w.point(3, 4);
    let context = w.instance(class_index::CONTEXT, 1);
    assert_eq!(w.call(73, context, &[point, int(1)]), Ok(int(3)));
}

#[test]
fn mirror_eqeq_compares_the_two_arguments() {
    let mut w = TestWorld::new();
    let a = w.point(0, 0);
    assert_eq!(w.call(110, w.nil(), &[a, a]), Ok(w.boolean(true)));
}
