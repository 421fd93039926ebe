//! Towers: the towers of Hanoi with real piles of discs; every move pops a disc and
//! pushes it onto a pile whose top must be larger. Answers the number of moves, or -1
//! when a larger disc was put on a smaller one or the discs did not all arrive.

use std::hint::black_box;

/// What one run answers: moves made (2^n - 1), or -1 on an illegal move.
pub type Answer = i64;

/// How many discs are moved.
pub const DEFAULT_SIZE: u32 = 17;

/// `2^17 - 1`.
pub const EXPECTED: Answer = 131_071;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Moves `discs` discs from pile 0 to pile 2.
pub fn run_with(discs: u32) -> Answer {
    let discs = black_box(discs);
    let mut towers = Towers {
        piles: [(1..=discs).rev().collect(), Vec::new(), Vec::new()],
        moves: 0,
        illegal: false,
    };
    towers.move_discs(discs, 0, 2);
    let arrived = towers.piles[2].len() == discs as usize;
    if towers.illegal || !arrived {
        -1
    } else {
        towers.moves
    }
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

struct Towers {
    /// Disc sizes, bottom first.
    piles: [Vec<u32>; 3],
    moves: i64,
    illegal: bool,
}

impl Towers {
    fn move_discs(&mut self, count: u32, from: usize, to: usize) {
        if count == 0 {
            return;
        }
        let other = 3 - from - to;
        self.move_discs(count - 1, from, other);
        self.move_top_disc(from, to);
        self.move_discs(count - 1, other, to);
    }

    fn move_top_disc(&mut self, from: usize, to: usize) {
        let Some(disc) = self.piles[from].pop() else {
            self.illegal = true;
            return;
        };
        if self.piles[to].last().is_some_and(|&top| top < disc) {
            self.illegal = true;
        }
        self.piles[to].push(disc);
        self.moves += 1;
    }
}

#[cfg(test)]
mod tests;
