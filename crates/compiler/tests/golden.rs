//! Golden listings (header, literal frame, disassembly) for a corpus covering every
//! construct of the compiler. Sources are `tests/golden/<name>.st` (one method, or a doIt
//! when the name starts with `doit_`); expected listings are `<name>.txt`.
//! Rewrite them with `BLESS=1 cargo test -p stvm-compiler --test golden`.

use std::fs;
use std::path::PathBuf;

use stvm_compiler::listing::listing;
use stvm_compiler::{compile_doit, compile_method, ClassScope};

fn check(name: &str) {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let source =
        fs::read_to_string(directory.join(format!("{name}.st"))).expect("golden source exists");
    let source = source.strip_suffix('\n').unwrap_or(&source);
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
    let actual = match compiled {
        Ok(code) => listing(&code),
        Err(error) => format!("error: {error}\n"),
    };
    let expected_path = directory.join(format!("{name}.txt"));
    if std::env::var_os("BLESS").is_some() {
        fs::write(&expected_path, &actual).expect("golden file is writable");
        return;
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "golden listing {name} differs (rerun with BLESS=1 to accept)"
    );
}

macro_rules! golden {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

golden! {
    and_or,
    assignments,
    block_in_loop_with_fresh_temp_vector,
    block_with_temps_and_args,
    cascade,
    cascade_to_super,
    class_is_an_ordinary_send,
    clean_block,
    comments_anywhere,
    dead_code_after_return,
    doit_empty,
    doit_with_temps,
    dynamic_arrays,
    empty_method,
    full_block_reading_self,
    full_block_with_copied_value,
    global_and_undeclared_uppercase,
    if_false_for_value,
    if_false_if_true_for_value,
    if_nil,
    if_nil_for_effect,
    if_nil_if_not_nil,
    if_not_nil_if_nil,
    if_not_nil_with_argument,
    if_true_for_effect,
    if_true_if_false_for_value,
    if_with_returns_in_both_branches,
    implicit_return_self,
    inlined_loop_temps_reset_each_iteration,
    large_dynamic_array,
    large_frame,
    literal_arrays,
    literal_deduplication,
    literal_forms,
    long_jump,
    many_literals_use_extended_push,
    named_primitive,
    named_primitive_without_module,
    nested_blocks,
    non_local_return,
    not_quick_return_five,
    pragmas_as_properties,
    primitive,
    primitive_with_error_code,
    quick_return_instance_variable,
    quick_return_self,
    quick_return_true,
    quick_return_two,
    repeat_with_exit,
    sends_and_precedence,
    special_selectors,
    super_send,
    super_send_in_block,
    temp_vector_for_written_capture,
    this_context,
    times_repeat,
    to_by_do_with_negative_step,
    to_do_for_value,
    to_do_not_inlined_when_limit_assigned,
    to_do_with_argument_limit,
    to_do_with_expression_limit,
    to_do_with_literal_limit,
    while_false_with_argument,
    while_false_without_argument,
    while_true_with_argument,
    while_true_without_argument,
}
