//! Host services the primitives use: console, clock, files, command line.
//! `SystemPlatform` is the real one; `FakePlatform` captures everything for tests.

use std::io;

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
}

/// File system services by integer handle (being written).
pub trait FileSystem {}
