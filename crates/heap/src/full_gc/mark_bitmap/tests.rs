use super::MarkBitmap;

const BASE: u64 = 0x10_0000;

fn bitmap() -> MarkBitmap {
    MarkBitmap::covering(BASE, BASE + 8 * 1024)
}

#[test]
fn a_new_bitmap_has_nothing_marked() {
    let bitmap = bitmap();
    assert!(!bitmap.is_marked(BASE));
    assert_eq!(bitmap.next_marked(BASE, BASE + 8 * 1024), BASE + 8 * 1024);
}

#[test]
fn mark_answers_whether_the_word_was_unmarked() {
    let mut bitmap = bitmap();
    assert!(bitmap.mark(BASE + 8 * 70));
    assert!(!bitmap.mark(BASE + 8 * 70));
    assert!(bitmap.is_marked(BASE + 8 * 70));
    assert!(!bitmap.is_marked(BASE + 8 * 69));
}

#[test]
fn mark_range_inside_one_block_sets_exactly_its_words() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE + 8 * 3, BASE + 8 * 6);
    let marked: Vec<bool> = (0..8).map(|w| bitmap.is_marked(BASE + 8 * w)).collect();
    assert_eq!(
        marked,
        [false, false, false, true, true, true, false, false]
    );
}

#[test]
fn mark_range_across_blocks_sets_every_word_between() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE + 8 * 60, BASE + 8 * 200);
    assert!(!bitmap.is_marked(BASE + 8 * 59));
    assert!((60..200).all(|w| bitmap.is_marked(BASE + 8 * w)));
    assert!(!bitmap.is_marked(BASE + 8 * 200));
}

#[test]
fn mark_range_ending_at_a_block_boundary_stops_there() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE, BASE + 8 * 64);
    assert!(bitmap.is_marked(BASE + 8 * 63));
    assert!(!bitmap.is_marked(BASE + 8 * 64));
}

#[test]
fn next_marked_skips_clear_blocks() {
    let mut bitmap = bitmap();
    bitmap.mark(BASE + 8 * 700);
    assert_eq!(
        bitmap.next_marked(BASE + 8, BASE + 8 * 1024),
        BASE + 8 * 700
    );
    assert_eq!(
        bitmap.next_marked(BASE + 8 * 700, BASE + 8 * 1024),
        BASE + 8 * 700
    );
}

#[test]
fn next_marked_answers_the_limit_when_the_mark_lies_beyond_it() {
    let mut bitmap = bitmap();
    bitmap.mark(BASE + 8 * 100);
    assert_eq!(bitmap.next_marked(BASE, BASE + 8 * 90), BASE + 8 * 90);
    assert_eq!(bitmap.next_marked(BASE, BASE + 8 * 100), BASE + 8 * 100);
}

#[test]
fn next_unmarked_finds_the_first_gap_in_a_run() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE, BASE + 8 * 300);
    bitmap.mark_range(BASE + 8 * 302, BASE + 8 * 400);
    assert_eq!(bitmap.next_unmarked(BASE, BASE + 8 * 1024), BASE + 8 * 300);
    assert_eq!(bitmap.next_unmarked(BASE, BASE + 8 * 250), BASE + 8 * 250);
}

#[test]
fn live_words_before_counts_marked_words_earlier_in_the_block() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE + 8 * 64, BASE + 8 * 67);
    bitmap.mark_range(BASE + 8 * 70, BASE + 8 * 72);
    assert_eq!(bitmap.live_words_before(BASE + 8 * 64), 0);
    assert_eq!(bitmap.live_words_before(BASE + 8 * 70), 3);
    assert_eq!(bitmap.live_words_before(BASE + 8 * 71), 4);
}

#[test]
fn blocks_are_64_words() {
    let bitmap = bitmap();
    assert_eq!(bitmap.block_count(), 16);
    assert_eq!(bitmap.block_of(BASE + 8 * 63), 0);
    assert_eq!(bitmap.block_of(BASE + 8 * 64), 1);
    assert_eq!(bitmap.block_start(2), BASE + 1024);
}

#[test]
fn last_marked_in_block_is_the_highest_mark_of_that_block_only() {
    let mut bitmap = bitmap();
    bitmap.mark(BASE + 8 * 65);
    bitmap.mark(BASE + 8 * 100);
    bitmap.mark(BASE + 8 * 130);
    assert_eq!(bitmap.last_marked_in_block(1), Some(BASE + 8 * 100));
    assert_eq!(bitmap.last_marked_in_block(0), None);
}

#[test]
fn live_words_from_counts_marked_words_to_the_end_of_the_block() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE + 8 * 10, BASE + 8 * 20);
    bitmap.mark_range(BASE + 8 * 60, BASE + 8 * 70);
    assert_eq!(bitmap.live_words_from(BASE + 8 * 15), 5 + 4);
    assert_eq!(bitmap.live_words_from(BASE + 8 * 64), 6);
}

#[test]
fn last_marked_in_finds_the_highest_mark_below_the_limit() {
    let mut bitmap = bitmap();
    bitmap.mark(BASE + 8 * 3);
    bitmap.mark(BASE + 8 * 130);
    assert_eq!(
        bitmap.last_marked_in(BASE, BASE + 8 * 130),
        Some(BASE + 8 * 3)
    );
    assert_eq!(
        bitmap.last_marked_in(BASE, BASE + 8 * 131),
        Some(BASE + 8 * 130)
    );
}

#[test]
fn last_marked_in_ignores_marks_below_the_floor() {
    let mut bitmap = bitmap();
    bitmap.mark(BASE + 8 * 3);
    assert_eq!(bitmap.last_marked_in(BASE + 8 * 4, BASE + 8 * 200), None);
}

#[test]
fn live_bytes_in_counts_the_marked_words_of_whole_blocks() {
    let mut bitmap = bitmap();
    bitmap.mark_range(BASE + 8 * 60, BASE + 8 * 70);
    assert_eq!(bitmap.live_bytes_in(BASE, BASE + 8 * 64), 8 * 4);
    assert_eq!(bitmap.live_bytes_in(BASE, BASE + 8 * 1024), 8 * 10);
}
