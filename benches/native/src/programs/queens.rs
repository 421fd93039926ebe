//! Queens: counts every way to place n non-attacking queens on an n x n board by
//! backtracking row by row with free-column and free-diagonal flags.

use std::hint::black_box;

/// What one run answers: the number of solutions.
pub type Answer = i64;

/// The board size.
pub const DEFAULT_SIZE: usize = 10;

/// Solutions of the `DEFAULT_SIZE` queens problem.
pub const EXPECTED: Answer = 724;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Counts the solutions on a `size` x `size` board.
pub fn run_with(size: usize) -> Answer {
    let size = black_box(size);
    let mut board = Board {
        size,
        column_free: vec![true; size],
        rising_free: vec![true; 2 * size],
        falling_free: vec![true; 2 * size],
    };
    board.solutions_from_row(0)
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

struct Board {
    size: usize,
    column_free: Vec<bool>,
    /// Indexed by `row + column`.
    rising_free: Vec<bool>,
    /// Indexed by `row + size - column`.
    falling_free: Vec<bool>,
}

impl Board {
    fn solutions_from_row(&mut self, row: usize) -> i64 {
        if row == self.size {
            return 1;
        }
        let mut solutions = 0;
        for column in 0..self.size {
            let (rising, falling) = (row + column, row + self.size - column);
            if self.column_free[column] && self.rising_free[rising] && self.falling_free[falling] {
                self.set_occupied(column, rising, falling, false);
                solutions += self.solutions_from_row(row + 1);
                self.set_occupied(column, rising, falling, true);
            }
        }
        solutions
    }

    fn set_occupied(&mut self, column: usize, rising: usize, falling: usize, free: bool) {
        self.column_free[column] = free;
        self.rising_free[rising] = free;
        self.falling_free[falling] = free;
    }
}

#[cfg(test)]
mod tests;
