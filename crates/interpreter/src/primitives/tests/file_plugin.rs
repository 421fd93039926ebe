use super::{character, int, TestWorld};
use stvm_object_model::Oop;

const FP: &str = "FilePlugin";

fn stdio(w: &mut TestWorld) -> Vec<Oop> {
    let handles = w
        .call_named(FP, "primitiveFileStdioHandles", w.nil(), &[])
        .unwrap();
    w.elements(handles)
}

fn open(w: &mut TestWorld, path: &str, writable: bool) -> Oop {
    let path = w.string(path);
    let flag = w.boolean(writable);
    w.call_named(FP, "primitiveFileOpen", w.nil(), &[path, flag])
        .unwrap()
}

#[test]
fn stdio_handles_are_three_24_byte_byte_arrays() {
    let mut w = TestWorld::new();
    let handles = stdio(&mut w);
    assert_eq!(handles.len(), 3);
    assert!(handles.iter().all(|&h| w.heap.bytes(h).len() == 24));
}

#[test]
fn file_write_to_stdout_is_captured_by_fake_platform() {
    let mut w = TestWorld::new();
    let out = stdio(&mut w)[1];
    let text = w.string("hello");
    let written = w.call_named(
        FP,
        "primitiveFileWrite",
        w.nil(),
        &[out, text, int(2), int(3)],
    );
    assert_eq!(written, Ok(int(3)));
    assert_eq!(w.platform.stdout, b"ell");
}

#[test]
fn file_write_to_stderr_is_captured_separately() {
    let mut w = TestWorld::new();
    let err = stdio(&mut w)[2];
    let text = w.string("oops");
    w.call_named(
        FP,
        "primitiveFileWrite",
        w.nil(),
        &[err, text, int(1), int(4)],
    )
    .unwrap();
    assert_eq!(w.platform.stderr, b"oops");
}

#[test]
fn file_read_from_stdin_fills_buffer() {
    let mut w = TestWorld::new();
    w.platform.stdin = b"xy".to_vec();
    let input = stdio(&mut w)[0];
    let buffer = w.string("....");
    let read = w.call_named(
        FP,
        "primitiveFileRead",
        w.nil(),
        &[input, buffer, int(1), int(4)],
    );
    assert_eq!(read, Ok(int(2)));
    assert_eq!(w.string_of(buffer), "xy..");
}

#[test]
fn written_file_reads_back_after_reopening() {
    let mut w = TestWorld::new();
    let file = open(&mut w, "/tmp/a.txt", true);
    let text = w.string("data");
    w.call_named(
        FP,
        "primitiveFileWrite",
        w.nil(),
        &[file, text, int(1), int(4)],
    )
    .unwrap();
    w.call_named(FP, "primitiveFileClose", w.nil(), &[file])
        .unwrap();
    let again = open(&mut w, "/tmp/a.txt", false);
    let buffer = w.byte_array(&[0; 4]);
    w.call_named(
        FP,
        "primitiveFileRead",
        w.nil(),
        &[again, buffer, int(1), int(4)],
    )
    .unwrap();
    assert_eq!(w.heap.bytes(buffer), b"data");
}

#[test]
fn file_size_position_and_at_end_follow_reads() {
    let mut w = TestWorld::new();
    w.platform
        .files
        .contents
        .insert("/f".to_string(), b"abc".to_vec());
    let file = open(&mut w, "/f", false);
    assert_eq!(
        w.call_named(FP, "primitiveFileSize", w.nil(), &[file]),
        Ok(int(3))
    );
    w.call_named(FP, "primitiveFileSetPosition", w.nil(), &[file, int(3)])
        .unwrap();
    assert_eq!(
        w.call_named(FP, "primitiveFileGetPosition", w.nil(), &[file]),
        Ok(int(3))
    );
    assert_eq!(
        w.call_named(FP, "primitiveFileAtEnd", w.nil(), &[file]),
        Ok(w.boolean(true))
    );
}

#[test]
fn file_truncate_shortens_file() {
    let mut w = TestWorld::new();
    w.platform
        .files
        .contents
        .insert("/f".to_string(), b"abcdef".to_vec());
    let file = open(&mut w, "/f", true);
    w.call_named(FP, "primitiveFileTruncate", w.nil(), &[file, int(2)])
        .unwrap();
    assert_eq!(w.platform.files.contents["/f"], b"ab");
}

#[test]
fn open_new_of_existing_file_fails_with_inappropriate_operation() {
    let mut w = TestWorld::new();
    w.platform
        .files
        .contents
        .insert("/f".to_string(), Vec::new());
    let path = w.string("/f");
    let result = w.call_named(FP, "primitiveFileOpenNew", w.nil(), &[path]);
    super::assert_fails(
        result,
        crate::primitives::PrimitiveFailure::InappropriateOperation,
    );
}

#[test]
fn delete_and_rename_change_the_file_system() {
    let mut w = TestWorld::new();
    w.platform
        .files
        .contents
        .insert("/a".to_string(), Vec::new());
    w.platform
        .files
        .contents
        .insert("/b".to_string(), Vec::new());
    let (a, b, c) = (w.string("/a"), w.string("/b"), w.string("/c"));
    w.call_named(FP, "primitiveFileDelete", w.nil(), &[a])
        .unwrap();
    w.call_named(FP, "primitiveFileRename", w.nil(), &[b, c])
        .unwrap();
    assert_eq!(
        w.platform.files.contents.keys().collect::<Vec<_>>(),
        vec!["/c"]
    );
}

#[test]
fn directory_lookup_answers_entries_then_nil() {
    let mut w = TestWorld::new();
    w.platform.files.directories.insert("/d".to_string());
    w.platform
        .files
        .contents
        .insert("/d/x".to_string(), b"12".to_vec());
    let d = w.string("/d");
    let entry = w
        .call_named(FP, "primitiveDirectoryLookup", w.nil(), &[d, int(1)])
        .unwrap();
    let fields = w.elements(entry);
    assert_eq!(w.string_of(fields[0]), "x");
    assert_eq!(fields[4], int(2));
    assert_eq!(
        w.call_named(FP, "primitiveDirectoryLookup", w.nil(), &[d, int(2)]),
        Ok(w.nil())
    );
}

#[test]
fn directory_create_then_entry_reports_directory() {
    let mut w = TestWorld::new();
    let path = w.string("/new");
    w.call_named(FP, "primitiveDirectoryCreate", w.nil(), &[path])
        .unwrap();
    let (root, name) = (w.string("/"), w.string("new"));
    let entry = w
        .call_named(FP, "primitiveDirectoryEntry", w.nil(), &[root, name])
        .unwrap();
    assert_eq!(w.elements(entry)[3], w.boolean(true));
}

#[test]
fn directory_delimitor_is_slash() {
    let mut w = TestWorld::new();
    assert_eq!(
        w.call_named(FP, "primitiveDirectoryDelimitor", w.nil(), &[]),
        Ok(character('/' as u32))
    );
}

#[test]
fn flush_of_stdout_flushes_platform() {
    let mut w = TestWorld::new();
    let out = stdio(&mut w)[1];
    w.call_named(FP, "primitiveFileFlush", w.nil(), &[out])
        .unwrap();
    assert_eq!(w.platform.flush_count, 1);
}

#[test]
fn stale_handle_from_another_session_fails() {
    let mut w = TestWorld::new();
    let fake = w.byte_array(&[1; 24]);
    let text = w.string("x");
    let result = w.call_named(
        FP,
        "primitiveFileWrite",
        w.nil(),
        &[fake, text, int(1), int(1)],
    );
    super::assert_fails(result, crate::primitives::PrimitiveFailure::BadArgument);
}

fails_named!(
    stdio_handles_with_argument_fails,
    FP,
    "primitiveFileStdioHandles",
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
fails_named!(
    file_write_with_short_handle_fails,
    FP,
    "primitiveFileWrite",
    |w| w.nil(),
    [w.byte_array(&[0; 8]), w.string("x"), int(1), int(1)],
    BadArgument
);
fails_named!(
    file_write_past_end_of_buffer_fails,
    FP,
    "primitiveFileWrite",
    |w| w.nil(),
    [
        {
            let h = stdio(&mut w);
            h[1]
        },
        w.string("x"),
        int(1),
        int(2)
    ],
    BadIndex
);
fails_named!(
    file_write_to_stdin_fails,
    FP,
    "primitiveFileWrite",
    |w| w.nil(),
    [
        {
            let h = stdio(&mut w);
            h[0]
        },
        w.string("x"),
        int(1),
        int(1)
    ],
    InappropriateOperation
);
fails_named!(
    file_read_into_array_fails,
    FP,
    "primitiveFileRead",
    |w| w.nil(),
    [
        {
            let h = stdio(&mut w);
            h[0]
        },
        w.array(&[int(1)]),
        int(1),
        int(1)
    ],
    BadArgument
);
fails_named!(
    file_open_of_missing_file_for_reading_fails,
    FP,
    "primitiveFileOpen",
    |w| w.nil(),
    [w.string("/missing"), w.boolean(false)],
    OperatingSystemError
);
fails_named!(
    file_open_with_non_boolean_flag_fails,
    FP,
    "primitiveFileOpen",
    |w| w.nil(),
    [w.string("/x"), int(1)],
    BadArgument
);
fails_named!(
    file_open_new_with_nil_path_fails,
    FP,
    "primitiveFileOpenNew",
    |w| w.nil(),
    [w.nil()],
    BadArgument
);
fails_named!(
    file_close_with_nil_fails,
    FP,
    "primitiveFileClose",
    |w| w.nil(),
    [w.nil()],
    BadArgument
);
fails_named!(
    file_at_end_with_string_fails,
    FP,
    "primitiveFileAtEnd",
    |w| w.nil(),
    [w.string("x")],
    BadArgument
);
fails_named!(
    file_get_position_with_int_fails,
    FP,
    "primitiveFileGetPosition",
    |w| w.nil(),
    [int(3)],
    BadArgument
);
fails_named!(
    file_set_position_on_stdout_fails,
    FP,
    "primitiveFileSetPosition",
    |w| w.nil(),
    [
        {
            let h = stdio(&mut w);
            h[1]
        },
        int(0)
    ],
    InappropriateOperation
);
fails_named!(
    file_size_without_handle_fails,
    FP,
    "primitiveFileSize",
    |w| w.nil(),
    [],
    BadNumberOfArguments
);
fails_named!(
    file_flush_with_nil_fails,
    FP,
    "primitiveFileFlush",
    |w| w.nil(),
    [w.nil()],
    BadArgument
);
fails_named!(
    file_sync_with_nil_fails,
    FP,
    "primitiveFileSync",
    |w| w.nil(),
    [w.nil()],
    BadArgument
);
fails_named!(
    file_truncate_with_negative_size_fails,
    FP,
    "primitiveFileTruncate",
    |w| w.nil(),
    [
        {
            let h = stdio(&mut w);
            h[1]
        },
        int(-1)
    ],
    BadArgument
);
fails_named!(
    file_delete_of_missing_file_fails,
    FP,
    "primitiveFileDelete",
    |w| w.nil(),
    [w.string("/nope")],
    OperatingSystemError
);
fails_named!(
    file_rename_with_nil_target_fails,
    FP,
    "primitiveFileRename",
    |w| w.nil(),
    [w.string("/a"), w.nil()],
    BadArgument
);
fails_named!(
    file_descriptor_type_with_string_fails,
    FP,
    "primitiveFileDescriptorType",
    |w| w.nil(),
    [w.string("0")],
    BadArgument
);
fails_named!(
    directory_create_twice_fails,
    FP,
    "primitiveDirectoryCreate",
    |w| {
        w.platform.files.directories.insert("/d".into());
        w.nil()
    },
    [w.string("/d")],
    OperatingSystemError
);
fails_named!(
    directory_delete_of_missing_directory_fails,
    FP,
    "primitiveDirectoryDelete",
    |w| w.nil(),
    [w.string("/nope")],
    OperatingSystemError
);
fails_named!(
    directory_lookup_of_missing_directory_fails,
    FP,
    "primitiveDirectoryLookup",
    |w| w.nil(),
    [w.string("/nope"), int(1)],
    NotFound
);
fails_named!(
    directory_entry_with_nil_name_fails,
    FP,
    "primitiveDirectoryEntry",
    |w| w.nil(),
    [w.string("/"), w.nil()],
    BadArgument
);
fails_named!(
    directory_delimitor_with_argument_fails,
    FP,
    "primitiveDirectoryDelimitor",
    |w| w.nil(),
    [int(1)],
    BadNumberOfArguments
);
