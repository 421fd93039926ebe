use super::*;

fn doit(source: &str, line: usize) -> ChunkItem {
    ChunkItem::DoIt {
        source: source.to_string(),
        line,
    }
}

#[test]
fn file_without_bang_is_one_doit() {
    assert_eq!(
        read_chunks("Transcript show: 'hi'.\n3 + 4"),
        vec![doit("Transcript show: 'hi'.\n3 + 4", 1)]
    );
}

#[test]
fn blank_file_has_no_items() {
    assert_eq!(read_chunks("  \n "), Vec::new());
}

#[test]
fn chunks_separated_by_bang_are_doits() {
    assert_eq!(
        read_chunks("1 + 2!\n3 + 4!"),
        vec![doit("1 + 2", 1), doit("3 + 4", 2)]
    );
}

#[test]
fn doubled_bang_is_a_literal_bang() {
    assert_eq!(read_chunks("'wow!!'!"), vec![doit("'wow!'", 1)]);
}

#[test]
fn methods_for_introduces_methods_until_empty_chunk() {
    let source = "!Foo methodsFor: 'access'!\nbar\n\t^ 1! !\n1 + 1!";
    let expected = vec![
        ChunkItem::Method {
            class_name: "Foo".into(),
            class_side: false,
            category: "access".into(),
            source: "bar\n\t^ 1".into(),
            line: 2,
        },
        doit("1 + 1", 4),
    ];
    assert_eq!(read_chunks(source), expected);
}

#[test]
fn class_side_methods_for_with_stamp_is_recognized() {
    let source = "!Foo class methodsFor: 'inst' stamp: 'ab 1/1/2000'!\nnew ^ super new! !";
    match &read_chunks(source)[..] {
        [ChunkItem::Method {
            class_side,
            category,
            ..
        }] => assert_eq!((*class_side, category.as_str()), (true, "inst")),
        other => panic!("unexpected items {other:?}"),
    }
}

#[test]
fn several_methods_in_one_category_are_read() {
    let source = "!Foo methodsFor: 'a'!\nx ^ 1!\ny ^ 2! !";
    assert_eq!(read_chunks(source).len(), 2);
}
