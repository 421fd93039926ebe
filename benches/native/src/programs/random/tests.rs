use super::*;

#[test]
fn first_value_is_seed_times_16807() {
    assert_eq!(Random::new().next_random(), 1_256_407_285);
}

#[test]
fn second_value_wraps_around_the_modulus() {
    let mut random = Random::new();
    random.next_random();
    assert_eq!(random.next_random(), 1_256_407_285 * 16_807 % 2_147_483_647);
}
