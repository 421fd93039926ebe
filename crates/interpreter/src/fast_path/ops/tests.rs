use super::*;

/// Distinct ops (kinds 0, 1, 2, …).
fn ops(count: usize) -> Vec<Op> {
    (0..count).map(|kind| Op::plain(kind as u8)).collect()
}

/// A fake code oop (only its bits are used as a key).
fn code(address: u64) -> Oop {
    Oop(address * 8)
}

#[test]
fn installed_ops_are_found_at_base_plus_ip() {
    let mut arena = OpArena::default();
    let Installed::At(base) = arena.install(code(1), 40, &ops(5)) else {
        panic!("an empty arena has room");
    };
    assert_eq!(arena.at(base as usize + 43), Op::plain(3));
}

#[test]
fn second_code_does_not_overwrite_the_first() {
    let mut arena = OpArena::default();
    let Installed::At(first) = arena.install(code(1), 16, &ops(5)) else {
        panic!("an empty arena has room");
    };
    arena.install(code(2), 16, &[Op::plain(99); 5]);
    assert_eq!(arena.at(first as usize + 20), Op::plain(4));
}

#[test]
fn base_of_answers_the_installed_base() {
    let mut arena = OpArena::default();
    let installed = arena.install(code(1), 24, &ops(3));
    assert_eq!(
        installed,
        Installed::At(arena.base_of(code(1)).expect("installed"))
    );
}

#[test]
fn arena_that_is_full_starts_again_empty() {
    let mut arena = OpArena::default();
    arena.install(code(1), 8, &ops(ARENA_OPS - 10));
    let installed = arena.install(code(2), 8, &ops(20));
    assert!(matches!(installed, Installed::AfterReset(_)));
    assert_eq!(arena.base_of(code(1)), None);
    assert_eq!(arena.used(), 20);
}

#[test]
fn code_larger_than_the_arena_gets_no_ops() {
    let mut arena = OpArena::default();
    assert_eq!(
        arena.install(code(1), 8, &ops(ARENA_OPS + 1)),
        Installed::TooLarge
    );
}

#[test]
fn forgotten_code_has_no_base() {
    let mut arena = OpArena::default();
    arena.install(code(1), 8, &ops(3));
    arena.forget(code(1));
    assert_eq!(arena.base_of(code(1)), None);
}

#[test]
fn clear_forgets_every_base_and_frees_the_arena() {
    let mut arena = OpArena::default();
    arena.install(code(1), 8, &ops(3));
    arena.clear();
    assert_eq!((arena.base_of(code(1)), arena.used()), (None, 0));
}

#[test]
fn forgetting_code_changes_the_epoch() {
    let mut arena = OpArena::default();
    arena.install(code(1), 8, &ops(3));
    let before = arena.epoch();
    arena.forget(code(1));
    assert_ne!(arena.epoch(), before);
}

#[test]
fn installing_code_in_an_arena_with_room_keeps_the_epoch() {
    let mut arena = OpArena::default();
    let before = arena.epoch();
    arena.install(code(1), 8, &ops(3));
    assert_eq!(arena.epoch(), before);
}

#[test]
fn arena_starting_again_changes_the_epoch() {
    let mut arena = OpArena::default();
    arena.install(code(1), 8, &ops(ARENA_OPS - 1));
    let before = arena.epoch();
    arena.install(code(2), 8, &ops(2));
    assert_ne!(arena.epoch(), before);
}
