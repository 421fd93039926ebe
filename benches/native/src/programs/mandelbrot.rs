//! Mandelbrot: iterates z := z*z + c (at most 50 times, escaping when |z|^2 > 4) for
//! every point of a size x size grid over [-1.5, 0.5) x [-1, 1); answers the total
//! number of iterations over all points.

use std::hint::black_box;

/// What one run answers: the sum of the iteration counts of all points.
pub type Answer = i64;

/// The grid's width and height.
pub const DEFAULT_SIZE: i64 = 120;

/// The total for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = 351_882;

const MAX_ITERATIONS: i64 = 50;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs over a `size` x `size` grid.
pub fn run_with(size: i64) -> Answer {
    let size = black_box(size);
    let mut total = 0;
    for y in 0..size {
        let ci = 2.0 * y as f64 / size as f64 - 1.0;
        for x in 0..size {
            let cr = 2.0 * x as f64 / size as f64 - 1.5;
            total += iterations_at(cr, ci);
        }
    }
    total
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

fn iterations_at(cr: f64, ci: f64) -> i64 {
    let (mut zr, mut zi) = (0.0f64, 0.0f64);
    let mut count = 0;
    while count < MAX_ITERATIONS {
        let next_zr = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = next_zr;
        count += 1;
        if zr * zr + zi * zi > 4.0 {
            return count;
        }
    }
    count
}

#[cfg(test)]
mod tests;
