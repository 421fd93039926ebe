//! The real platform: std's console, clocks and file system. Stdout is buffered
//! and flushed on `flush`, before stdin is read, and when the platform is dropped.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Stdout, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::user_interrupt::{user_interrupt_flags, UserInterruptFlags};
use super::{DirectoryEntry, FileSystem, Platform, SQUEAK_EPOCH_OFFSET_SECONDS};

/// The real platform.
pub struct SystemPlatform {
    stdout: BufWriter<Stdout>,
    started: Instant,
    files: StdFileSystem,
    arguments: Vec<String>,
    image_path: String,
    vm_path: String,
    user_interrupts: Option<&'static UserInterruptFlags>,
}

impl SystemPlatform {
    /// A platform for an image at `image_path` run with `arguments`. The
    /// first one installs the process's Ctrl-C handlers (see `user_interrupt`).
    pub fn new(image_path: String, arguments: Vec<String>) -> SystemPlatform {
        let vm_path = std::env::current_exe()
            .map(|path| path.to_string_lossy().into_owned())
            .unwrap_or_default();
        SystemPlatform {
            stdout: BufWriter::new(io::stdout()),
            started: Instant::now(),
            files: StdFileSystem::new(),
            arguments,
            image_path,
            vm_path,
            user_interrupts: user_interrupt_flags(),
        }
    }
}

impl Drop for SystemPlatform {
    fn drop(&mut self) {
        let _ = self.stdout.flush();
    }
}

impl Platform for SystemPlatform {
    fn write_stdout(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stdout.write_all(bytes)?;
        Ok(bytes.len())
    }
    fn write_stderr(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stdout.flush()?;
        io::stderr().write_all(bytes)?;
        Ok(bytes.len())
    }
    fn read_stdin(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.stdout.flush()?;
        io::stdin().read(buffer)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.stdout.flush()?;
        io::stderr().flush()
    }
    fn utc_microseconds(&self) -> i64 {
        let since_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_micros() as i64)
            .unwrap_or(0);
        since_unix + SQUEAK_EPOCH_OFFSET_SECONDS * 1_000_000
    }
    fn local_offset_seconds(&self) -> i64 {
        // std has no time zone database; stvm reports UTC.
        0
    }
    fn monotonic_milliseconds(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
    fn sleep_microseconds(&mut self, micros: u64) {
        let _ = self.stdout.flush();
        std::thread::sleep(std::time::Duration::from_micros(micros));
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
        &self.vm_path
    }
    fn take_user_interrupt(&mut self) -> bool {
        self.user_interrupts.is_some_and(|flags| flags.take())
    }
    fn arm_user_interrupt_quit(&mut self) {
        if let Some(flags) = self.user_interrupts {
            flags.arm_quit();
        }
    }
}

/// Files through `std::fs`, numbered from 3 upward.
pub struct StdFileSystem {
    open_files: HashMap<u64, File>,
    next_number: u64,
    session: u64,
}

impl StdFileSystem {
    /// An empty table of open files with a fresh session id.
    pub fn new() -> StdFileSystem {
        let session = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            ^ u64::from(std::process::id());
        StdFileSystem {
            open_files: HashMap::new(),
            next_number: 3,
            session: session | 1,
        }
    }

    fn file(&mut self, file: u64) -> io::Result<&mut File> {
        self.open_files
            .get_mut(&file)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "file is not open"))
    }

    fn register(&mut self, file: File) -> u64 {
        let number = self.next_number;
        self.next_number += 1;
        self.open_files.insert(number, file);
        number
    }
}

impl Default for StdFileSystem {
    fn default() -> Self {
        StdFileSystem::new()
    }
}

fn squeak_seconds(time: io::Result<SystemTime>) -> i64 {
    time.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64 + SQUEAK_EPOCH_OFFSET_SECONDS)
        .unwrap_or(0)
}

fn entry_from_metadata(name: String, metadata: &fs::Metadata, is_symlink: bool) -> DirectoryEntry {
    #[cfg(unix)]
    let permissions = {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o7777
    };
    #[cfg(not(unix))]
    let permissions = if metadata.permissions().readonly() {
        0o444
    } else {
        0o644
    };
    DirectoryEntry {
        name,
        creation_seconds: squeak_seconds(metadata.created().or_else(|_| metadata.modified())),
        modification_seconds: squeak_seconds(metadata.modified()),
        is_directory: metadata.is_dir(),
        size: metadata.len(),
        permissions,
        is_symlink,
    }
}

fn entry_of_path(path: &std::path::Path, name: String) -> io::Result<DirectoryEntry> {
    let link = fs::symlink_metadata(path)?;
    let is_symlink = link.file_type().is_symlink();
    let metadata = fs::metadata(path).unwrap_or(link);
    Ok(entry_from_metadata(name, &metadata, is_symlink))
}

impl FileSystem for StdFileSystem {
    fn session_id(&self) -> u64 {
        self.session
    }
    fn open(&mut self, path: &str, writable: bool) -> io::Result<u64> {
        let file = if writable {
            OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?
        } else {
            File::open(path)?
        };
        Ok(self.register(file))
    }
    fn open_new(&mut self, path: &str) -> io::Result<u64> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(path)?;
        Ok(self.register(file))
    }
    fn close(&mut self, file: u64) -> io::Result<()> {
        self.open_files
            .remove(&file)
            .map(|_| ())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "file is not open"))
    }
    fn read(&mut self, file: u64, buffer: &mut [u8]) -> io::Result<usize> {
        self.file(file)?.read(buffer)
    }
    fn write(&mut self, file: u64, bytes: &[u8]) -> io::Result<usize> {
        self.file(file)?.write_all(bytes)?;
        Ok(bytes.len())
    }
    fn position(&mut self, file: u64) -> io::Result<u64> {
        self.file(file)?.stream_position()
    }
    fn set_position(&mut self, file: u64, position: u64) -> io::Result<()> {
        self.file(file)?.seek(SeekFrom::Start(position)).map(|_| ())
    }
    fn size(&mut self, file: u64) -> io::Result<u64> {
        Ok(self.file(file)?.metadata()?.len())
    }
    fn flush(&mut self, file: u64) -> io::Result<()> {
        self.file(file)?.flush()
    }
    fn sync(&mut self, file: u64) -> io::Result<()> {
        self.file(file)?.sync_all()
    }
    fn truncate(&mut self, file: u64, size: u64) -> io::Result<()> {
        self.file(file)?.set_len(size)
    }
    fn delete(&mut self, path: &str) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn create_directory(&mut self, path: &str) -> io::Result<()> {
        fs::create_dir(path)
    }
    fn delete_directory(&mut self, path: &str) -> io::Result<()> {
        fs::remove_dir(path)
    }
    fn directory_entries(&mut self, path: &str) -> io::Result<Vec<DirectoryEntry>> {
        let mut entries = Vec::new();
        for item in fs::read_dir(path)? {
            let item = item?;
            let name = item.file_name().to_string_lossy().into_owned();
            entries.push(entry_of_path(&item.path(), name)?);
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }
    fn entry(&mut self, path: &str) -> io::Result<DirectoryEntry> {
        let path = std::path::Path::new(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        entry_of_path(path, name)
    }
}
