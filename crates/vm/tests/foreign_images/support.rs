//! Helpers: finding the shared images, private temporary directories, and a
//! platform that uses the real file system but captures stdout and stderr.
use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use stvm_heap::HeapConfig;
use stvm_interpreter::platform::{FileSystem, Platform, SystemPlatform};
use stvm_vm::Vm;

/// The directory of the shared images: `$CARGO_MANIFEST_DIR/../../../shared/images`,
/// or `$STVM_SHARED_IMAGES` when set (for checkouts elsewhere).
pub fn images_directory() -> PathBuf {
    match std::env::var_os("STVM_SHARED_IMAGES") {
        Some(directory) => PathBuf::from(directory),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/images"),
    }
}

/// A scratch directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory under the system temp dir.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "stvm-foreign-{label}-{}-{unique}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    /// `name` inside the directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A temp dir holding a writable copy of shared image `name`, and the copy's
/// path; None (after a note on stderr) when the shared image is absent.
pub fn copy_of(name: &str) -> Option<(TempDir, PathBuf)> {
    let source = images_directory().join(name);
    if !source.is_file() {
        eprintln!("note: {} is absent; skipping", source.display());
        return None;
    }
    let directory = TempDir::new(name.trim_end_matches(".image"));
    let copy = directory.join(name);
    std::fs::copy(&source, &copy).expect("copy image");
    let mut permissions = std::fs::metadata(&copy).expect("metadata").permissions();
    #[allow(clippy::permissions_set_readonly_false, reason = "a private test copy")]
    permissions.set_readonly(false);
    std::fs::set_permissions(&copy, permissions).expect("make copy writable");
    Some((directory, copy))
}

/// What a captured run wrote to stdout and stderr.
#[derive(Clone, Default)]
pub struct Captured {
    /// Bytes written to stdout.
    pub stdout: Rc<RefCell<Vec<u8>>>,
    /// Bytes written to stderr.
    pub stderr: Rc<RefCell<Vec<u8>>>,
}

impl Captured {
    /// Stdout as text.
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout.borrow()).into_owned()
    }

    /// Stderr as text.
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.borrow()).into_owned()
    }
}

/// The real platform (files, clock, arguments) with stdout/stderr captured.
pub struct CapturingPlatform {
    system: SystemPlatform,
    captured: Captured,
}

impl Platform for CapturingPlatform {
    fn write_stdout(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.captured.stdout.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn write_stderr(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.captured.stderr.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn read_stdin(&mut self, _buffer: &mut [u8]) -> io::Result<usize> {
        Ok(0)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn utc_microseconds(&self) -> i64 {
        self.system.utc_microseconds()
    }
    fn local_offset_seconds(&self) -> i64 {
        self.system.local_offset_seconds()
    }
    fn monotonic_milliseconds(&self) -> u64 {
        self.system.monotonic_milliseconds()
    }
    fn sleep_microseconds(&mut self, micros: u64) {
        self.system.sleep_microseconds(micros)
    }
    fn files(&mut self) -> &mut dyn FileSystem {
        self.system.files()
    }
    fn command_line_arguments(&self) -> &[String] {
        self.system.command_line_arguments()
    }
    fn image_path(&self) -> &str {
        self.system.image_path()
    }
    fn set_image_path(&mut self, path: &str) -> bool {
        self.system.set_image_path(path)
    }
    fn vm_path(&self) -> &str {
        self.system.vm_path()
    }
}

/// A platform for the image at `image_path` with `arguments`, and its capture.
pub fn capturing_platform(image_path: &Path, arguments: &[&str]) -> (CapturingPlatform, Captured) {
    let captured = Captured::default();
    let system = SystemPlatform::new(
        image_path.to_string_lossy().into_owned(),
        arguments
            .iter()
            .map(|argument| argument.to_string())
            .collect(),
    );
    let platform = CapturingPlatform {
        system,
        captured: captured.clone(),
    };
    (platform, captured)
}

/// A VM on the image file at `path`, its output captured.
pub fn vm_on_file(path: &Path, arguments: &[&str]) -> (Vm, Captured) {
    let bytes = std::fs::read(path).expect("read image");
    let (platform, captured) = capturing_platform(path, arguments);
    let vm = Vm::from_image_bytes(&bytes, HeapConfig::default(), Box::new(platform))
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    (vm, captured)
}

/// A VM on the embedded kernel image whose image path is `path`.
pub fn vm_on_kernel(path: &Path, arguments: &[&str]) -> (Vm, Captured) {
    let (platform, captured) = capturing_platform(path, arguments);
    let vm = Vm::from_image_bytes(
        stvm_vm::EMBEDDED_IMAGE,
        HeapConfig::default(),
        Box::new(platform),
    )
    .expect("embedded image");
    (vm, captured)
}

/// The file's image format number (first 4 bytes).
pub fn image_format(path: &Path) -> u32 {
    let bytes = std::fs::read(path).expect("read image");
    u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"))
}
