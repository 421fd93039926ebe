use super::Forwarding;
use crate::full_gc::mark_bitmap::MarkBitmap;

const BASE: u64 = 0x10_0000;

/// Address of word `index` of the covered range.
fn word(index: u64) -> u64 {
    BASE + 8 * index
}

/// A bitmap with the given live chunks, as `(first word, words)`.
fn marks_with(chunks: &[(u64, u64)]) -> MarkBitmap {
    let mut marks = MarkBitmap::covering(BASE, BASE + 8 * 1024);
    for (first, words) in chunks {
        marks.mark_range(word(*first), word(first + words));
    }
    marks
}

#[test]
fn addresses_below_the_prefix_end_do_not_move() {
    let forwarding = Forwarding::new(marks_with(&[(0, 10)]), word(10));
    assert_eq!(forwarding.new_address(word(4)), word(4));
}

#[test]
fn objects_sliding_within_a_block_follow_the_first_ones_destination() {
    let mut forwarding = Forwarding::new(marks_with(&[(2, 3), (8, 4)]), word(0));
    forwarding.record_move(word(2), word(2), word(5), word(0));
    forwarding.record_move(word(8), word(8), word(12), word(3));
    assert_eq!(forwarding.new_address(word(2)), word(0));
    assert_eq!(forwarding.new_address(word(8)), word(3));
}

#[test]
fn an_object_spanning_blocks_sets_the_bases_of_the_blocks_it_covers() {
    let mut forwarding = Forwarding::new(marks_with(&[(60, 100), (160, 2)]), word(0));
    forwarding.record_move(word(60), word(60), word(160), word(10));
    forwarding.record_move(word(160), word(160), word(162), word(110));
    assert_eq!(forwarding.new_address(word(160)), word(110));
}

#[test]
fn an_overflow_header_in_the_next_block_maps_to_the_destination_plus_eight() {
    let mut forwarding = Forwarding::new(marks_with(&[(63, 300)]), word(0));
    forwarding.record_move(word(63), word(64), word(363), word(5));
    assert_eq!(forwarding.new_address(word(64)), word(6));
}

#[test]
fn an_object_that_jumps_mid_block_is_an_exception() {
    let mut forwarding = Forwarding::new(marks_with(&[(2, 3), (8, 4), (12, 2)]), word(0));
    forwarding.record_move(word(2), word(2), word(5), word(0));
    forwarding.record_move(word(8), word(8), word(12), word(200));
    forwarding.record_move(word(12), word(12), word(14), word(204));
    assert_eq!(forwarding.new_address(word(2)), word(0));
    assert_eq!(forwarding.new_address(word(8)), word(200));
    assert_eq!(forwarding.new_address(word(12)), word(204));
}

#[test]
fn a_pinned_object_maps_to_itself_and_later_objects_still_map_right() {
    let mut forwarding = Forwarding::new(marks_with(&[(2, 3), (6, 2), (10, 3)]), word(0));
    forwarding.record_move(word(2), word(2), word(5), word(0));
    forwarding.record_pinned(word(6));
    forwarding.record_move(word(10), word(10), word(13), word(3));
    assert_eq!(forwarding.new_address(word(6)), word(6));
    assert_eq!(forwarding.new_address(word(10)), word(3));
}
