use super::*;
use crate::parser::parse_method;

fn class() -> ClassScope {
    ClassScope {
        class_name: "Foo".into(),
        is_meta: false,
        instance_variables: vec!["a".into(), "b".into()],
    }
}

fn analyze_source(source: &str) -> Result<Analysis, CompileError> {
    let method = parse_method(source).expect("parses");
    analyze(&method, &class(), source)
}

fn error(source: &str) -> CompileError {
    analyze_source(source).expect_err("should be rejected")
}

#[test]
fn lowercase_unknown_name_is_undeclared() {
    let e = error("foo ^ zork");
    assert_eq!(
        (e.message.as_str(), e.column),
        ("Undeclared variable: zork", 7)
    );
}

#[test]
fn uppercase_unknown_name_is_a_global() {
    assert!(analyze_source("foo ^ Zork").is_ok());
}

#[test]
fn assigning_an_argument_is_an_error() {
    assert_eq!(
        error("foo: x x := 3").message,
        "Cannot store into argument x"
    );
}

#[test]
fn assigning_a_block_argument_is_an_error() {
    assert_eq!(
        error("foo ^ [:x | x := 3]").message,
        "Cannot store into argument x"
    );
}

#[test]
fn assigning_self_is_an_error() {
    assert_eq!(error("foo self := 3").message, "Cannot store into self");
}

#[test]
fn assigning_nil_is_an_error() {
    assert_eq!(error("foo nil := 3").message, "Cannot store into nil");
}

#[test]
fn assigning_this_context_is_an_error() {
    assert_eq!(
        error("foo thisContext := 3").message,
        "Cannot store into thisContext"
    );
}

#[test]
fn temporary_shadowing_an_argument_is_an_error() {
    assert_eq!(error("foo: x | x | ^ x").message, "Name already defined: x");
}

#[test]
fn block_argument_shadowing_a_temporary_is_an_error() {
    assert_eq!(
        error("foo | t | ^ [:t | t]").message,
        "Name already defined: t"
    );
}

#[test]
fn sibling_blocks_may_reuse_names() {
    assert!(analyze_source("foo ^ [:t | t] -> [:t | t]").is_ok());
}

#[test]
fn temporary_may_shadow_an_instance_variable() {
    assert!(analyze_source("foo | a | a := 1. ^ a").is_ok());
}

#[test]
fn instance_variable_resolves_to_its_slot() {
    let analysis = analyze_source("foo ^ b").expect("analyzes");
    assert_eq!(
        analysis.resolve(0, "b", &class()),
        Some(Binding::InstanceVariable(1))
    );
}

#[test]
fn variable_read_by_a_block_is_copied_into_it() {
    let analysis = analyze_source("foo: x ^ [x]").expect("analyzes");
    assert_eq!(analysis.incoming_copied(1), vec!["x".to_string()]);
}

#[test]
fn variable_written_after_capture_moves_to_a_temp_vector() {
    let analysis = analyze_source("foo | t | t := 1. ^ [t := t + 1]").expect("analyzes");
    assert_eq!(analysis.vector_variables(0), vec!["t".to_string()]);
}

#[test]
fn block_receives_the_vector_holder_as_copied_value() {
    let analysis = analyze_source("foo | t | t := 1. ^ [t := t + 1]").expect("analyzes");
    assert_eq!(analysis.incoming_copied(1), vec![Analysis::vector_name(0)]);
}

#[test]
fn variable_only_read_after_capture_is_not_in_a_vector() {
    let analysis = analyze_source("foo | t | t := 1. ^ [t]").expect("analyzes");
    assert!(analysis.vector_variables(0).is_empty());
}

#[test]
fn loop_temporary_captured_by_a_block_gets_a_vector_in_the_loop_scope() {
    let analysis = analyze_source("foo 1 to: 3 do: [:i | | t | t := i. [t]]").expect("analyzes");
    assert_eq!(analysis.vector_variables(1), vec!["t".to_string()]);
}

#[test]
fn copied_values_keep_first_use_order() {
    let analysis = analyze_source("foo: x bar: y ^ [y + x]").expect("analyzes");
    assert_eq!(
        analysis.incoming_copied(1),
        vec!["y".to_string(), "x".to_string()]
    );
}

#[test]
fn intermediate_block_copies_what_an_inner_block_needs() {
    let analysis = analyze_source("foo: x ^ [[x]]").expect("analyzes");
    assert_eq!(analysis.incoming_copied(1), vec!["x".to_string()]);
}

#[test]
fn block_using_only_its_arguments_is_clean() {
    assert!(analyze_source("foo ^ [:x | x + 1]")
        .expect("analyzes")
        .is_clean(1));
}

#[test]
fn block_using_self_is_not_clean() {
    assert!(!analyze_source("foo ^ [self]")
        .expect("analyzes")
        .is_clean(1));
}

#[test]
fn block_using_an_instance_variable_is_not_clean() {
    assert!(!analyze_source("foo ^ [a]").expect("analyzes").is_clean(1));
}

#[test]
fn block_using_this_context_is_not_clean() {
    assert!(!analyze_source("foo ^ [thisContext]")
        .expect("analyzes")
        .is_clean(1));
}

#[test]
fn block_with_non_local_return_is_not_clean() {
    assert!(!analyze_source("foo ^ [^ 1]").expect("analyzes").is_clean(1));
}

#[test]
fn block_containing_a_self_using_block_is_not_clean() {
    assert!(!analyze_source("foo ^ [[self]]")
        .expect("analyzes")
        .is_clean(1));
}

#[test]
fn inlined_block_gets_an_inlined_scope() {
    let analysis = analyze_source("foo: x ^ x ifTrue: [1]").expect("analyzes");
    assert_eq!(
        analysis.scope(1).kind,
        ScopeKind::Inlined { is_loop: false }
    );
}

#[test]
fn while_blocks_are_inlined_loops() {
    let analysis = analyze_source("foo [a] whileTrue: [a := false]").expect("analyzes");
    assert_eq!(analysis.scope(2).kind, ScopeKind::Inlined { is_loop: true });
}

#[test]
fn primitive_error_code_is_a_temporary_after_the_arguments() {
    let analysis =
        analyze_source("foo: x <primitive: 1 error: code> | t | ^ code").expect("analyzes");
    let names: Vec<&str> = analysis
        .scope(0)
        .variables
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, vec!["x", "code", "t"]);
}

#[test]
fn more_than_fifteen_block_arguments_is_an_error() {
    let arguments: String = (0..16).map(|i| format!(":a{i} ")).collect();
    assert_eq!(
        error(&format!("foo ^ [{arguments}| 1]")).message,
        "Too many arguments"
    );
}
