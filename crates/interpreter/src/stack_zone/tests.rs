use super::*;

fn zone() -> StackZone {
    StackZone::new(4, Oop::small_integer_unchecked(0))
}

#[test]
fn new_zone_has_no_page_in_use() {
    assert_eq!(zone().pages_in_use(), 0);
}

#[test]
fn least_recently_used_page_skips_the_excepted_page() {
    let mut zone = zone();
    zone.make_current(2);
    zone.make_current(0);
    zone.make_current(1);
    zone.make_current(3);
    assert_eq!(zone.least_recently_used_page(2), 0);
}

#[test]
fn temp_index_of_an_argument_is_its_copy_above_the_header() {
    let mut zone = zone();
    zone.put_int(100 + frame::FLAGS, 2);
    assert_eq!(zone.temp_index(100, 1), 100 + frame::FIRST_TEMP + 1);
}

#[test]
fn temp_index_beyond_the_arguments_follows_the_argument_copies() {
    let mut zone = zone();
    zone.put_int(100 + frame::FLAGS, 2);
    assert_eq!(zone.temp_index(100, 3), 100 + frame::FIRST_TEMP + 3);
}

#[test]
fn stacked_receiver_index_is_below_the_callers_arguments() {
    let mut zone = zone();
    zone.put_int(100 + frame::FLAGS, 2);
    assert_eq!(zone.frame_stacked_receiver_index(100), 97);
}

#[test]
fn frames_of_page_walks_saved_frame_pointers_down_to_the_base_frame() {
    let mut zone = zone();
    zone.put_int(10 + frame::SAVED_FP, 0);
    zone.put_int(30 + frame::SAVED_FP, 10);
    zone.put_int(50 + frame::SAVED_FP, 30);
    assert_eq!(zone.frames_of_page(50), vec![50, 30, 10]);
}

/// FLAGS of a block frame with 2 arguments whose caller's code base is noted.
fn flags_with_noted_base() -> i64 {
    2 | frame::IS_BLOCK_FLAG | 77 << frame::CALLER_CODE_SHIFT
}

#[test]
fn forgetting_caller_code_bases_clears_them_in_every_frame_of_every_page() {
    let mut zone = zone();
    // Page 0 (not current): frames 10 ← 30, head 30. Page 1 (current): 4200.
    for (fp, saved_fp) in [(10, 0), (30, 10), (PAGE_SLOTS + 104, 0)] {
        zone.put_int(fp + frame::SAVED_FP, saved_fp);
        zone.put(
            fp + frame::FLAGS,
            Oop::small_integer_unchecked(flags_with_noted_base()),
        );
    }
    zone.make_current(0);
    zone.make_current(1);
    zone.pages[0].head_fp = 30;
    zone.forget_caller_code_bases(PAGE_SLOTS + 104);
    for fp in [10, 30, PAGE_SLOTS + 104] {
        let flags = zone.at(fp + frame::FLAGS).small_integer_value();
        assert_eq!(flags, 2 | frame::IS_BLOCK_FLAG, "frame {fp}");
    }
}
