//! Fannkuch-redux: for every permutation of 1..n (in the benchmark's rotation order)
//! count the pancake flips until 1 is in front; answers the alternating-sign checksum
//! of the flip counts and the maximum flip count.

use std::hint::black_box;

/// What one run answers: `[checksum, maximum flips]`.
pub type Answer = [i64; 2];

/// How many elements are permuted.
pub const DEFAULT_SIZE: usize = 8;

/// The answer for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = [1616, 22];

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs over all permutations of `n` elements (`n` at least 1).
pub fn run_with(n: usize) -> Answer {
    let n = black_box(n).max(1);
    let mut permutation: Vec<usize> = (0..n).collect();
    let mut counts = vec![0usize; n];
    let mut scratch = vec![0usize; n];
    let (mut checksum, mut max_flips, mut permutation_count) = (0i64, 0i64, 0i64);
    let mut r = n;
    loop {
        while r != 1 {
            counts[r - 1] = r;
            r -= 1;
        }
        let flips = count_flips(&permutation, &mut scratch);
        max_flips = max_flips.max(flips);
        checksum += if permutation_count % 2 == 0 {
            flips
        } else {
            -flips
        };
        loop {
            if r == n {
                return [checksum, max_flips];
            }
            permutation[..=r].rotate_left(1);
            counts[r] -= 1;
            if counts[r] > 0 {
                break;
            }
            r += 1;
        }
        permutation_count += 1;
    }
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn count_flips(permutation: &[usize], scratch: &mut [usize]) -> i64 {
    scratch.copy_from_slice(permutation);
    let mut flips = 0;
    let mut first = scratch[0];
    while first != 0 {
        scratch[..=first].reverse();
        flips += 1;
        first = scratch[0];
    }
    flips
}

#[cfg(test)]
mod tests;
