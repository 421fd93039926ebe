//! `stvm IMAGE ARGS…`: the arguments after the image are system attributes
//! 2, 3, … (primitive 149), attribute 1 is the image path, as in the
//! OpenSmalltalk VM.
use stvm_vm::Vm;

use crate::support::{vm_on_kernel, TempDir};

/// A kernel VM started with `arguments`, with `UndefinedObject>>attribute:`.
fn kernel_with_arguments(arguments: &[&str]) -> (Vm, TempDir) {
    let directory = TempDir::new("arguments");
    let (mut vm, _) = vm_on_kernel(&directory.join("app.image"), arguments);
    crate::snapshot::install_kernel_method(
        &mut vm,
        "UndefinedObject",
        "attribute: index <primitive: 149> ^#failed",
    );
    (vm, directory)
}

#[test]
fn first_argument_after_the_image_is_attribute_2() {
    let (mut vm, _directory) = kernel_with_arguments(&["alpha", "beta"]);
    assert_eq!(vm.eval("nil attribute: 2").expect("eval"), "'alpha'");
}

#[test]
fn second_argument_after_the_image_is_attribute_3() {
    let (mut vm, _directory) = kernel_with_arguments(&["alpha", "beta"]);
    assert_eq!(vm.eval("nil attribute: 3").expect("eval"), "'beta'");
}

#[test]
fn attribute_past_the_last_argument_is_nil() {
    let (mut vm, _directory) = kernel_with_arguments(&["alpha"]);
    assert_eq!(vm.eval("nil attribute: 3").expect("eval"), "nil");
}

#[test]
fn attribute_1_is_the_image_path() {
    let (mut vm, directory) = kernel_with_arguments(&[]);
    let expected = format!("'{}'", directory.join("app.image").display());
    assert_eq!(vm.eval("nil attribute: 1").expect("eval"), expected);
}
