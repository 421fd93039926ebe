use super::*;

const POINT: &str = "\"\nI am a point.\n\"\nClass {\n\t#name : #Point,\n\t#superclass : #Object,\n\t#instVars : [\n\t\t'x',\n\t\t'y'\n\t],\n\t#category : #'Kernel-BasicObjects'\n}\n\n{ #category : #accessing }\nPoint >> x [ ^ x ]\n";

#[test]
fn point_definition_names_class_superclass_and_instance_variables() {
    let (definition, _) = parse_definition(POINT).expect("parses");
    assert_eq!(
        (
            definition.name.as_str(),
            definition.superclass.as_deref(),
            definition.inst_vars.clone()
        ),
        (
            "Point",
            Some("Object"),
            vec!["x".to_string(), "y".to_string()]
        )
    );
}

#[test]
fn quoted_symbol_category_is_read_without_quotes() {
    let (definition, _) = parse_definition(POINT).expect("parses");
    assert_eq!(definition.category, "Kernel-BasicObjects");
}

#[test]
fn definition_end_offset_is_just_after_the_closing_brace() {
    let (_, end) = parse_definition(POINT).expect("parses");
    assert!(POINT[..end].ends_with('}'));
}

#[test]
fn nil_superclass_is_read_as_none() {
    let text = "Class { #name : #ProtoObject, #superclass : #nil, #category : #Kernel }";
    let (definition, _) = parse_definition(text).expect("parses");
    assert_eq!(definition.superclass, None);
}

#[test]
fn variable_type_gives_variable_layout() {
    let text = "Class { #name : #Array, #superclass : #ArrayedCollection, #type : #variable }";
    let (definition, _) = parse_definition(text).expect("parses");
    assert_eq!(definition.layout, LayoutKind::Variable);
}

#[test]
fn extension_needs_only_a_name() {
    let (definition, _) = parse_definition("Extension { #name : #Object }").expect("parses");
    assert_eq!(definition.kind, DefinitionKind::Extension);
}

#[test]
fn class_without_superclass_is_rejected() {
    assert!(parse_definition("Class { #name : #Orphan }").is_err());
}

#[test]
fn unknown_type_is_rejected() {
    let text = "Class { #name : #A, #superclass : #Object, #type : #sparkly }";
    assert!(parse_definition(text).is_err());
}

#[test]
fn unterminated_map_is_an_error_not_a_panic() {
    assert!(parse_definition("Class { #name : #A, #superclass : ").is_err());
}

#[test]
fn variable_layout_with_named_fields_is_format_three() {
    assert_eq!(LayoutKind::Variable.instance_format(6), 3);
}

#[test]
fn fixed_layout_without_fields_is_format_zero() {
    assert_eq!(LayoutKind::Fixed.instance_format(0), 0);
}
