//! A platform for tests: captured stdout/stderr, scripted stdin, a settable
//! clock and an in-memory file system (flat: paths are plain keys, directories
//! are a set of path names).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::{DirectoryEntry, FileSystem, Platform};

/// A platform whose effects stay in memory.
#[derive(Default)]
pub struct FakePlatform {
    /// Everything written to stdout.
    pub stdout: Vec<u8>,
    /// Everything written to stderr.
    pub stderr: Vec<u8>,
    /// Bytes stdin will yield.
    pub stdin: Vec<u8>,
    stdin_position: usize,
    /// How many times `flush` was called.
    pub flush_count: usize,
    /// The UTC clock, µs since 1901.
    pub utc_microseconds: i64,
    /// The local offset from UTC, seconds.
    pub local_offset_seconds: i64,
    /// The monotonic clock, ms.
    pub monotonic_milliseconds: u64,
    /// Total time slept, µs.
    pub slept_microseconds: u64,
    /// The in-memory files.
    pub files: FakeFileSystem,
    /// Command-line arguments.
    pub arguments: Vec<String>,
    /// The image path.
    pub image_path: String,
    /// User interrupts (Ctrl-C) not yet taken; a test keeps a clone to raise one.
    pub user_interrupts: Arc<AtomicUsize>,
    /// Set when the interpreter armed "the next Ctrl-C quits".
    pub is_user_interrupt_quit_armed: Arc<AtomicBool>,
}

impl FakePlatform {
    /// An empty fake platform.
    pub fn new() -> FakePlatform {
        FakePlatform::default()
    }
}

impl Platform for FakePlatform {
    fn write_stdout(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stdout.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn write_stderr(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stderr.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn read_stdin(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let rest = &self.stdin[self.stdin_position.min(self.stdin.len())..];
        let count = rest.len().min(buffer.len());
        buffer[..count].copy_from_slice(&rest[..count]);
        self.stdin_position += count;
        Ok(count)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.flush_count += 1;
        Ok(())
    }
    fn utc_microseconds(&self) -> i64 {
        self.utc_microseconds
    }
    fn local_offset_seconds(&self) -> i64 {
        self.local_offset_seconds
    }
    fn monotonic_milliseconds(&self) -> u64 {
        self.monotonic_milliseconds
    }
    fn sleep_microseconds(&mut self, micros: u64) {
        self.slept_microseconds += micros;
        self.monotonic_milliseconds += micros / 1000;
        self.utc_microseconds += micros as i64;
    }
    fn files(&mut self) -> &mut dyn FileSystem {
        &mut self.files
    }
    fn command_line_arguments(&self) -> &[String] {
        &self.arguments
    }
    fn image_path(&self) -> &str {
        &self.image_path
    }
    fn set_image_path(&mut self, path: &str) -> bool {
        self.image_path = path.to_string();
        true
    }
    fn vm_path(&self) -> &str {
        "/fake/stvm"
    }
    fn take_user_interrupt(&mut self) -> bool {
        self.user_interrupts
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |count| {
                count.checked_sub(1)
            })
            .is_ok()
    }
    fn arm_user_interrupt_quit(&mut self) {
        self.is_user_interrupt_quit_armed
            .store(true, Ordering::SeqCst);
    }
}

struct OpenFile {
    path: String,
    position: u64,
    writable: bool,
}

/// Files kept in a map from path to contents.
#[derive(Default)]
pub struct FakeFileSystem {
    /// File contents by path.
    pub contents: BTreeMap<String, Vec<u8>>,
    /// Paths of directories.
    pub directories: BTreeSet<String>,
    open_files: HashMap<u64, OpenFile>,
    next_number: u64,
}

fn not_found() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no such file")
}

fn not_open() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, "file is not open")
}

impl FakeFileSystem {
    fn open_file(&mut self, file: u64) -> io::Result<&mut OpenFile> {
        self.open_files.get_mut(&file).ok_or_else(not_open)
    }

    fn register(&mut self, path: &str, writable: bool) -> u64 {
        let number = self.next_number.max(3);
        self.next_number = number + 1;
        let open = OpenFile {
            path: path.to_string(),
            position: 0,
            writable,
        };
        self.open_files.insert(number, open);
        number
    }

    fn data_of(&mut self, file: u64) -> io::Result<(&mut Vec<u8>, &mut OpenFile)> {
        let open = self.open_files.get_mut(&file).ok_or_else(not_open)?;
        let data = self.contents.get_mut(&open.path).ok_or_else(not_found)?;
        Ok((data, open))
    }

    fn children(&self, path: &str) -> Vec<DirectoryEntry> {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        fn direct<'a>(p: &'a str, prefix: &str) -> Option<&'a str> {
            p.strip_prefix(prefix).filter(|rest| !rest.contains('/'))
        }
        let files = self.contents.iter().filter_map(|(p, data)| {
            direct(p, &prefix).map(|name| fake_entry(name, false, data.len() as u64))
        });
        let dirs = self
            .directories
            .iter()
            .filter_map(|p| direct(p, &prefix).map(|name| fake_entry(name, true, 0)));
        let mut all: Vec<DirectoryEntry> = files.chain(dirs).collect();
        all.sort_by(|a, b| a.name.cmp(&b.name));
        all
    }
}

fn fake_entry(name: &str, is_directory: bool, size: u64) -> DirectoryEntry {
    DirectoryEntry {
        name: name.to_string(),
        creation_seconds: 0,
        modification_seconds: 0,
        is_directory,
        size,
        permissions: if is_directory { 0o755 } else { 0o644 },
        is_symlink: false,
    }
}

impl FileSystem for FakeFileSystem {
    fn session_id(&self) -> u64 {
        0x5EED
    }
    fn open(&mut self, path: &str, writable: bool) -> io::Result<u64> {
        if !self.contents.contains_key(path) {
            if !writable {
                return Err(not_found());
            }
            self.contents.insert(path.to_string(), Vec::new());
        }
        Ok(self.register(path, writable))
    }
    fn open_new(&mut self, path: &str) -> io::Result<u64> {
        if self.contents.contains_key(path) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, "file exists"));
        }
        self.contents.insert(path.to_string(), Vec::new());
        Ok(self.register(path, true))
    }
    fn close(&mut self, file: u64) -> io::Result<()> {
        self.open_files
            .remove(&file)
            .map(|_| ())
            .ok_or_else(not_open)
    }
    fn read(&mut self, file: u64, buffer: &mut [u8]) -> io::Result<usize> {
        let (data, open) = self.data_of(file)?;
        let start = (open.position as usize).min(data.len());
        let count = (data.len() - start).min(buffer.len());
        buffer[..count].copy_from_slice(&data[start..start + count]);
        open.position += count as u64;
        Ok(count)
    }
    fn write(&mut self, file: u64, bytes: &[u8]) -> io::Result<usize> {
        let (data, open) = self.data_of(file)?;
        if !open.writable {
            return Err(io::Error::new(io::ErrorKind::PermissionDenied, "read-only"));
        }
        let start = open.position as usize;
        if data.len() < start + bytes.len() {
            data.resize(start + bytes.len(), 0);
        }
        data[start..start + bytes.len()].copy_from_slice(bytes);
        open.position += bytes.len() as u64;
        Ok(bytes.len())
    }
    fn position(&mut self, file: u64) -> io::Result<u64> {
        Ok(self.open_file(file)?.position)
    }
    fn set_position(&mut self, file: u64, position: u64) -> io::Result<()> {
        self.open_file(file)?.position = position;
        Ok(())
    }
    fn size(&mut self, file: u64) -> io::Result<u64> {
        Ok(self.data_of(file)?.0.len() as u64)
    }
    fn flush(&mut self, file: u64) -> io::Result<()> {
        self.open_file(file).map(|_| ())
    }
    fn sync(&mut self, file: u64) -> io::Result<()> {
        self.open_file(file).map(|_| ())
    }
    fn truncate(&mut self, file: u64, size: u64) -> io::Result<()> {
        let (data, _) = self.data_of(file)?;
        data.resize(size as usize, 0);
        Ok(())
    }
    fn delete(&mut self, path: &str) -> io::Result<()> {
        self.contents.remove(path).map(|_| ()).ok_or_else(not_found)
    }
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()> {
        let data = self.contents.remove(from).ok_or_else(not_found)?;
        self.contents.insert(to.to_string(), data);
        Ok(())
    }
    fn create_directory(&mut self, path: &str) -> io::Result<()> {
        if !self.directories.insert(path.to_string()) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, "exists"));
        }
        Ok(())
    }
    fn delete_directory(&mut self, path: &str) -> io::Result<()> {
        if !self.children(path).is_empty() {
            return Err(io::Error::other("directory not empty"));
        }
        if self.directories.remove(path) {
            Ok(())
        } else {
            Err(not_found())
        }
    }
    fn directory_entries(&mut self, path: &str) -> io::Result<Vec<DirectoryEntry>> {
        if !self.directories.contains(path) && path != "/" {
            return Err(not_found());
        }
        Ok(self.children(path))
    }
    fn entry(&mut self, path: &str) -> io::Result<DirectoryEntry> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if let Some(data) = self.contents.get(path) {
            return Ok(fake_entry(name, false, data.len() as u64));
        }
        if self.directories.contains(path) {
            return Ok(fake_entry(name, true, 0));
        }
        Err(not_found())
    }
}
