use super::FreeChunks;

#[test]
fn an_exact_small_size_is_taken_from_its_own_list() {
    let mut chunks = FreeChunks::default();
    chunks.insert(0x1000, 64);
    chunks.insert(0x2000, 48);
    assert_eq!(chunks.take_fitting(48), Some((0x2000, 48)));
    assert_eq!(chunks.total_bytes(), 64);
}

#[test]
fn a_missing_small_size_takes_the_smallest_chunk_leaving_a_usable_rest() {
    let mut chunks = FreeChunks::default();
    chunks.insert(0x1000, 56);
    chunks.insert(0x2000, 64);
    chunks.insert(0x3000, 4096);
    assert_eq!(
        chunks.take_fitting(48),
        Some((0x2000, 64)),
        "56 would leave 8"
    );
}

#[test]
fn a_small_request_falls_back_to_a_large_chunk() {
    let mut chunks = FreeChunks::default();
    chunks.insert(0x3000, 4096);
    assert_eq!(chunks.take_fitting(496), Some((0x3000, 4096)));
    assert_eq!(chunks.take_fitting(16), None);
}

#[test]
fn requests_near_the_largest_small_size_do_not_overflow() {
    let mut chunks = FreeChunks::default();
    chunks.insert(0x1000, 8 * 63);
    assert_eq!(chunks.take_fitting(8 * 62), None);
    assert_eq!(chunks.take_fitting(8 * 63), Some((0x1000, 8 * 63)));
}

#[test]
fn iter_lists_small_and_large_chunks() {
    let mut chunks = FreeChunks::default();
    chunks.insert(0x1000, 16);
    chunks.insert(0x3000, 4096);
    let mut all: Vec<(u64, u64)> = chunks.iter().collect();
    all.sort_unstable();
    assert_eq!(all, vec![(0x1000, 16), (0x3000, 4096)]);
}
