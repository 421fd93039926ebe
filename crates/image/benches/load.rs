//! Load-time benchmark: builds a synthetic ~100 MiB image (64-bit, and a 32-bit
//! one of the same object graph), then times `load_image` relocating the first
//! and converting the second. Run with `cargo bench -p stvm-image --bench load`.

use std::time::{Duration, Instant};
use stvm_image::builder::{ImageBuilder, UNDEFINED_OBJECT_INDEX};
use stvm_image::load_image;
use stvm_object_model::{class_index, ObjectFormat};

const TARGET_BYTES: usize = 100 << 20;
const ROUNDS: usize = 5;

/// Fills `builder` with a mix of pointer objects, strings, floats and methods
/// until its space reaches about `target_bytes`.
fn populate(builder: &mut ImageBuilder, target_bytes: usize) {
    let mut recent = [builder.nil(); 16];
    let mut counter: u64 = 0;
    while builder.space_bytes().len() < target_bytes {
        counter += 1;
        let slots: Vec<u64> = (0..12)
            .map(|i| {
                if i % 3 == 0 {
                    builder.small_integer(counter as i64)
                } else {
                    recent[(counter as usize + i) % 16]
                }
            })
            .collect();
        let array = builder.add_object(class_index::ARRAY, ObjectFormat::INDEXABLE, &slots);
        let string = builder.add_bytes(
            class_index::BYTE_STRING,
            format!("object {counter}").as_bytes(),
        );
        let float = builder.add_boxed_float(counter as f64 * 0.5);
        let literals = [array, string, float];
        let method = builder.add_method(3, &literals, &[0x70, 0x21, 0xD0, 0x7C]);
        let holder = builder.add_object(
            UNDEFINED_OBJECT_INDEX,
            ObjectFormat::FIXED,
            &[method, array],
        );
        recent[(counter % 16) as usize] = holder;
    }
}

fn time_load(file: &[u8], target_base: u64) -> Vec<Duration> {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let loaded = load_image(file, target_base).expect("synthetic image loads");
            let elapsed = start.elapsed();
            std::hint::black_box(loaded);
            elapsed
        })
        .collect()
}

fn report(name: &str, bytes: usize, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let mib = bytes as f64 / (1 << 20) as f64;
    println!(
        "{name}: {mib:.1} MiB file, min {:?}, median {median:?} ({:.0} MiB/s)",
        times[0],
        mib / median.as_secs_f64()
    );
}

fn main() {
    let mut builder_64 = ImageBuilder::new_64(0x10_0000);
    populate(&mut builder_64, TARGET_BYTES);
    let file_64 = builder_64.image_file();
    report(
        "load 64-bit (relocate)",
        file_64.len(),
        time_load(&file_64, 0x7_0000_0000),
    );
    drop((builder_64, file_64));

    let mut builder_32 = ImageBuilder::new_32(0x10_0000);
    populate(&mut builder_32, TARGET_BYTES);
    let file_32 = builder_32.image_file();
    report(
        "load 32-bit (convert)",
        file_32.len(),
        time_load(&file_32, 0x7_0000_0000),
    );
}
