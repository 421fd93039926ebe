//! Primitive 97 (snapshot) on the kernel image and on PharoCandle: the saved
//! file is a 64-bit Spur image that resumes right after the primitive, which
//! answers false in the running image and true in the resumed one.
use std::path::Path;

use stvm_heap::{Heap, Oop};
use stvm_object_model::{class_index, layout};
use stvm_vm::Vm;

use crate::resume::is_bytecodes_per_second_log;
use crate::support::{copy_of, image_format, vm_on_file, vm_on_kernel, TempDir};

/// Compiles `source` as an instance method of the kernel class `class_name`.
pub fn install_kernel_method(vm: &mut Vm, class_name: &str, source: &str) {
    let heap = vm.interpreter().heap_mut();
    let installer = stvm_bootstrap::Installer::from_heap(heap).expect("kernel image");
    let class = installer.global(heap, class_name).expect("class");
    let scope = stvm_compiler::ClassScope {
        class_name: class_name.to_string(),
        ..Default::default()
    };
    let code = stvm_compiler::compile_method(source, &scope).expect("compiles");
    stvm_bootstrap::install_method(heap, class, &code).expect("installs");
}

const SNAPSHOT_DOIT: &str = "| resumed |
    resumed := nil snapshotForTest.
    resumed ifTrue: [Transcript show: 'resumed'; cr. Smalltalk exit: 7].
    resumed";

/// A kernel VM whose image path is `saved`, with `UndefinedObject>>snapshotForTest`.
fn kernel_with_snapshot_method(saved: &Path) -> (Vm, crate::support::Captured) {
    let (mut vm, captured) = vm_on_kernel(saved, &[]);
    install_kernel_method(
        &mut vm,
        "UndefinedObject",
        "snapshotForTest <primitive: 97> ^nil",
    );
    (vm, captured)
}

#[test]
fn kernel_snapshot_answers_false_in_the_running_image() {
    let directory = TempDir::new("kernel-snapshot");
    let saved = directory.join("saved.image");
    let (mut vm, _) = kernel_with_snapshot_method(&saved);
    assert_eq!(vm.eval(SNAPSHOT_DOIT).expect("eval"), "false");
}

#[test]
fn kernel_snapshot_writes_a_68533_image_because_kernel_methods_are_sista() {
    let directory = TempDir::new("kernel-snapshot");
    let saved = directory.join("saved.image");
    let (mut vm, _) = kernel_with_snapshot_method(&saved);
    vm.eval(SNAPSHOT_DOIT).expect("eval");
    assert_eq!(image_format(&saved), 68533);
}

#[test]
fn kernel_snapshot_resumes_after_the_primitive_answering_true() {
    let directory = TempDir::new("kernel-snapshot");
    let saved = directory.join("saved.image");
    let (mut vm, _) = kernel_with_snapshot_method(&saved);
    vm.eval(SNAPSHOT_DOIT).expect("eval");
    let (mut resumed, captured) = vm_on_file(&saved, &[]);
    assert_eq!(resumed.resume().expect("resume"), 7);
    assert_eq!(captured.stdout_text(), "resumed\n");
}

#[test]
fn kernel_running_image_goes_on_evaluating_after_a_snapshot() {
    let directory = TempDir::new("kernel-snapshot");
    let saved = directory.join("saved.image");
    let (mut vm, _) = kernel_with_snapshot_method(&saved);
    vm.eval(SNAPSHOT_DOIT).expect("eval");
    assert_eq!(vm.eval("3 + 4").expect("eval"), "7");
}

#[test]
fn kernel_snapshot_to_an_unwritable_path_fails_the_primitive() {
    let directory = TempDir::new("kernel-snapshot");
    let saved = directory.join("no-such-directory/saved.image");
    let (mut vm, _) = kernel_with_snapshot_method(&saved);
    assert_eq!(vm.eval("nil snapshotForTest").expect("eval"), "nil");
}

/// The byte object `text` of the same class as `like` (a Symbol), if any.
fn find_symbol(heap: &Heap, like: Oop, text: &str) -> Option<Oop> {
    let class = heap.class_index_of(like);
    heap.all_objects().into_iter().find(|&object| {
        heap.class_index_of(object) == class && heap.bytes(object) == text.as_bytes()
    })
}

/// Makes PharoCandle's active process start with the doIt
/// `PCSystem snapshotAndQuit. PCSystem start` (V3 bytecodes) instead of
/// `PCSystem start`: the run saves and quits; the saved image benchmarks.
fn start_pharocandle_with_snapshot_and_quit(vm: &mut Vm) {
    let heap = vm.interpreter().heap_mut();
    let scheduler = heap.fetch_pointer(heap.special_object(3), layout::association::VALUE);
    let process = heap.fetch_pointer(scheduler, layout::scheduler::ACTIVE_PROCESS);
    let original = heap.fetch_pointer(process, layout::process::SUSPENDED_CONTEXT);
    let doit = heap.fetch_pointer(original, layout::context::METHOD);
    let (binding, start) = (heap.fetch_pointer(doit, 1), heap.fetch_pointer(doit, 2));
    let snapshot_and_quit = find_symbol(heap, start, "snapshotAndQuit").expect("selector");
    let nil = heap.nil();
    let literals = [binding, snapshot_and_quit, start, nil, nil];
    let bytecodes = [64, 209, 135, 64, 210, 135, 120];
    let method_class = heap.class_of(doit);
    let method = heap
        .instantiate(method_class, (literals.len() + 1) * 8 + bytecodes.len())
        .expect("method");
    let header = Oop::small_integer(literals.len() as i64).expect("header");
    heap.store_pointer(method, 0, header);
    for (index, literal) in literals.iter().enumerate() {
        heap.store_pointer(method, index + 1, *literal);
    }
    heap.bytes_mut(method)[(literals.len() + 1) * 8..].copy_from_slice(&bytecodes);
    let context_class = heap.class_at_index(class_index::CONTEXT);
    let context = heap.instantiate(context_class, 16).expect("context");
    let initial_pc = Oop::small_integer((literals.len() as i64 + 1) * 8 + 1).expect("pc");
    heap.store_pointer(context, layout::context::PC, initial_pc);
    heap.store_pointer(
        context,
        layout::context::STACKP,
        Oop::small_integer(0).expect("0"),
    );
    heap.store_pointer(context, layout::context::METHOD, method);
    heap.store_pointer(process, layout::process::SUSPENDED_CONTEXT, context);
}

#[test]
fn pharocandle_snapshot_and_quit_writes_a_68021_image_and_quits_without_logging() {
    let Some((directory, image)) = copy_of("pharocandle-spur64.image") else {
        return;
    };
    let (mut vm, _) = vm_on_file(&image, &[]);
    start_pharocandle_with_snapshot_and_quit(&mut vm);
    assert_eq!(vm.resume().expect("resume"), 0);
    assert_eq!(image_format(&image), 68021);
    assert!(!directory.join("log1.txt").exists());
}

#[test]
fn pharocandle_saved_image_logs_again_on_every_start() {
    let Some((directory, image)) = copy_of("pharocandle-spur64.image") else {
        return;
    };
    let (mut vm, _) = vm_on_file(&image, &[]);
    start_pharocandle_with_snapshot_and_quit(&mut vm);
    vm.resume().expect("saving run");
    for start in 1..=2 {
        let (mut resumed, _) = vm_on_file(&image, &[]);
        assert_eq!(resumed.resume().expect("resume"), 0);
        let log = std::fs::read_to_string(directory.join("log1.txt")).expect("log1.txt");
        assert!(
            is_bytecodes_per_second_log(&log, start),
            "log1.txt is {log:?}"
        );
    }
}
