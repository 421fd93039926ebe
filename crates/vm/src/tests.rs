use stvm_heap::HeapConfig;
use stvm_interpreter::platform::FakePlatform;

use crate::Vm;

fn vm() -> Vm {
    let config = HeapConfig {
        base_address: None,
        ..HeapConfig::default()
    };
    Vm::from_image_bytes(
        crate::EMBEDDED_IMAGE,
        config,
        Box::new(FakePlatform::default()),
    )
    .expect("embedded image loads")
}

#[test]
fn embedded_image_loads_into_a_heap_the_verifier_accepts() {
    let mut vm = vm();
    let result = vm.interpreter().heap().verify(&mut stvm_heap::NoRoots);
    assert_eq!(result, Ok(()));
}

#[test]
fn three_plus_four_evaluates_to_seven() {
    let mut vm = vm();
    let value = vm.evaluate("3 + 4").unwrap();
    assert_eq!(value.as_small_integer(), Some(7));
}

#[test]
fn three_plus_four_prints_as_seven() {
    assert_eq!(vm().eval("3 + 4").unwrap(), "7");
}
