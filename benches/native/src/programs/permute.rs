//! Permute: visits every permutation of 1..n with the recursive form of Heap's
//! algorithm (one swap between visits); answers how many it visited and an
//! order-sensitive checksum of their first elements.

use std::hint::black_box;

/// What one run answers: `[permutations visited, checksum]`.
pub type Answer = [i64; 2];

/// How many elements are permuted.
pub const DEFAULT_SIZE: usize = 8;

/// The answer for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = [40_320, 320_482];

const CHECKSUM_MODULUS: i64 = 1_000_003;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Visits every permutation of `n` elements (`n` at least 1).
pub fn run_with(n: usize) -> Answer {
    let n = black_box(n).max(1);
    let mut permuter = Permuter {
        values: (1..=n as i64).collect(),
        count: 0,
        checksum: 0,
    };
    permuter.permute(n);
    [permuter.count, permuter.checksum]
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

struct Permuter {
    values: Vec<i64>,
    count: i64,
    checksum: i64,
}

impl Permuter {
    /// Heap's algorithm over the first `k` values.
    fn permute(&mut self, k: usize) {
        if k == 1 {
            self.visit();
            return;
        }
        self.permute(k - 1);
        for i in 0..k - 1 {
            let swapped = if k.is_multiple_of(2) { i } else { 0 };
            self.values.swap(swapped, k - 1);
            self.permute(k - 1);
        }
    }

    fn visit(&mut self) {
        self.count += 1;
        self.checksum = (self.checksum * 31 + self.values[0]) % CHECKSUM_MODULUS;
    }
}

#[cfg(test)]
mod tests;
