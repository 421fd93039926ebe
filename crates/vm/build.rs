//! Bootstraps the kernel (`kernel/**/*.st`) into an image at build time; the
//! `stvm` binary embeds it, so `stvm` needs no image file and starts fast.
use std::path::PathBuf;

use stvm_heap::{HeapConfig, NoRoots};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../kernel");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let config = HeapConfig {
        base_address: None,
        ..HeapConfig::default()
    };
    let mut image = match stvm_bootstrap::bootstrap(&stvm_bootstrap::kernel_sources(), config) {
        Ok(image) => image,
        Err(error) => panic!("bootstrapping the kernel failed: {error}"),
    };
    image.heap.full_gc_compacting(&mut NoRoots);
    let segments = image.heap.old_space_segments();
    let special_objects = image.heap.special_objects_array().bits();
    let bytes = stvm_image::image_file_bytes(&segments, special_objects, image.heap.last_hash())
        .unwrap_or_else(|error| panic!("writing the kernel image failed: {error}"));
    std::fs::write(out.join("kernel.image"), bytes).expect("write kernel.image");
}
