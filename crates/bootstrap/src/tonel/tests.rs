use super::*;

const FILE: &str = "Class {\n\t#name : #Point,\n\t#superclass : #Object,\n\t#instVars : [ 'x', 'y' ],\n\t#category : #Kernel\n}\n\n{ #category : #accessing }\nPoint >> x [\n\t^ x\n]\n\n{ #category : #'instance creation' }\nPoint class >> x: ax y: ay [\n\t\"comment with ] bracket\"\n\t^ self basicNew setX: ax setY: ay; yourself\n]\n\nPoint >> odd [ ^ #($] ']' #[1 2]) ]\n";

#[test]
fn file_with_three_methods_reads_three_methods() {
    let file = read_tonel(FILE).expect("reads");
    assert_eq!(file.methods.len(), 3);
}

#[test]
fn method_source_starts_with_its_selector_pattern() {
    let file = read_tonel(FILE).expect("reads");
    assert_eq!(file.methods[0].source, "x \n\t^ x");
}

#[test]
fn class_side_method_is_marked_class_side() {
    let file = read_tonel(FILE).expect("reads");
    assert!(file.methods[1].class_side);
}

#[test]
fn quoted_category_is_read_without_quotes() {
    let file = read_tonel(FILE).expect("reads");
    assert_eq!(file.methods[1].category, "instance creation");
}

#[test]
fn brackets_inside_comments_strings_and_characters_do_not_end_the_body() {
    let file = read_tonel(FILE).expect("reads");
    assert_eq!(file.methods[2].source, "odd  ^ #($] ']' #[1 2])");
}

#[test]
fn method_line_is_the_line_of_its_selector_pattern() {
    let file = read_tonel(FILE).expect("reads");
    assert_eq!((file.methods[1].line, file.methods[1].column), (14, 16));
}

#[test]
fn unterminated_body_is_an_error_with_a_line() {
    let text = "Class { #name : #A, #superclass : #Object }\nA >> foo [ ^ 1\n";
    assert!(read_tonel(text).is_err());
}
