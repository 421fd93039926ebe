//! Tests of the pure primitives, one file per family, on a small `TestWorld`.

/// One test: numbered primitive `$prim` on the receiver and arguments fails with `$failure`.
macro_rules! fails {
    ($name:ident, $prim:expr, |$w:ident| $receiver:expr, [$($arg:expr),*], $failure:ident) => {
        #[test]
        fn $name() {
            #[allow(unused_mut, reason = "some cases need no allocation")]
            let mut $w = super::TestWorld::new();
            let receiver = $receiver;
            let arguments: Vec<stvm_object_model::Oop> = vec![$($arg),*];
            super::assert_fails(
                $w.call($prim, receiver, &arguments),
                crate::primitives::PrimitiveFailure::$failure,
            );
        }
    };
}

/// One test: named primitive fails with `$failure`.
macro_rules! fails_named {
    ($name:ident, $module:expr, $prim:expr, |$w:ident| $receiver:expr, [$($arg:expr),*], $failure:ident) => {
        #[test]
        fn $name() {
            #[allow(unused_mut, reason = "some cases need no allocation")]
            let mut $w = super::TestWorld::new();
            let receiver = $receiver;
            let arguments: Vec<stvm_object_model::Oop> = vec![$($arg),*];
            super::assert_fails(
                $w.call_named($module, $prim, receiver, &arguments),
                crate::primitives::PrimitiveFailure::$failure,
            );
        }
    };
}

mod character_and_clock;
mod console_plugin;
mod file_plugin;
mod float;
mod fuzz;
mod indexable;
mod large_integer;
mod object;
mod small_integer;
mod string_and_system;

use stvm_heap::{Heap, HeapConfig};
use stvm_object_model::{class_index, layout, special_objects, ObjectFormat, Oop};

use super::big_integer::BigInt;
use super::support::{float_value, integer_object, integer_value};
use super::{named_primitive, pure_primitive, PrimitiveCall, PrimitiveFailure, PrimitiveResult};
use crate::platform::FakePlatform;

/// Class indices of the test world's non-fixed classes.
pub const POINT: u32 = 60;
pub const WORD_ARRAY: u32 = 61;
pub const DOUBLE_WORD_ARRAY: u32 = 62;
pub const SHORT_ARRAY: u32 = 63;
pub const COMPILED_METHOD: u32 = 64;
pub const OBJECT: u32 = 65;
pub const FIXED_AND_INDEXABLE: u32 = 66;
pub const WIDE_STRING: u32 = 67;

/// A heap with the compact classes at their fixed indices, a few more classes,
/// a special objects array, and a fake platform.
pub struct TestWorld {
    pub heap: Heap,
    pub platform: FakePlatform,
}

const CLASSES: &[(u32, u8, usize)] = &[
    (class_index::SMALL_INTEGER, 0, 0),
    (class_index::CHARACTER, 0, 0),
    (class_index::SMALL_FLOAT, 0, 0),
    (class_index::LARGE_NEGATIVE_INTEGER, 16, 0),
    (class_index::LARGE_POSITIVE_INTEGER, 16, 0),
    (class_index::BOXED_FLOAT, 10, 0),
    (class_index::CONTEXT, 3, 6),
    (class_index::BYTE_ARRAY, 16, 0),
    (class_index::ARRAY, 2, 0),
    (class_index::BYTE_STRING, 16, 0),
    (POINT, 1, 2),
    (WORD_ARRAY, 10, 0),
    (DOUBLE_WORD_ARRAY, 9, 0),
    (SHORT_ARRAY, 12, 0),
    (COMPILED_METHOD, 24, 0),
    (OBJECT, 1, 0),
    (FIXED_AND_INDEXABLE, 3, 2),
    (WIDE_STRING, 10, 0),
];

const SPECIAL_CLASSES: &[(usize, u32)] = &[
    (
        special_objects::CLASS_SMALL_INTEGER,
        class_index::SMALL_INTEGER,
    ),
    (special_objects::CLASS_BYTE_STRING, class_index::BYTE_STRING),
    (special_objects::CLASS_ARRAY, class_index::ARRAY),
    (special_objects::CLASS_FLOAT, class_index::BOXED_FLOAT),
    (special_objects::CLASS_METHOD_CONTEXT, class_index::CONTEXT),
    (special_objects::CLASS_POINT, POINT),
    (
        special_objects::CLASS_LARGE_POSITIVE_INTEGER,
        class_index::LARGE_POSITIVE_INTEGER,
    ),
    (special_objects::CLASS_CHARACTER, class_index::CHARACTER),
    (special_objects::CLASS_BYTE_ARRAY, class_index::BYTE_ARRAY),
    (
        special_objects::CLASS_LARGE_NEGATIVE_INTEGER,
        class_index::LARGE_NEGATIVE_INTEGER,
    ),
];

impl TestWorld {
    pub fn new() -> TestWorld {
        let mut heap = Heap::new(HeapConfig::small_for_tests()).expect("test heap");
        for &(index, format, fixed) in CLASSES {
            let class = heap
                .allocate_old(class_index::CLASS_IS_ITSELF, ObjectFormat::FIXED, 3)
                .expect("class");
            let word = Oop::small_integer_unchecked(layout::class::format_word(format, fixed));
            heap.store_pointer(class, layout::class::FORMAT, word);
            heap.set_class_at_index(index, class).expect("class table");
        }
        let specials = heap
            .allocate_old(class_index::ARRAY, ObjectFormat::INDEXABLE, 60)
            .expect("specials");
        let (nil, f, t) = (heap.nil(), heap.false_object(), heap.true_object());
        for (slot, value) in [(0, nil), (1, f), (2, t)] {
            heap.store_pointer(specials, slot, value);
        }
        for &(slot, index) in SPECIAL_CLASSES {
            let class = heap.class_at_index(index);
            heap.store_pointer(specials, slot, class);
        }
        heap.set_special_objects_array(specials);
        let mut platform = FakePlatform::new();
        platform.image_path = "/images/test.image".to_string();
        TestWorld { heap, platform }
    }

    pub fn class(&self, index: u32) -> Oop {
        self.heap.class_at_index(index)
    }

    pub fn call(&mut self, index: u16, receiver: Oop, arguments: &[Oop]) -> PrimitiveResult {
        let primitive = pure_primitive(index).expect("primitive is registered");
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: &mut self.platform,
            receiver,
            arguments,
        };
        primitive(&mut call)
    }

    pub fn call_named(
        &mut self,
        module: &str,
        name: &str,
        receiver: Oop,
        arguments: &[Oop],
    ) -> PrimitiveResult {
        let primitive = named_primitive(module, name).expect("named primitive is registered");
        let mut call = PrimitiveCall {
            heap: &mut self.heap,
            platform: &mut self.platform,
            receiver,
            arguments,
        };
        primitive(&mut call)
    }

    pub fn nil(&self) -> Oop {
        self.heap.nil()
    }
    pub fn boolean(&self, value: bool) -> Oop {
        self.heap.boolean(value)
    }

    pub fn integer(&mut self, value: i128) -> Oop {
        integer_object(&mut self.heap, &BigInt::from_i128(value)).expect("integer")
    }
    pub fn value_of(&self, oop: Oop) -> BigInt {
        integer_value(&self.heap, oop).expect("an integer")
    }
    pub fn i128_of(&self, oop: Oop) -> i128 {
        self.value_of(oop).to_i128().expect("fits in i128")
    }

    /// A float object (immediate when representable).
    pub fn float(&mut self, value: f64) -> Oop {
        super::support::float_object(&mut self.heap, value).expect("float")
    }
    /// A BoxedFloat64 even when the value could be immediate.
    pub fn boxed_float(&mut self, value: f64) -> Oop {
        let boxed = self
            .heap
            .allocate(class_index::BOXED_FLOAT, ObjectFormat::WORDS32, 1)
            .expect("boxed float");
        self.heap.store_u64(boxed, 0, value.to_bits());
        boxed
    }
    pub fn float_of(&self, oop: Oop) -> f64 {
        float_value(&self.heap, oop).expect("a float")
    }

    pub fn string(&mut self, text: &str) -> Oop {
        self.heap.new_byte_string(text.as_bytes()).expect("string")
    }
    pub fn string_of(&self, oop: Oop) -> String {
        String::from_utf8(self.heap.bytes(oop).to_vec()).expect("utf-8")
    }
    pub fn byte_array(&mut self, bytes: &[u8]) -> Oop {
        self.heap
            .new_bytes(class_index::BYTE_ARRAY, bytes)
            .expect("byte array")
    }
    pub fn array(&mut self, elements: &[Oop]) -> Oop {
        self.heap.new_array_with(elements).expect("array")
    }
    pub fn elements(&self, array: Oop) -> Vec<Oop> {
        (0..self.heap.num_slots(array))
            .map(|i| self.heap.fetch_pointer(array, i))
            .collect()
    }
    pub fn instance(&mut self, class: u32, size: usize) -> Oop {
        let class = self.class(class);
        self.heap.instantiate(class, size).expect("instance")
    }
    pub fn point(&mut self, x: i64, y: i64) -> Oop {
        let point = self.instance(POINT, 0);
        self.heap
            .store_pointer(point, 0, Oop::small_integer_unchecked(x));
        self.heap
            .store_pointer(point, 1, Oop::small_integer_unchecked(y));
        point
    }
    /// A compiled method with `literals` literals (nil) and `bytecodes`.
    pub fn method(&mut self, literals: usize, bytecodes: &[u8]) -> Oop {
        let method = self.instance(COMPILED_METHOD, (literals + 1) * 8 + bytecodes.len());
        self.heap
            .store_pointer(method, 0, Oop::small_integer_unchecked(literals as i64));
        let nil = self.nil();
        for i in 1..=literals {
            self.heap.store_pointer(method, i, nil);
        }
        let start = (literals + 1) * 8;
        self.heap.bytes_mut(method)[start..].copy_from_slice(bytecodes);
        method
    }
}

pub fn int(value: i64) -> Oop {
    Oop::small_integer(value).expect("SmallInteger range")
}

pub fn character(code: u32) -> Oop {
    Oop::character(code).expect("character")
}

/// Asserts that a primitive failed with `failure`.
#[track_caller]
pub fn assert_fails(result: PrimitiveResult, failure: PrimitiveFailure) {
    assert_eq!(result, Err(failure));
}
