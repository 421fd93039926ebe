//! `summarize` on hand-built images.

use stvm_image::builder::ImageBuilder;
use stvm_image::{load_image, summarize, ImageSummary};
use stvm_object_model::class_index;

const BASE: u64 = 0x10_0000;

fn summary_of(builder: &ImageBuilder) -> ImageSummary {
    summarize(&load_image(&builder.image_file(), BASE).unwrap())
}

#[test]
fn summary_counts_every_class_table_entry() {
    // The 64-bit builder enters 16 kernel classes.
    assert_eq!(summary_of(&ImageBuilder::new_64(BASE)).class_count, 16);
}

#[test]
fn summary_names_the_class_at_index_51() {
    let summary = summary_of(&ImageBuilder::new_64(BASE));
    assert!(summary
        .first_classes
        .contains(&(class_index::ARRAY, "Array".to_string())));
}

#[test]
fn summary_counts_methods_per_bytecode_set() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_method(0, &[], &[0x78]);
    builder.add_method(i64::MIN >> 3, &[], &[0x58]);
    builder.add_method(i64::MIN >> 3, &[], &[0x58]);
    let summary = summary_of(&builder);
    assert_eq!(
        (summary.v3_plus_closures_methods, summary.sista_v1_methods),
        (1, 2)
    );
}

#[test]
fn summary_counts_free_chunks_and_their_bytes() {
    let mut builder = ImageBuilder::new_64(BASE);
    builder.add_free_chunk(3);
    let summary = summary_of(&builder);
    assert_eq!((summary.free_chunk_count, summary.free_bytes), (1, 32));
}

#[test]
fn summary_total_bytes_is_the_old_space_size() {
    let builder = ImageBuilder::new_64(BASE);
    assert_eq!(
        summary_of(&builder).total_bytes,
        builder.space_bytes().len() as u64
    );
}

#[test]
fn summary_display_lists_classes_by_index() {
    let text = summary_of(&ImageBuilder::new_64(BASE)).to_string();
    assert!(text.contains("     51  Array"));
}

#[test]
fn summary_of_garbage_space_answers_without_panicking() {
    let mut loaded = load_image(&ImageBuilder::new_64(BASE).image_file(), BASE).unwrap();
    loaded
        .old_space
        .iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = (i * 7919 % 251) as u8);
    let _ = summarize(&loaded);
}
