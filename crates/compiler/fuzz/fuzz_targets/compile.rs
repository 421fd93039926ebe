//! Any UTF-8 input goes through every compiler entry point without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stvm_compiler::{compile_doit, compile_method, ClassScope};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let scope = ClassScope { class_name: "Foo".into(), is_meta: false, instance_variables: vec!["a".into()] };
    let _ = compile_method(source, &scope);
    let _ = compile_doit(source, &scope);
    let _ = stvm_compiler::tonel::read_tonel(source);
    let _ = stvm_compiler::chunk::read_chunks(source);
});
