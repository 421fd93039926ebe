//! Helpers for primitive tests: methods that run a primitive and, when it
//! fails, answer its error object (the `<primitive: N error: ec>` shape).
use stvm_heap::Oop;
use stvm_interpreter::testing::{MethodBuilder, World};

/// Installs `class>>selector` running primitive `number` with `num_args`
/// arguments; on failure the method answers the primitive's error object.
pub fn define_primitive(
    world: &mut World,
    class: Oop,
    selector: &str,
    num_args: u8,
    number: u16,
) -> Oop {
    let builder = MethodBuilder::encoded(|e| {
        e.store_temp(u32::from(num_args));
        e.push_temp(u32::from(num_args));
        e.return_top();
    })
    .args(num_args)
    .temps(num_args + 1)
    .primitive(number);
    world.define_method(class, selector, builder);
    world.symbol(selector)
}

/// A new instance of Object (young).
pub fn new_object(world: &mut World) -> Oop {
    let object = world.classes.object;
    world.instantiate(object, 0)
}
