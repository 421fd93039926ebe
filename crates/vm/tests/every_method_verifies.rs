//! The method verifier accepts everything stvm's compiler makes: every method and
//! block of the compiler's golden corpus, and every CompiledMethod / CompiledBlock of
//! the embedded kernel image (checked with the heap-dependent rules too).
use std::fs;
use std::path::PathBuf;

use stvm_bytecode::verify_method;
use stvm_compiler::{compile_doit, compile_method, ClassScope, CompiledCode, Literal};
use stvm_heap::HeapConfig;
use stvm_interpreter::platform::FakePlatform;
use stvm_interpreter::verify_compiled_code;
use stvm_vm::{Vm, EMBEDDED_IMAGE};

/// `code` and the blocks among its literals, depth first.
fn with_blocks<'a>(code: &'a CompiledCode, all: &mut Vec<&'a CompiledCode>) {
    all.push(code);
    for literal in &code.literals {
        if let Literal::Block(block) | Literal::CleanBlock(block) = literal {
            with_blocks(block, all);
        }
    }
}

/// Verification failures of one golden source (empty if it verifies or does not compile).
fn golden_failures(name: &str, source: &str) -> Vec<String> {
    let scope = ClassScope {
        class_name: "Foo".to_string(),
        is_meta: false,
        instance_variables: vec!["a".to_string(), "b".to_string()],
    };
    let compiled = if name.starts_with("doit_") {
        compile_doit(source, &scope)
    } else {
        compile_method(source, &scope)
    };
    let Ok(code) = compiled else {
        return Vec::new();
    };
    let mut all = Vec::new();
    with_blocks(&code, &mut all);
    all.iter()
        .filter_map(|code| verify_method(&code.header, &code.bytecodes).err())
        .map(|error| format!("{name}: {error}"))
        .collect()
}

#[test]
fn every_golden_method_of_the_compiler_verifies() {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../compiler/tests/golden");
    let mut sources: Vec<PathBuf> = fs::read_dir(&directory)
        .expect("the golden corpus exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "st"))
        .collect();
    sources.sort();
    assert!(
        sources.len() > 20,
        "golden sources found: {}",
        sources.len()
    );
    let failures: Vec<String> = sources
        .iter()
        .flat_map(|path| {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned());
            let source = fs::read_to_string(path).expect("golden source reads");
            let source = source.strip_suffix('\n').unwrap_or(&source).to_string();
            golden_failures(&name.unwrap_or_default(), &source)
        })
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn every_compiled_method_and_block_of_the_kernel_image_verifies() {
    let config = HeapConfig {
        base_address: None,
        ..HeapConfig::default()
    };
    let mut vm = Vm::from_image_bytes(EMBEDDED_IMAGE, config, Box::new(FakePlatform::default()))
        .expect("the embedded image loads");
    let heap = vm.interpreter().heap();
    let code: Vec<_> = heap
        .all_objects()
        .into_iter()
        .filter(|oop| heap.format_of(*oop).is_compiled_method())
        .collect();
    assert!(
        code.len() > 1000,
        "compiled code objects found: {}",
        code.len()
    );
    let failures: Vec<String> = code
        .iter()
        .filter_map(|oop| {
            verify_compiled_code(heap, *oop)
                .err()
                .map(|error| format!("{oop:?}: {error}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fail: {failures:#?}",
        failures.len(),
        code.len()
    );
}
