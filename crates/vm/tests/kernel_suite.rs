//! The kernel's SUnit suite, run in the embedded image by `StvmTestRunner`
//! (the same runner as `stvm test`): every test must pass. On failure the
//! runner's report (one line per failing test, then `N passed, M failed`) is
//! printed.
use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use stvm_heap::HeapConfig;
use stvm_interpreter::platform::{FileSystem, Platform, SystemPlatform};
use stvm_vm::{Vm, EMBEDDED_IMAGE};

/// The real platform (clock, sleeps, files), with standard output and error
/// captured for the test to read.
struct CapturingPlatform {
    inner: SystemPlatform,
    output: Rc<RefCell<Vec<u8>>>,
}

impl Platform for CapturingPlatform {
    fn write_stdout(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.output.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn write_stderr(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_stdout(bytes)
    }
    fn read_stdin(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.inner.read_stdin(buffer)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn utc_microseconds(&self) -> i64 {
        self.inner.utc_microseconds()
    }
    fn local_offset_seconds(&self) -> i64 {
        self.inner.local_offset_seconds()
    }
    fn monotonic_milliseconds(&self) -> u64 {
        self.inner.monotonic_milliseconds()
    }
    fn sleep_microseconds(&mut self, micros: u64) {
        self.inner.sleep_microseconds(micros)
    }
    fn files(&mut self) -> &mut dyn FileSystem {
        self.inner.files()
    }
    fn command_line_arguments(&self) -> &[String] {
        self.inner.command_line_arguments()
    }
    fn image_path(&self) -> &str {
        self.inner.image_path()
    }
}

#[test]
fn every_kernel_sunit_test_passes() {
    let output = Rc::new(RefCell::new(Vec::new()));
    let platform = CapturingPlatform {
        inner: SystemPlatform::new("kernel.image".into(), Vec::new()),
        output: Rc::clone(&output),
    };
    let config = HeapConfig {
        base_address: None,
        ..HeapConfig::default()
    };
    let mut vm = Vm::from_image_bytes(EMBEDDED_IMAGE, config, Box::new(platform))
        .expect("the embedded image loads");
    let has_runner = vm
        .eval("Smalltalk includesKey: #StvmTestRunner")
        .expect("Smalltalk answers includesKey:");
    if has_runner != "true" {
        eprintln!("skipped: this kernel has no StvmTestRunner (SUnit) yet");
        return;
    }
    let failures = vm.run_tests("");
    let report = String::from_utf8_lossy(&output.borrow()).into_owned();
    assert_eq!(failures.ok(), Some(0), "kernel SUnit report:\n{report}");
    assert!(report.contains(" passed, 0 failed"), "{report}");
}
