use super::*;
use crate::builder::ImageBuilder;

const BASE: u64 = 0x20_0000;

#[test]
fn view_finds_the_hidden_roots_as_fifth_object() {
    let builder = ImageBuilder::new_64(BASE);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    assert_eq!(view.hidden_roots(), Some(builder.hidden_roots()));
}

#[test]
fn view_answers_class_table_entries() {
    let builder = ImageBuilder::new_64(BASE);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    assert_eq!(
        view.class_at_index(class_index::ARRAY),
        Some(builder.class_at(class_index::ARRAY))
    );
}

#[test]
fn view_answers_none_for_an_empty_class_table_entry() {
    let builder = ImageBuilder::new_64(BASE);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    assert_eq!(view.class_at_index(40), None);
}

#[test]
fn view_answers_none_for_a_slot_past_the_object() {
    let builder = ImageBuilder::new_64(BASE);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    assert_eq!(view.slot(builder.nil(), 1), None);
}

#[test]
fn view_over_random_bytes_answers_without_panicking() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let view = SpaceView::new(&bytes, BASE);
    let _ = (
        view.objects().count(),
        view.class_table_pages(),
        view.class_at_index(1025),
    );
}

#[test]
fn class_index_check_accepts_the_builder_space() {
    let builder = ImageBuilder::new_64(BASE);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    assert!(check_class_indices(&view, |offset| offset).is_ok());
}

#[test]
fn class_index_check_rejects_an_instance_of_an_absent_class() {
    let mut builder = ImageBuilder::new_64(BASE);
    let orphan = builder.add_object(2000, stvm_object_model::ObjectFormat::FIXED, &[BASE]);
    let view = SpaceView::new(builder.space_bytes(), BASE);
    let error = check_class_indices(&view, |offset| offset).unwrap_err();
    assert!(
        matches!(error, ImageError::UnknownClassIndex { class_index: 2000, file_offset } if file_offset == orphan - BASE)
    );
}
