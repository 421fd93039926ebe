//! Fuzz target: any bytes given to `load_image` give a loaded image or an
//! `ImageError`, never a panic, hang or oversized allocation; a loaded image
//! can always be summarised and written back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = stvm_image::load_image(data, 0x1_0000_0000) else {
        return;
    };
    let _ = stvm_image::summarize(&loaded);
    let segments = [(loaded.target_base, loaded.old_space.as_slice())];
    let request = stvm_image::ImageWriteRequest {
        segments: &segments,
        special_objects: loaded.special_objects,
        last_hash: loaded.last_hash,
        header_flags: loaded.header.header_flags,
        format: 68021,
        extra: stvm_image::HeaderExtras::from_header(&loaded.header),
    };
    let mut file = Vec::new();
    stvm_image::write_image(&mut file, &request).expect("a loaded image can be written");
    let reloaded = stvm_image::load_image(&file, loaded.target_base).expect("a written image loads");
    assert_eq!(reloaded.old_space, loaded.old_space);
});
