//! Deterministic mutation testing of `load_image`: bit flips, byte writes,
//! "interesting" words, truncations, insertions and deletions applied to
//! hand-built and real images. Every result must be a loaded image or an
//! `ImageError` — never a panic. Inputs in `tests/regressions/` (ones that once
//! panicked) are replayed first. Complements the cargo-fuzz target in `fuzz/`.

use std::path::PathBuf;
use stvm_image::builder::{ImageBuilder, UNDEFINED_OBJECT_INDEX};
use stvm_image::load_image;
use stvm_object_model::{class_index, ObjectFormat};

const TARGET: u64 = 0x5_0000_0000;
const BASE: u64 = 0x10_0000;

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn populated(mut builder: ImageBuilder) -> Vec<u8> {
    let string = builder.add_bytes(class_index::BYTE_STRING, b"mutation");
    let float = builder.add_boxed_float(0.1);
    let big = builder.add_boxed_float(1e300);
    let method = builder.add_method(3, &[string, float, big], &[0x70, 0x7C, 1, 2, 3]);
    builder.add_free_chunk(3);
    let forwarder = builder.add_forwarder(string);
    let nil = builder.nil();
    let context_slots = [
        nil,
        builder.small_integer(20),
        builder.small_integer(0),
        method,
        nil,
        nil,
    ];
    let context = builder.add_object(
        class_index::CONTEXT,
        ObjectFormat::FIXED_AND_INDEXABLE,
        &context_slots,
    );
    builder.start_segment(64);
    let slots = [
        forwarder,
        context,
        builder.character(65),
        builder.small_integer(-3),
    ];
    let holder = builder.add_object(UNDEFINED_OBJECT_INDEX, ObjectFormat::FIXED, &slots);
    builder.set_slot(builder.special_objects(), 3, holder);
    builder.image_file()
}

fn real_image(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/images")
        .join(name);
    std::fs::read(path).ok()
}

/// Interesting words: small, huge, tagged, overflow-marked, near the base.
fn interesting_word(rng: &mut Rng) -> u64 {
    let choices = [
        0,
        1,
        3,
        7,
        u64::MAX,
        0xFF00_0000_0000_0000 | (rng.next() % 4096),
        BASE,
        BASE + 8 * (rng.next() % 64),
        rng.next(),
    ];
    choices[rng.below(choices.len())]
}

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(bytes.len());
        match rng.below(7) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next() as u8,
            2 if at + 8 <= bytes.len() => {
                let aligned = at & !7;
                bytes[aligned..aligned + 8].copy_from_slice(&interesting_word(rng).to_le_bytes());
            }
            3 => bytes.truncate(at),
            4 => bytes
                .splice(at..at, (0..1 + rng.below(16)).map(|_| rng.next() as u8))
                .for_each(drop),
            5 => bytes
                .drain(at..(at + 1 + rng.below(16)).min(bytes.len()))
                .for_each(drop),
            _ => bytes[at] = 0,
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

/// Loads `bytes`, reporting (and saving for replay) any panic.
fn load_without_panic(bytes: &[u8], label: &str) {
    let result = std::panic::catch_unwind(|| {
        let _ = load_image(bytes, TARGET).map(|loaded| stvm_image::summarize(&loaded));
    });
    if result.is_err() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
        let path = dir.join(format!("panic-{label}.image"));
        let _ = std::fs::write(&path, bytes);
        panic!(
            "load_image panicked on {label}; input saved to {}",
            path.display()
        );
    }
}

fn run_mutations(seed: &[u8], name: &str, iterations: usize, rng_seed: u64) {
    let mut rng = Rng(rng_seed);
    for iteration in 0..iterations {
        let mutated = mutate(seed, &mut rng);
        load_without_panic(&mutated, &format!("{name}-{iteration}"));
    }
}

#[test]
fn saved_regression_inputs_load_without_panicking() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|ext| ext == "image") {
            let bytes = std::fs::read(entry.path()).unwrap();
            load_without_panic(&bytes, "replay");
        }
    }
}

#[test]
fn mutated_64_bit_builder_images_never_panic() {
    run_mutations(
        &populated(ImageBuilder::new_64(BASE)),
        "builder64",
        6000,
        0x9E37_79B9_7F4A_7C15,
    );
}

#[test]
fn mutated_32_bit_builder_images_never_panic() {
    run_mutations(
        &populated(ImageBuilder::new_32(BASE)),
        "builder32",
        6000,
        0xD1B5_4A32_D192_ED03,
    );
}

#[test]
fn mutated_real_images_never_panic() {
    for (index, name) in [
        "pharocandle-spur64.image",
        "headless-spur32.image",
        "codeparadise-client-spur32-sista.image",
    ]
    .iter()
    .enumerate()
    {
        let Some(seed) = real_image(name) else {
            eprintln!("note: {name} absent; skipping its mutations");
            continue;
        };
        run_mutations(&seed, name, 600, 0xA076_1D64_78BD_642F ^ index as u64);
    }
}
