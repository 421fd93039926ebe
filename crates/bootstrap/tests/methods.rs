//! Methods the bootstrap compiles and installs, and the run-time installer.
mod common;

use common::{class, kernel_image, text};
use num_bigint::BigInt;
use stvm_bootstrap::class_layout::class as class_slot;
use stvm_bootstrap::{
    bootstrap, compile_doit, install_method, method_dictionary, BootstrapError, KernelSource,
};
use stvm_bytecode::MethodHeader;
use stvm_compiler::{compile_method, ClassScope, Literal};
use stvm_heap::{Heap, HeapConfig};
use stvm_object_model::{class_index, layout, Oop};

/// Walks method dictionaries from `class` up, as the VM's lookup does.
fn lookup(heap: &mut Heap, class: Oop, selector: Oop) -> Option<Oop> {
    let mut current = class;
    while current != heap.nil() {
        let dictionary = heap.fetch_pointer(current, class_slot::METHOD_DICTIONARY);
        if let Some(method) = method_dictionary::lookup(heap, dictionary, selector) {
            return Some(method);
        }
        current = heap.fetch_pointer(current, class_slot::SUPERCLASS);
    }
    None
}

fn header_of(heap: &Heap, method: Oop) -> MethodHeader {
    MethodHeader::decode(heap.fetch_pointer(method, 0).small_integer_value())
}

fn bytecodes_of(heap: &Heap, method: Oop, trailer: usize) -> Vec<u8> {
    let literals = usize::from(header_of(heap, method).num_literals);
    let bytes = heap.bytes(method);
    bytes[8 * (1 + literals)..bytes.len() - trailer].to_vec()
}

fn scope(name: &str) -> ClassScope {
    ClassScope {
        class_name: name.to_string(),
        is_meta: false,
        instance_variables: Vec::new(),
    }
}

#[test]
fn lookup_of_plus_in_small_integer_finds_a_method_with_primitive_one() {
    let mut image = kernel_image();
    let plus = image.symbols.intern(&mut image.heap, b"+").expect("intern");
    let method = {
        let c = class(&image, "SmallInteger");
        lookup(&mut image.heap, c, plus)
    }
    .expect("found");
    let header = header_of(&image.heap, method);
    let bytecodes = bytecodes_of(&image.heap, method, 4);
    assert_eq!(header.primitive_index(&bytecodes), Some(1));
}

#[test]
fn lookup_walks_up_to_object_for_print_string() {
    let mut image = kernel_image();
    let selector = image
        .symbols
        .intern(&mut image.heap, b"printString")
        .expect("intern");
    let method = {
        let c = class(&image, "SmallInteger");
        lookup(&mut image.heap, c, selector)
    };
    assert!(method.is_some());
}

#[test]
fn installed_method_is_a_compiled_method_instance() {
    let mut image = kernel_image();
    let plus = image.symbols.intern(&mut image.heap, b"+").expect("intern");
    let method = {
        let c = class(&image, "SmallInteger");
        lookup(&mut image.heap, c, plus)
    }
    .expect("found");
    assert_eq!(image.heap.class_of(method), class(&image, "CompiledMethod"));
}

#[test]
fn method_header_literals_and_bytecodes_round_trip_from_compiled_code() {
    let mut image = kernel_image();
    let point = class(&image, "Point");
    let scope = image.installer.class_scope(&image.heap, point);
    let code =
        compile_method("norm1 ^ x abs + y abs + 1000000000000000000000", &scope).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, point, &code)
        .expect("installs");
    let header = header_of(&image.heap, method);
    let bytecodes = bytecodes_of(&image.heap, method, 4);
    assert_eq!((header, bytecodes), (code.header, code.bytecodes.clone()));
}

#[test]
fn large_integer_literal_becomes_a_large_positive_integer() {
    let mut image = kernel_image();
    let point = class(&image, "Point");
    let scope = image.installer.class_scope(&image.heap, point);
    let code = compile_method("big ^ 1000000000000000000000", &scope).expect("compiles");
    let index = code
        .literals
        .iter()
        .position(|l| *l == Literal::Integer(BigInt::from(10u128.pow(21))))
        .expect("literal");
    let method = image
        .installer
        .install_method(&mut image.heap, point, &code)
        .expect("installs");
    let literal = image.heap.fetch_pointer(method, 1 + index);
    assert_eq!(
        image.heap.class_index_of(literal),
        class_index::LARGE_POSITIVE_INTEGER
    );
}

#[test]
fn method_penultimate_literal_is_its_selector_and_last_is_its_class_binding() {
    let mut image = kernel_image();
    let point = class(&image, "Point");
    let scope = image.installer.class_scope(&image.heap, point);
    let code = compile_method("twice ^ x * 2", &scope).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, point, &code)
        .expect("installs");
    let count = usize::from(header_of(&image.heap, method).num_literals);
    let selector = image.heap.fetch_pointer(method, count - 1);
    let binding = image.heap.fetch_pointer(method, count);
    let bound = image
        .heap
        .fetch_pointer(binding, layout::association::VALUE);
    assert_eq!(
        (text(&image.heap, selector), bound),
        ("twice".to_string(), point)
    );
}

#[test]
fn string_and_array_literals_are_read_only() {
    let mut image = kernel_image();
    let object = class(&image, "Object");
    let code =
        compile_method("lits ^ #('abc' #(1 2)) , 'xyz'", &scope("Object")).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, object, &code)
        .expect("installs");
    let array = image.heap.fetch_pointer(method, 1);
    let string = image.heap.fetch_pointer(array, 0);
    assert!(image.heap.is_immutable(array) && image.heap.is_immutable(string));
}

#[test]
fn unknown_capitalised_name_is_bound_in_undeclared() {
    let mut image = kernel_image();
    let object = class(&image, "Object");
    let code = compile_method("ghost ^ NoSuchGlobal", &scope("Object")).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, object, &code)
        .expect("installs");
    let binding = image.heap.fetch_pointer(method, 1);
    let symbol = image
        .symbols
        .lookup(&image.heap, b"NoSuchGlobal")
        .expect("interned");
    let found = stvm_bootstrap::dictionary::lookup(&mut image.heap, image.undeclared, symbol);
    assert_eq!(found, Some(binding));
}

#[test]
fn class_variable_reference_binds_the_class_pool_association() {
    let mut image = kernel_image();
    let symbol_class = class(&image, "Symbol");
    let code = compile_method("table ^ SymbolTable", &scope("Symbol")).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, symbol_class, &code)
        .expect("installs");
    let binding = image.heap.fetch_pointer(method, 1);
    let value = image
        .heap
        .fetch_pointer(binding, layout::association::VALUE);
    assert_eq!(value, image.symbols.set);
}

#[test]
fn install_method_works_on_a_heap_given_only_the_heap() {
    let mut image = kernel_image();
    let object = class(&image, "Object");
    let code = compile_method("fortyTwo ^ 42", &scope("Object")).expect("compiles");
    install_method(&mut image.heap, object, &code).expect("installs");
    let selector = image
        .symbols
        .lookup(&image.heap, b"fortyTwo")
        .expect("interned");
    assert!(lookup(&mut image.heap, object, selector).is_some());
}

#[test]
fn installing_many_methods_grows_the_method_dictionary() {
    let mut image = kernel_image();
    let object = class(&image, "Object");
    for i in 0..300 {
        let code = compile_method(&format!("m{i} ^ {i}"), &scope("Object")).expect("compiles");
        image
            .installer
            .install_method(&mut image.heap, object, &code)
            .expect("installs");
    }
    let selector = image
        .symbols
        .lookup(&image.heap, b"m299")
        .expect("interned");
    assert!(lookup(&mut image.heap, object, selector).is_some());
}

#[test]
fn compile_doit_makes_an_uninstalled_method_of_undefined_object() {
    let mut image = kernel_image();
    let method = compile_doit(&mut image.heap, "3 + 4").expect("compiles");
    let count = usize::from(header_of(&image.heap, method).num_literals);
    let binding = image.heap.fetch_pointer(method, count);
    let bound = image
        .heap
        .fetch_pointer(binding, layout::association::VALUE);
    assert_eq!(bound, class(&image, "UndefinedObject"));
}

#[test]
fn block_literal_is_a_compiled_block_whose_last_literal_is_its_method() {
    let mut image = kernel_image();
    let object = class(&image, "Object");
    let code = compile_method("blocky: n ^ [ n + 1 ]", &scope("Object")).expect("compiles");
    let method = image
        .installer
        .install_method(&mut image.heap, object, &code)
        .expect("installs");
    let index = code
        .literals
        .iter()
        .position(|l| matches!(l, Literal::Block(_)))
        .expect("block");
    let block = image.heap.fetch_pointer(method, 1 + index);
    let count = usize::from(header_of(&image.heap, block).num_literals);
    assert_eq!(
        (
            image.heap.class_of(block),
            image.heap.fetch_pointer(block, count)
        ),
        (class(&image, "CompiledBlock"), method)
    );
}

#[test]
fn kernel_method_source_is_recorded_in_method_sources() {
    let mut image = kernel_image();
    let plus = image.symbols.intern(&mut image.heap, b"+").expect("intern");
    let method = {
        let c = class(&image, "SmallInteger");
        lookup(&mut image.heap, c, plus)
    }
    .expect("found");
    let bytes = image.heap.bytes(method);
    let index = u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().expect("4 bytes")) as usize;
    let array = image.heap.fetch_pointer(image.method_sources, 0);
    let source = image.heap.fetch_pointer(array, index - 1);
    assert!(text(&image.heap, source).starts_with("+ aNumber"));
}

fn bad_kernel() -> Vec<KernelSource> {
    let mut sources: Vec<KernelSource> = stvm_bootstrap::kernel_sources();
    sources.push(KernelSource::new(
        "Test/Broken.class.st",
        "Class {\n\t#name : #Broken,\n\t#superclass : #Object,\n\t#category : #Test\n}\n\n{ #category : #oops }\nBroken >> fine [\n\t^ 1\n]\n\n{ #category : #oops }\nBroken >> bad [\n\t^ 1 +\n]\n",
    ));
    sources
}

#[test]
fn compile_error_in_a_kernel_file_names_file_line_and_column() {
    let error = bootstrap(&bad_kernel(), HeapConfig::small_for_tests())
        .err()
        .expect("fails");
    let BootstrapError::Compile {
        path, line, column, ..
    } = error
    else {
        panic!("not a compile error: {error}");
    };
    assert_eq!(
        (path.as_str(), line, column),
        ("Test/Broken.class.st", 14, 7)
    );
}

#[test]
fn class_with_unknown_superclass_is_an_error_not_a_panic() {
    let mut sources = stvm_bootstrap::kernel_sources();
    sources.push(KernelSource::new(
        "X.class.st",
        "Class { #name : #X, #superclass : #Nowhere }",
    ));
    let error = bootstrap(&sources, HeapConfig::small_for_tests())
        .err()
        .expect("fails");
    assert!(matches!(error, BootstrapError::UnknownSuperclass { .. }));
}

#[test]
fn bootstrap_of_the_whole_kernel_is_timed() {
    let start = std::time::Instant::now();
    let image = kernel_image();
    println!(
        "bootstrap: {} classes, {} methods in {:?}",
        image.classes.len(),
        image.method_count,
        start.elapsed()
    );
    assert!(image.method_count > 0);
}
