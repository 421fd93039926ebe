//! Moving images between files and heaps: load (relocate or convert, then the
//! heap adopts the objects) and write a bootstrapped kernel as an image file.
use stvm_heap::{Heap, HeapConfig, Oop};
use stvm_image::LoadedImage;

use crate::error::VmError;

/// A heap holding the objects of image file `bytes`, and what the file said.
pub fn load_heap(bytes: &[u8], config: HeapConfig) -> Result<(Heap, LoadedImage), VmError> {
    let mut heap = Heap::with_empty_old_space(config)?;
    let mut loaded = stvm_image::load_image(bytes, heap.old_space_start())?;
    let special_objects = Oop::from_bits(loaded.special_objects);
    heap.adopt_old_space(&loaded.old_space, special_objects, loaded.last_hash)?;
    loaded.old_space = Vec::new();
    Ok((heap, loaded))
}

/// The image file bytes of a kernel freshly bootstrapped from `kernel/` sources.
pub fn bootstrap_image(config: HeapConfig) -> Result<Vec<u8>, VmError> {
    let mut image = stvm_bootstrap::bootstrap(&stvm_bootstrap::kernel_sources(), config)?;
    image.heap.full_gc_compacting(&mut stvm_heap::NoRoots);
    let segments = image.heap.old_space_segments();
    let special_objects = image.heap.special_objects_array().bits();
    Ok(stvm_image::image_file_bytes(
        &segments,
        special_objects,
        image.heap.last_hash(),
    )?)
}

/// Reads an image file and describes it (format, sizes, counts, first classes).
pub fn describe(bytes: &[u8]) -> Result<stvm_image::ImageSummary, VmError> {
    let loaded = stvm_image::load_image(bytes, stvm_heap::config::DEFAULT_BASE_ADDRESS)?;
    Ok(stvm_image::summarize(&loaded))
}
