//! The named 'FilePlugin' primitives: stdio handles, file open/read/write/
//! seek/close, delete/rename, directories. A file handle is a 24-byte
//! ByteArray laid out by stvm (reference §11 leaves the content to the VM):
//!
//! ```text
//! bytes 0..8   session id (u64 LE; stale handles from a saved image fail)
//! bytes 8..16  platform file number (0 stdin, 1 stdout, 2 stderr, ≥3 files)
//! byte  16     writable flag
//! byte  17     is-stdio flag
//! bytes 18..24 zero
//! ```

use std::io;

use stvm_object_model::{class_index, Oop};

use super::support::{
    argument, boolean_value, expect_arguments, heap_failure, integer_value,
    positive_integer_object, string_argument, string_object,
};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};
use crate::platform::DirectoryEntry;

/// Size of a file handle ByteArray.
pub const HANDLE_BYTES: usize = 24;

/// The names this module's primitive table resolves.
pub const NAMES: &[&str] = &[
    "primitiveFileStdioHandles",
    "primitiveFileWrite",
    "primitiveFileRead",
    "primitiveFileOpen",
    "primitiveFileOpenNew",
    "primitiveFileClose",
    "primitiveFileAtEnd",
    "primitiveFileGetPosition",
    "primitiveFileSetPosition",
    "primitiveFileSize",
    "primitiveFileFlush",
    "primitiveFileSync",
    "primitiveFileTruncate",
    "primitiveFileDelete",
    "primitiveFileRename",
    "primitiveFileDescriptorType",
    "primitiveDirectoryCreate",
    "primitiveDirectoryDelete",
    "primitiveDirectoryLookup",
    "primitiveDirectoryEntry",
    "primitiveDirectoryDelimitor",
];

/// The named primitive `name` of module 'FilePlugin', if implemented.
pub fn primitive(name: &str) -> Option<PurePrimitive> {
    Some(match name {
        "primitiveFileStdioHandles" => primitive_file_stdio_handles,
        "primitiveFileWrite" => primitive_file_write,
        "primitiveFileRead" => primitive_file_read,
        "primitiveFileOpen" => primitive_file_open,
        "primitiveFileOpenNew" => primitive_file_open_new,
        "primitiveFileClose" => primitive_file_close,
        "primitiveFileAtEnd" => primitive_file_at_end,
        "primitiveFileGetPosition" => primitive_file_get_position,
        "primitiveFileSetPosition" => primitive_file_set_position,
        "primitiveFileSize" => primitive_file_size,
        "primitiveFileFlush" => primitive_file_flush,
        "primitiveFileSync" => primitive_file_sync,
        "primitiveFileTruncate" => primitive_file_truncate,
        "primitiveFileDelete" => primitive_file_delete,
        "primitiveFileRename" => primitive_file_rename,
        "primitiveFileDescriptorType" => primitive_file_descriptor_type,
        "primitiveDirectoryCreate" => primitive_directory_create,
        "primitiveDirectoryDelete" => primitive_directory_delete,
        "primitiveDirectoryLookup" => primitive_directory_lookup,
        "primitiveDirectoryEntry" => primitive_directory_entry,
        "primitiveDirectoryDelimitor" => primitive_directory_delimitor,
        _ => return None,
    })
}

/// What a handle says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileHandle {
    /// The platform file number.
    pub file: u64,
    /// Opened for writing.
    pub writable: bool,
    /// One of stdin/stdout/stderr.
    pub is_stdio: bool,
}

fn os_failure(_: io::Error) -> PrimitiveFailure {
    PrimitiveFailure::OperatingSystemError
}

fn new_handle(call: &mut PrimitiveCall, handle: FileHandle) -> PrimitiveResult {
    let mut bytes = [0u8; HANDLE_BYTES];
    bytes[..8].copy_from_slice(&call.platform.files().session_id().to_le_bytes());
    bytes[8..16].copy_from_slice(&handle.file.to_le_bytes());
    bytes[16] = handle.writable as u8;
    bytes[17] = handle.is_stdio as u8;
    call.heap
        .new_bytes(class_index::BYTE_ARRAY, &bytes)
        .map_err(heap_failure)
}

/// Argument `index` decoded as a live handle of this session.
fn handle_argument(call: &mut PrimitiveCall, index: usize) -> Result<FileHandle, PrimitiveFailure> {
    let oop = argument(call, index)?;
    if !oop.is_pointer()
        || !call.heap.format_of(oop).is_bytes()
        || call.heap.element_count(oop) != HANDLE_BYTES
    {
        return Err(PrimitiveFailure::BadArgument);
    }
    let bytes = call.heap.bytes(oop);
    let word = |range: std::ops::Range<usize>| {
        let mut buffer = [0u8; 8];
        buffer.copy_from_slice(&bytes[range]);
        u64::from_le_bytes(buffer)
    };
    let (session, file) = (word(0..8), word(8..16));
    let handle = FileHandle {
        file,
        writable: bytes[16] != 0,
        is_stdio: bytes[17] != 0,
    };
    if session != call.platform.files().session_id() || (handle.is_stdio != (file <= 2)) {
        return Err(PrimitiveFailure::BadArgument);
    }
    Ok(handle)
}

fn path_argument(call: &PrimitiveCall, index: usize) -> Result<String, PrimitiveFailure> {
    let path = string_argument(call, index)?;
    Ok(if path.is_empty() {
        "/".to_string()
    } else {
        path
    })
}

fn primitive_file_stdio_handles(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let mut handles = Vec::with_capacity(3);
    for file in 0..3 {
        let handle = FileHandle {
            file,
            writable: file != 0,
            is_stdio: true,
        };
        handles.push(new_handle(call, handle)?);
    }
    call.heap.new_array_with(&handles).map_err(heap_failure)
}

/// The (byte offset, byte count, element size) of `start`/`count` elements of a buffer.
fn buffer_range(call: &PrimitiveCall) -> Result<(Oop, usize, usize, usize), PrimitiveFailure> {
    let buffer = argument(call, 1)?;
    if !buffer.is_pointer() || !call.heap.format_of(buffer).is_pure_bits() {
        return Err(PrimitiveFailure::BadArgument);
    }
    let start = argument(call, 2)?.as_small_integer();
    let count = argument(call, 3)?.as_small_integer();
    let (Some(start), Some(count)) = (start, count) else {
        return Err(PrimitiveFailure::BadArgument);
    };
    let size = call.heap.element_count(buffer) as i64;
    if start < 1 || count < 0 || start - 1 + count > size {
        return Err(PrimitiveFailure::BadIndex);
    }
    let width = call.heap.format_of(buffer).element_bytes();
    Ok((
        buffer,
        (start as usize - 1) * width,
        count as usize * width,
        width,
    ))
}

/// `primWrite: id from: buffer startingAt: start count: count` → elements written.
fn primitive_file_write(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 4)?;
    let handle = handle_argument(call, 0)?;
    let (buffer, offset, length, width) = buffer_range(call)?;
    if !handle.writable {
        return Err(PrimitiveFailure::InappropriateOperation);
    }
    let bytes = call.heap.bytes(buffer)[offset..offset + length].to_vec();
    let written = match handle.file {
        0 => return Err(PrimitiveFailure::InappropriateOperation),
        1 => call.platform.write_stdout(&bytes),
        2 => call.platform.write_stderr(&bytes),
        file => call.platform.files().write(file, &bytes),
    }
    .map_err(os_failure)?;
    Ok(Oop::small_integer_unchecked((written / width) as i64))
}

/// `primRead: id into: buffer startingAt: start count: count` → elements read.
fn primitive_file_read(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 4)?;
    let handle = handle_argument(call, 0)?;
    let (buffer, offset, length, width) = buffer_range(call)?;
    if call.heap.is_immutable(buffer) {
        return Err(PrimitiveFailure::NoModification);
    }
    let mut data = vec![0u8; length];
    let read = match handle.file {
        0 => call.platform.read_stdin(&mut data),
        1 | 2 => return Err(PrimitiveFailure::InappropriateOperation),
        file => call.platform.files().read(file, &mut data),
    }
    .map_err(os_failure)?;
    let whole = read - read % width;
    call.heap.bytes_mut(buffer)[offset..offset + whole].copy_from_slice(&data[..whole]);
    Ok(Oop::small_integer_unchecked((whole / width) as i64))
}

/// `primOpen: path writable: aBoolean` → handle (fails if it cannot open).
fn primitive_file_open(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let path = string_argument(call, 0)?;
    let writable =
        boolean_value(call.heap, argument(call, 1)?).ok_or(PrimitiveFailure::BadArgument)?;
    let file = call
        .platform
        .files()
        .open(&path, writable)
        .map_err(os_failure)?;
    new_handle(
        call,
        FileHandle {
            file,
            writable,
            is_stdio: false,
        },
    )
}

/// `primOpenNew: path` → handle; InappropriateOperation if the file exists.
fn primitive_file_open_new(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let path = string_argument(call, 0)?;
    let file = call.platform.files().open_new(&path).map_err(|error| {
        if error.kind() == io::ErrorKind::AlreadyExists {
            PrimitiveFailure::InappropriateOperation
        } else {
            PrimitiveFailure::OperatingSystemError
        }
    })?;
    new_handle(
        call,
        FileHandle {
            file,
            writable: true,
            is_stdio: false,
        },
    )
}

/// Runs `action` on a regular file's handle (argument 0); stdio handles get `stdio`.
fn with_file<T>(
    call: &mut PrimitiveCall,
    stdio: impl FnOnce(&mut PrimitiveCall) -> Result<T, PrimitiveFailure>,
    action: impl FnOnce(&mut PrimitiveCall, u64) -> io::Result<T>,
) -> Result<T, PrimitiveFailure> {
    let handle = handle_argument(call, 0)?;
    if handle.is_stdio {
        return stdio(call);
    }
    action(call, handle.file).map_err(os_failure)
}

fn unsupported_on_stdio<T>(_: &mut PrimitiveCall) -> Result<T, PrimitiveFailure> {
    Err(PrimitiveFailure::InappropriateOperation)
}

fn primitive_file_close(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    with_file(call, |_| Ok(()), |c, file| c.platform.files().close(file))?;
    Ok(call.receiver)
}

fn primitive_file_at_end(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let at_end = with_file(
        call,
        |_| Ok(false),
        |c, file| {
            let files = c.platform.files();
            Ok(files.position(file)? >= files.size(file)?)
        },
    )?;
    Ok(call.heap.boolean(at_end))
}

fn primitive_file_get_position(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let position = with_file(call, |_| Ok(0), |c, file| c.platform.files().position(file))?;
    positive_integer_object(call.heap, position)
}

fn position_argument(call: &PrimitiveCall) -> Result<u64, PrimitiveFailure> {
    integer_value(call.heap, argument(call, 1)?)
        .and_then(|value| value.to_i64())
        .and_then(|value| u64::try_from(value).ok())
        .ok_or(PrimitiveFailure::BadArgument)
}

fn primitive_file_set_position(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let position = position_argument(call)?;
    with_file(call, unsupported_on_stdio, |c, file| {
        c.platform.files().set_position(file, position)
    })?;
    Ok(call.receiver)
}

fn primitive_file_size(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let size = with_file(call, |_| Ok(0), |c, file| c.platform.files().size(file))?;
    positive_integer_object(call.heap, size)
}

fn flush_stdio(call: &mut PrimitiveCall) -> Result<(), PrimitiveFailure> {
    call.platform.flush().map_err(os_failure)
}

fn primitive_file_flush(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    with_file(call, flush_stdio, |c, file| c.platform.files().flush(file))?;
    Ok(call.receiver)
}

fn primitive_file_sync(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    with_file(call, flush_stdio, |c, file| c.platform.files().sync(file))?;
    Ok(call.receiver)
}

fn primitive_file_truncate(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let size = position_argument(call)?;
    with_file(call, unsupported_on_stdio, |c, file| {
        c.platform.files().truncate(file, size)
    })?;
    Ok(call.receiver)
}

fn primitive_file_delete(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let path = string_argument(call, 0)?;
    call.platform.files().delete(&path).map_err(os_failure)?;
    Ok(call.receiver)
}

fn primitive_file_rename(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let from = string_argument(call, 0)?;
    let to = string_argument(call, 1)?;
    call.platform
        .files()
        .rename(&from, &to)
        .map_err(os_failure)?;
    Ok(call.receiver)
}

/// `fileDescriptorType: fd` — stdio descriptors answer 2 (pipe), others −1.
fn primitive_file_descriptor_type(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let fd = argument(call, 0)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    Ok(Oop::small_integer_unchecked(if (0..=2).contains(&fd) {
        2
    } else {
        -1
    }))
}

fn primitive_directory_create(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let path = path_argument(call, 0)?;
    call.platform
        .files()
        .create_directory(&path)
        .map_err(os_failure)?;
    Ok(call.receiver)
}

fn primitive_directory_delete(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 1)?;
    let path = path_argument(call, 0)?;
    call.platform
        .files()
        .delete_directory(&path)
        .map_err(os_failure)?;
    Ok(call.receiver)
}

/// `{name. creationTime. modificationTime. isDirectory. size. posixPermissions. isSymlink}`.
fn entry_array(call: &mut PrimitiveCall, entry: &DirectoryEntry) -> PrimitiveResult {
    let name = string_object(call.heap, entry.name.as_bytes())?;
    let created = super::support::integer_object_i128(call.heap, entry.creation_seconds as i128)?;
    let modified =
        super::support::integer_object_i128(call.heap, entry.modification_seconds as i128)?;
    let size = positive_integer_object(call.heap, entry.size)?;
    let fields = [
        name,
        created,
        modified,
        call.heap.boolean(entry.is_directory),
        size,
        Oop::small_integer_unchecked(entry.permissions as i64),
        call.heap.boolean(entry.is_symlink),
    ];
    call.heap.new_array_with(&fields).map_err(heap_failure)
}

/// `lookupEntryIn: path index: i` — the i-th entry (1-based) or nil past the end.
fn primitive_directory_lookup(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let path = path_argument(call, 0)?;
    let index = argument(call, 1)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    if index < 1 {
        return Err(PrimitiveFailure::BadIndex);
    }
    let entries = call
        .platform
        .files()
        .directory_entries(&path)
        .map_err(|_| PrimitiveFailure::NotFound)?;
    match entries.get(index as usize - 1) {
        Some(entry) => entry_array(call, entry),
        None => Ok(call.heap.nil()),
    }
}

/// `lookupEntryIn: path name: name` — that entry, or nil if absent.
fn primitive_directory_entry(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let directory = path_argument(call, 0)?;
    let name = string_argument(call, 1)?;
    let full = format!("{}/{}", directory.trim_end_matches('/'), name);
    match call.platform.files().entry(&full) {
        Ok(entry) => entry_array(call, &entry),
        Err(_) => Ok(call.heap.nil()),
    }
}

/// The path delimiter, `$/`.
fn primitive_directory_delimitor(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    Ok(Oop::character('/' as u32).unwrap_or(Oop::small_integer_unchecked(47)))
}
