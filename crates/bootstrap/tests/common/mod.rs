//! Shared helpers for the bootstrap's integration tests.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use stvm_bootstrap::{bootstrap, kernel_sources, BootstrappedImage};
use stvm_heap::{Heap, HeapConfig};
use stvm_object_model::Oop;

/// The kernel image, built with small test spaces.
pub fn kernel_image() -> BootstrappedImage {
    match bootstrap(&kernel_sources(), HeapConfig::small_for_tests()) {
        Ok(image) => image,
        Err(error) => panic!("bootstrap failed: {error}"),
    }
}

/// The class named `name`.
pub fn class(image: &BootstrappedImage, name: &str) -> Oop {
    image.classes[name].class
}

/// The bytes of a byte object as a string.
pub fn text(heap: &Heap, oop: Oop) -> String {
    String::from_utf8_lossy(heap.bytes(oop)).into_owned()
}
