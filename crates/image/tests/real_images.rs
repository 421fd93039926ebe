//! Loading the real images in `shared/images` (skipped with a note when absent).

use std::path::PathBuf;
use stvm_image::space::SpaceView;
use stvm_image::walk::ObjectSpan;
use stvm_image::{load_image, summarize, LoadedImage};
use stvm_object_model::special_objects as so;
use stvm_object_model::Oop;

const TARGET_BASE: u64 = 0x1_0000_0000;

fn image_bytes(name: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/images")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("note: {} is absent; skipping", path.display());
            None
        }
    }
}

fn load(name: &str) -> Option<LoadedImage> {
    let bytes = image_bytes(name)?;
    Some(load_image(&bytes, TARGET_BASE).unwrap_or_else(|error| panic!("{name}: {error}")))
}

fn special(loaded: &LoadedImage, index: usize) -> u64 {
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    view.slot(loaded.special_objects, index as u64)
        .expect("special objects slot")
}

fn nil_false_true(loaded: &LoadedImage) -> [u64; 3] {
    [
        special(loaded, so::NIL_OBJECT),
        special(loaded, so::FALSE_OBJECT),
        special(loaded, so::TRUE_OBJECT),
    ]
}

/// nil, false and true are the first three objects, 16 bytes each.
fn expected_nil_false_true() -> [u64; 3] {
    [TARGET_BASE, TARGET_BASE + 16, TARGET_BASE + 32]
}

fn name_in_slot_6(loaded: &LoadedImage, class: u64) -> Option<String> {
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let name = view.slot(class, 6)?;
    Some(String::from_utf8_lossy(view.byte_contents(name)?).into_owned())
}

#[test]
fn pharocandle_64_bit_image_loads_without_conversion() {
    let Some(loaded) = load("pharocandle-spur64.image") else {
        return;
    };
    assert!(!loaded.converted_from_32_bit);
}

#[test]
fn pharocandle_special_objects_start_with_nil_false_true() {
    let Some(loaded) = load("pharocandle-spur64.image") else {
        return;
    };
    assert_eq!(nil_false_true(&loaded), expected_nil_false_true());
}

#[test]
fn pharocandle_small_integer_class_is_named_pc_small_integer() {
    // PharoCandle prefixes its kernel classes with PC and keeps names in slot 3.
    let Some(loaded) = load("pharocandle-spur64.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let name = stvm_image::class_name(&view, special(&loaded, so::CLASS_SMALL_INTEGER));
    assert_eq!(name.as_deref(), Some("PCSmallInteger"));
}

#[test]
fn pharocandle_loaded_at_its_saved_base_is_byte_identical_to_its_segment() {
    let Some(bytes) = image_bytes("pharocandle-spur64.image") else {
        return;
    };
    let header = stvm_image::read_header(&bytes).unwrap();
    let loaded = load_image(&bytes, header.old_base_address).unwrap();
    let data = &bytes[128..128 + header.data_size as usize - 16];
    assert_eq!(loaded.old_space, data);
}

#[test]
fn pharocandle_summary_counts_only_v3_plus_closures_methods() {
    let Some(loaded) = load("pharocandle-spur64.image") else {
        return;
    };
    let summary = summarize(&loaded);
    assert_eq!(
        (
            summary.sista_v1_methods,
            summary.v3_plus_closures_methods > 800
        ),
        (0, true)
    );
}

#[test]
fn headless_32_bit_image_loads_converted() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    assert!(loaded.converted_from_32_bit && !loaded.uses_sista);
}

#[test]
fn headless_special_objects_start_with_nil_false_true() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    assert_eq!(nil_false_true(&loaded), expected_nil_false_true());
}

#[test]
fn headless_small_integer_class_is_named_small_integer() {
    // This hand-built image keeps class names in slot 3, not 6.
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let name = stvm_image::class_name(&view, special(&loaded, so::CLASS_SMALL_INTEGER));
    assert_eq!(name.as_deref(), Some("SmallInteger"));
}

#[test]
fn headless_has_917_methods_and_a_do_it() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    assert_eq!(summarize(&loaded).v3_plus_closures_methods, 918);
}

#[test]
fn headless_float_literal_pi_becomes_a_small_float_in_a_method() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let pi = Oop::small_float(std::f64::consts::PI).unwrap().bits();
    let holds_pi = |span: &ObjectSpan| {
        let oop = view.base() + span.header_offset;
        (1..span.num_slots).any(|index| view.slot(oop, index) == Some(pi))
    };
    let mut methods = view
        .objects()
        .filter(|span| span.header.format().is_compiled_method());
    assert!(methods.any(|span| holds_pi(&span)));
}

#[test]
fn headless_special_selectors_keep_their_small_integer_argument_counts() {
    // Special selector 0 is #+ with one argument; 1 is #- with one argument.
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let selectors = special(&loaded, so::SPECIAL_SELECTORS);
    assert_eq!(
        view.slot(selectors, 1),
        Some(Oop::small_integer_unchecked(1).bits())
    );
}

#[test]
fn headless_small_float_class_index_is_filled_with_the_float_class() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    assert_eq!(view.class_at_index(4), view.class_at_index(34));
}

#[test]
fn headless_class_table_entry_3_is_nil_after_conversion() {
    let Some(loaded) = load("headless-spur32.image") else {
        return;
    };
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    assert_eq!(view.class_at_index(3), None);
}

#[test]
fn codeparadise_32_bit_image_loads_converted_and_uses_sista() {
    let Some(loaded) = load("codeparadise-client-spur32-sista.image") else {
        return;
    };
    assert!(loaded.converted_from_32_bit && loaded.uses_sista);
}

#[test]
fn codeparadise_special_objects_start_with_nil_false_true() {
    let Some(loaded) = load("codeparadise-client-spur32-sista.image") else {
        return;
    };
    assert_eq!(nil_false_true(&loaded), expected_nil_false_true());
}

#[test]
fn codeparadise_small_integer_class_is_named_in_slot_6() {
    let Some(loaded) = load("codeparadise-client-spur32-sista.image") else {
        return;
    };
    let class = special(&loaded, so::CLASS_SMALL_INTEGER);
    assert_eq!(
        name_in_slot_6(&loaded, class).as_deref(),
        Some("SmallInteger")
    );
}

#[test]
fn codeparadise_every_method_uses_sista_v1() {
    let Some(loaded) = load("codeparadise-client-spur32-sista.image") else {
        return;
    };
    let summary = summarize(&loaded);
    assert_eq!(
        (
            summary.v3_plus_closures_methods,
            summary.sista_v1_methods > 1000
        ),
        (0, true)
    );
}

#[test]
fn codeparadise_free_chunks_are_dropped_by_the_conversion() {
    let Some(loaded) = load("codeparadise-client-spur32-sista.image") else {
        return;
    };
    assert_eq!(summarize(&loaded).free_chunk_count, 0);
}
