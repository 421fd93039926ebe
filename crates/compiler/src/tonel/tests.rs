use super::*;

const CLASS_FILE: &str = "\"A point-like thing.\nIt has ''quotes'' and \"\"double quotes\"\".\"
Class {
\t#name : #Foo,
\t#superclass : #Object,
\t#instVars : [
\t\t'a',
\t\t'b'
\t],
\t#classVars : [ 'X' ],
\t#classInstVars : [ 'count' ],
\t#type : #variable,
\t#category : #'Kernel-Tests'
}

{ #category : 'accessing' }
Foo >> a [
\t^ a
]

{ #category : #tricky }
Foo >> tricky: x [
\t\"a ] in a comment\"
\t| s |
\ts := 'a ] in a string'.
\t^ { $]. #']'. [:y | y ] }
]

Foo class >> new [
\t^ super new
]
";

fn file() -> TonelFile {
    read_tonel(CLASS_FILE).expect("reads")
}

fn class() -> ClassDefinition {
    match file().definition {
        TonelDefinition::Class(definition) => definition,
        other => panic!("not a class: {other:?}"),
    }
}

#[test]
fn class_definition_reads_name_and_superclass() {
    let class = class();
    assert_eq!(
        (class.name.as_str(), class.superclass.as_deref()),
        ("Foo", Some("Object"))
    );
}

#[test]
fn class_definition_reads_variable_lists() {
    let class = class();
    assert_eq!(
        (
            class.instance_variables,
            class.class_variables,
            class.class_instance_variables
        ),
        (
            vec!["a".to_string(), "b".to_string()],
            vec!["X".to_string()],
            vec!["count".to_string()]
        )
    );
}

#[test]
fn class_definition_reads_type_and_category() {
    let class = class();
    assert_eq!(
        (class.class_type, class.category.as_str()),
        (ClassType::Variable, "Kernel-Tests")
    );
}

#[test]
fn class_comment_is_read_with_quotes_undoubled() {
    assert_eq!(
        class().comment.as_deref(),
        Some("A point-like thing.\nIt has ''quotes'' and \"double quotes\".")
    );
}

#[test]
fn methods_are_read_in_order_with_sides() {
    let sides: Vec<bool> = file().methods.iter().map(|m| m.class_side).collect();
    assert_eq!(sides, vec![false, false, true]);
}

#[test]
fn method_source_is_pattern_newline_body() {
    assert_eq!(file().methods[0].source, "a\n\t^ a");
}

#[test]
fn method_category_accepts_symbols() {
    assert_eq!(file().methods[1].category, "tricky");
}

#[test]
fn brackets_in_strings_comments_and_characters_do_not_end_the_body() {
    assert!(file().methods[1]
        .source
        .ends_with("^ { $]. #']'. [:y | y ] }"));
}

#[test]
fn method_line_is_the_header_line() {
    assert_eq!(file().methods[1].line, 22);
}

#[test]
fn every_method_of_the_sample_compiles() {
    let scope = crate::ClassScope {
        class_name: "Foo".into(),
        is_meta: false,
        instance_variables: vec!["a".into(), "b".into()],
    };
    let failures: Vec<String> = file()
        .methods
        .iter()
        .filter_map(|m| {
            crate::compile_method(&m.source, &scope)
                .err()
                .map(|e| e.to_string())
        })
        .collect();
    assert_eq!(failures, Vec::<String>::new());
}

#[test]
fn extension_file_names_the_extended_class() {
    let tonel = read_tonel(
        "Extension { #name : #Object }\n\n{ #category : '*Foo' }\nObject >> isFoo [ ^ false ]\n",
    )
    .expect("reads");
    assert_eq!(
        (tonel.definition, tonel.methods[0].source.as_str()),
        (
            TonelDefinition::Extension {
                name: "Object".into()
            },
            "isFoo\n ^ false"
        )
    );
}

#[test]
fn package_and_tag_make_the_category_when_category_is_absent() {
    let tonel = read_tonel(
        "Class { #name : 'Bar', #superclass : 'Object', #package : 'Kernel', #tag : 'Base' }",
    )
    .expect("reads");
    match tonel.definition {
        TonelDefinition::Class(class) => assert_eq!(class.category, "Kernel-Base"),
        other => panic!("not a class: {other:?}"),
    }
}

#[test]
fn unmatched_method_bracket_is_an_error_with_position() {
    let error =
        read_tonel("Class { #name : #Foo }\n\nFoo >> bar [\n\t^ 1\n").expect_err("unterminated");
    assert_eq!((error.line, error.column), (3, 12));
}

#[test]
fn unknown_definition_keyword_is_an_error() {
    assert!(read_tonel("Klass { #name : #Foo }").is_err());
}

#[test]
fn package_descriptor_is_read() {
    let tonel = read_tonel("Package { #name : #'Kernel' }\n").expect("reads");
    assert_eq!(
        tonel.definition,
        TonelDefinition::Package {
            name: "Kernel".into()
        }
    );
}
