//! Host services the primitives use: console, clock, files, command line.
//! [`SystemPlatform`] is the real one (std only); [`FakePlatform`] captures
//! output, has a settable clock and keeps files in memory, for tests.
//!
//! Files are addressed by a platform file number; numbers 0, 1 and 2 are never
//! handed out by a [`FileSystem`] (the FilePlugin uses them for stdin, stdout
//! and stderr, which go through the `Platform`'s console methods).

mod fake;
mod system;
mod user_interrupt;

pub use fake::{FakeFileSystem, FakePlatform};
pub use system::{StdFileSystem, SystemPlatform};
pub use user_interrupt::INTERRUPT_EXIT_STATUS;

use std::io;

/// Seconds between the Squeak epoch (1901-01-01) and the Unix epoch (1970-01-01).
pub const SQUEAK_EPOCH_OFFSET_SECONDS: i64 = 2_177_452_800;

/// Host services.
pub trait Platform {
    /// Write to standard output (may be buffered until `flush`).
    fn write_stdout(&mut self, bytes: &[u8]) -> io::Result<usize>;
    /// Write to standard error.
    fn write_stderr(&mut self, bytes: &[u8]) -> io::Result<usize>;
    /// Read from standard input (flushes stdout first).
    fn read_stdin(&mut self, buffer: &mut [u8]) -> io::Result<usize>;
    /// Flush buffered output.
    fn flush(&mut self) -> io::Result<()>;
    /// Microseconds since 1901-01-01 UTC (the Squeak epoch).
    fn utc_microseconds(&self) -> i64;
    /// Local time zone offset from UTC in seconds.
    fn local_offset_seconds(&self) -> i64;
    /// A monotonic millisecond clock.
    fn monotonic_milliseconds(&self) -> u64;
    /// The scheduler's idle wait.
    fn sleep_microseconds(&mut self, micros: u64);
    /// The file system, by integer handle.
    fn files(&mut self) -> &mut dyn FileSystem;
    /// The command-line arguments given to the image.
    fn command_line_arguments(&self) -> &[String];
    /// The image file's path.
    fn image_path(&self) -> &str;
    /// Changes the image file's path (where the next snapshot goes); false if
    /// this platform does not allow it.
    fn set_image_path(&mut self, _path: &str) -> bool {
        false
    }
    /// The VM executable's path.
    fn vm_path(&self) -> &str {
        ""
    }
    /// True, once, if the user interrupted (Ctrl-C) since the last call.
    fn take_user_interrupt(&mut self) -> bool {
        false
    }
    /// A user interrupt found no interrupt semaphore: the next one should end
    /// the VM (exit status [`INTERRUPT_EXIT_STATUS`]).
    fn arm_user_interrupt_quit(&mut self) {}
}

/// What a directory listing tells about one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryEntry {
    /// The entry's name (no directory part).
    pub name: String,
    /// Creation time, seconds since the Squeak epoch (local time).
    pub creation_seconds: i64,
    /// Modification time, seconds since the Squeak epoch (local time).
    pub modification_seconds: i64,
    /// True for directories.
    pub is_directory: bool,
    /// Size in bytes.
    pub size: u64,
    /// POSIX permission bits.
    pub permissions: u32,
    /// True for symbolic links.
    pub is_symlink: bool,
}

/// File system services by integer file number (never 0, 1 or 2).
pub trait FileSystem {
    /// A number that changes every time the VM starts, stored in file handles
    /// so that handles saved in an image are recognised as stale.
    fn session_id(&self) -> u64;
    /// Opens `path`; `writable` opens read-write, creating the file if missing.
    fn open(&mut self, path: &str, writable: bool) -> io::Result<u64>;
    /// Creates `path` for writing; fails with `AlreadyExists` if it exists.
    fn open_new(&mut self, path: &str) -> io::Result<u64>;
    /// Closes a file.
    fn close(&mut self, file: u64) -> io::Result<()>;
    /// Reads at the current position.
    fn read(&mut self, file: u64, buffer: &mut [u8]) -> io::Result<usize>;
    /// Writes at the current position.
    fn write(&mut self, file: u64, bytes: &[u8]) -> io::Result<usize>;
    /// The current position.
    fn position(&mut self, file: u64) -> io::Result<u64>;
    /// Moves the current position.
    fn set_position(&mut self, file: u64, position: u64) -> io::Result<()>;
    /// The file's size in bytes.
    fn size(&mut self, file: u64) -> io::Result<u64>;
    /// Flushes buffers.
    fn flush(&mut self, file: u64) -> io::Result<()>;
    /// Flushes to stable storage.
    fn sync(&mut self, file: u64) -> io::Result<()>;
    /// Truncates (or extends) the file to `size` bytes.
    fn truncate(&mut self, file: u64, size: u64) -> io::Result<()>;
    /// Deletes a file.
    fn delete(&mut self, path: &str) -> io::Result<()>;
    /// Renames a file.
    fn rename(&mut self, from: &str, to: &str) -> io::Result<()>;
    /// Creates a directory.
    fn create_directory(&mut self, path: &str) -> io::Result<()>;
    /// Deletes an empty directory.
    fn delete_directory(&mut self, path: &str) -> io::Result<()>;
    /// The entries of a directory, in a stable order.
    fn directory_entries(&mut self, path: &str) -> io::Result<Vec<DirectoryEntry>>;
    /// The entry describing `path` itself.
    fn entry(&mut self, path: &str) -> io::Result<DirectoryEntry>;
}

#[cfg(test)]
mod tests;
