//! Moving images between files and heaps: load (relocate or convert, then the
//! heap adopts the objects) and save (full GC, then write the old space).
use stvm_heap::{Heap, HeapConfig, Oop, RootSource};
use stvm_image::{HeaderExtras, ImageWriteRequest, LoadedImage};

use crate::error::VmError;

/// Image format written by stvm: 64-bit Spur with the multiple-bytecode-sets bit.
pub const SAVED_FORMAT: u32 = 68533;
/// Header flag: boxed floats are stored little-endian.
const FLOATS_LITTLE_ENDIAN: u64 = 2;

/// A heap holding the objects of image file `bytes`, and what the file said.
pub fn load_heap(bytes: &[u8], config: HeapConfig) -> Result<(Heap, LoadedImage), VmError> {
    let mut heap = Heap::with_empty_old_space(config)?;
    let mut loaded = stvm_image::load_image(bytes, heap.old_space_start())?;
    let special_objects = Oop::from_bits(loaded.special_objects);
    heap.adopt_old_space(&loaded.old_space, special_objects, loaded.last_hash)?;
    loaded.old_space = Vec::new();
    Ok((heap, loaded))
}

/// The image file bytes of `heap` after a full GC (roots are kept alive).
pub fn save_heap(
    heap: &mut Heap,
    roots: &mut dyn RootSource,
    extra: HeaderExtras,
) -> Result<Vec<u8>, VmError> {
    heap.full_gc(roots);
    let segments = heap.old_space_segments();
    let request = ImageWriteRequest {
        segments: &segments,
        special_objects: heap.special_objects_array().bits(),
        last_hash: heap.last_hash(),
        header_flags: FLOATS_LITTLE_ENDIAN,
        format: SAVED_FORMAT,
        extra,
    };
    let mut bytes = Vec::new();
    stvm_image::write_image(&mut bytes, &request)?;
    Ok(bytes)
}

/// The image file bytes of a kernel freshly bootstrapped from `kernel/` sources.
pub fn bootstrap_image(config: HeapConfig) -> Result<Vec<u8>, VmError> {
    let mut image = stvm_bootstrap::bootstrap(&stvm_bootstrap::kernel_sources(), config)?;
    save_heap(
        &mut image.heap,
        &mut stvm_heap::NoRoots,
        HeaderExtras::default(),
    )
}

/// Reads an image file and describes it (format, sizes, counts, first classes).
pub fn describe(bytes: &[u8]) -> Result<stvm_image::ImageSummary, VmError> {
    let loaded = stvm_image::load_image(bytes, stvm_heap::config::DEFAULT_BASE_ADDRESS)?;
    Ok(stvm_image::summarize(&loaded))
}
