//! Collections: a dictionary- and collection-heavy workload. Counts random integer keys
//! in a map, fills and probes a map with string keys, collects distinct random values
//! in a set, rotates a queue, filters and folds it, and removes keys; answers a sum of
//! everything it looked at (never depending on iteration order).

use std::collections::{HashMap, HashSet, VecDeque};
use std::hint::black_box;

use super::random::Random;

/// What one run answers: the workload's checksum.
pub type Answer = i64;

/// How many random draws (and queue rotations) one run makes.
pub const DEFAULT_SIZE: usize = 40_000;

/// The checksum for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = 21_587_962;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs the workload with `draws` random draws per phase.
pub fn run_with(draws: usize) -> Answer {
    let draws = black_box(draws);
    let mut random = Random::new();
    let mut counts = count_random_keys(&mut random, draws);
    let mut sum: i64 = counts.iter().map(|(key, count)| key * count).sum();
    sum += counts.len() as i64;
    sum += string_keys();
    sum += distinct_values(&mut random, draws);
    sum += rotate_queue(draws);
    for key in (0..1000).step_by(2) {
        counts.remove(&key);
    }
    sum + counts.len() as i64
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn count_random_keys(random: &mut Random, draws: usize) -> HashMap<i64, i64> {
    let mut counts = HashMap::new();
    for _ in 0..draws {
        *counts.entry(random.next_random() % 1000).or_insert(0) += 1;
    }
    counts
}

/// Maps "key0".."key699" to the last of 1..2000 with that remainder; answers the hits
/// of probing "key0".."key999" plus the sum of the values found.
fn string_keys() -> i64 {
    let mut names = HashMap::new();
    for i in 1..=2000i64 {
        names.insert(format!("key{}", i % 700), i);
    }
    let hits = (0..1000)
        .filter(|i| names.contains_key(&format!("key{i}")))
        .count() as i64;
    let values: i64 = (0..700)
        .map(|i| names.get(&format!("key{i}")).copied().unwrap_or(0))
        .sum();
    hits + values
}

fn distinct_values(random: &mut Random, draws: usize) -> i64 {
    let mut set = HashSet::new();
    for _ in 0..draws {
        set.insert(random.next_random() % 5000);
    }
    set.len() as i64
}

/// Rotates 1..1000 through a queue, adding 1 to every element it moves; answers the
/// sum, the number of even elements and the sum of the elements modulo 7.
fn rotate_queue(rotations: usize) -> i64 {
    let mut queue: VecDeque<i64> = (1..=1000).collect();
    for _ in 0..rotations {
        if let Some(first) = queue.pop_front() {
            queue.push_back(first + 1);
        }
    }
    let total: i64 = queue.iter().sum();
    let evens = queue.iter().filter(|&&x| x % 2 == 0).count() as i64;
    let residues: i64 = queue.iter().map(|x| x % 7).sum();
    total + evens + residues
}

#[cfg(test)]
mod tests;
