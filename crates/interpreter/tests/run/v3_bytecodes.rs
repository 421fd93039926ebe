//! V3PlusClosures bytecodes (header sign bit clear).
use stvm_interpreter::testing::{MethodBuilder, World};

use crate::support::{int, run, run_in};

#[test]
fn v3_push_constant_one_pushes_one() {
    assert_eq!(run(MethodBuilder::v3(vec![118, 124])), Ok(int(1)));
}

#[test]
fn v3_push_constant_minus_one_pushes_minus_one() {
    assert_eq!(run(MethodBuilder::v3(vec![116, 124])), Ok(int(-1)));
}

#[test]
fn v3_pop_into_temp_and_push_temp_round_trip() {
    assert_eq!(
        run(MethodBuilder::v3(vec![119, 104, 16, 124]).temps(1)),
        Ok(int(2))
    );
}

#[test]
fn v3_special_selector_add_is_inline() {
    assert_eq!(run(MethodBuilder::v3(vec![118, 119, 176, 124])), Ok(int(3)));
}

#[test]
fn v3_literal_send_activates_the_method() {
    let mut world = World::new();
    let object = world.classes.object;
    world.define_method(object, "two", MethodBuilder::v3(vec![119, 124]));
    let two = world.symbol("two");
    assert_eq!(
        run_in(
            world,
            MethodBuilder::v3(vec![112, 208, 124]).literals(&[two])
        )
        .1,
        Ok(int(2))
    );
}

#[test]
fn v3_closure_with_copied_value_adds_its_argument() {
    // ^[:x | x + c] value: 5   with c = 10
    let bytes = vec![32, 143, 0x11, 0, 4, 16, 17, 176, 125, 33, 202, 124];
    assert_eq!(
        run(MethodBuilder::v3(bytes).literals(&[int(10), int(5)])),
        Ok(int(15))
    );
}

#[test]
fn v3_method_return_inside_closure_returns_from_home() {
    // [^7] value. ^0
    let bytes = vec![143, 0x00, 0, 2, 32, 124, 201, 135, 117, 124];
    assert_eq!(
        run(MethodBuilder::v3(bytes).literals(&[int(7)])),
        Ok(int(7))
    );
}

#[test]
fn v3_long_jump_backward_loops() {
    // t := 3. [t > 0] whileTrue: [t := t - 1]. ^t
    let bytes = vec![
        34, 104, 16, 117, 179, 157, 16, 118, 177, 104, 163, 246, 16, 124,
    ];
    assert_eq!(
        run(MethodBuilder::v3(bytes)
            .temps(1)
            .literals(&[int(0), int(0), int(3)])),
        Ok(int(0))
    );
}

#[test]
fn v3_extended_store_into_temp_keeps_the_value() {
    assert_eq!(
        run(MethodBuilder::v3(vec![119, 129, 0x40, 124]).temps(1)),
        Ok(int(2))
    );
}
