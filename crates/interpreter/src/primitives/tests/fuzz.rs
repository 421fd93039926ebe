//! Every registered primitive, fed many receivers and arguments, never panics.

use super::{int, TestWorld, COMPILED_METHOD, POINT};
use crate::primitives::{named_primitive, pure_primitive, PrimitiveCall};
use stvm_object_model::{class_index, Oop};

fn samples(w: &mut TestWorld) -> Vec<Oop> {
    let mut values = vec![
        int(0),
        int(1),
        int(-1),
        int(2),
        int(255),
        int(1 << 32),
        int(stvm_object_model::oop::MAX_SMALL_INTEGER),
        int(stvm_object_model::oop::MIN_SMALL_INTEGER),
        w.nil(),
        w.boolean(true),
        w.boolean(false),
        Oop::character(97).unwrap(),
    ];
    let floats = [0.0, -0.0, 1.5, f64::NAN, f64::INFINITY, 1e300];
    values.extend(floats.iter().map(|&f| w.float(f)));
    values.push(w.boxed_float(2.0));
    values.push(w.integer(1 << 70));
    values.push(w.integer(-(1 << 70)));
    values.push(w.string("abc"));
    values.push(w.string(""));
    values.push(w.byte_array(&[0; 24]));
    values.push(w.byte_array(&(0..=255).collect::<Vec<u8>>()));
    values.push(w.array(&[]));
    let three = w.array(&[int(1), int(2), int(3)]);
    values.push(three);
    let read_only = w.array(&[int(1)]);
    w.heap.set_immutable(read_only, true);
    values.push(read_only);
    values.push(w.point(1, 2));
    values.push(w.method(1, &[1, 2, 3]));
    values.push(w.instance(class_index::CONTEXT, 2));
    for index in [
        class_index::ARRAY,
        class_index::BYTE_STRING,
        POINT,
        COMPILED_METHOD,
    ] {
        values.push(w.class(index));
    }
    let handles = w
        .call_named("FilePlugin", "primitiveFileStdioHandles", w.nil(), &[])
        .unwrap();
    values.extend(w.elements(handles));
    values
}

struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn exercise(primitive: crate::primitives::PurePrimitive, seed: u64) {
    let mut random = Random(seed | 1);
    let mut w = TestWorld::new();
    let values = samples(&mut w);
    for receiver in values.clone() {
        for count in 0..=4 {
            for _ in 0..3 {
                let arguments: Vec<Oop> = (0..count)
                    .map(|_| values[random.below(values.len())])
                    .collect();
                let mut call = PrimitiveCall {
                    heap: &mut w.heap,
                    platform: &mut w.platform,
                    receiver,
                    arguments: &arguments,
                };
                let _ = primitive(&mut call);
            }
        }
    }
}

#[test]
fn every_numbered_primitive_survives_random_receivers_and_arguments() {
    for index in 0..=1000u16 {
        if let Some(primitive) = pure_primitive(index) {
            exercise(primitive, index as u64 * 7919);
        }
    }
}

#[test]
fn every_named_primitive_survives_random_receivers_and_arguments() {
    for (module, names) in crate::primitives::NAMED_PRIMITIVES {
        for (i, name) in names.iter().enumerate() {
            let primitive = named_primitive(module, name).expect("listed name resolves");
            exercise(primitive, 104_729 + i as u64);
        }
    }
}

#[test]
fn primitives_owned_by_the_interpreter_are_not_in_the_pure_table() {
    for index in [
        19u16, 83, 84, 85, 86, 113, 117, 130, 167, 188, 201, 207, 210, 256,
    ] {
        assert!(pure_primitive(index).is_none(), "primitive {index}");
    }
}
