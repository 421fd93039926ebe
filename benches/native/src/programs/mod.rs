//! One module per benchmark program, each the same shape: `Answer`, `DEFAULT_SIZE`,
//! `EXPECTED`, `run()`, `run_with(size)` and `verify(&Answer)`.

pub mod bench_fib;
pub mod binary_trees;
pub mod bounce;
pub mod collections;
pub mod delta_blue;
pub mod fannkuch;
pub mod json;
pub mod list;
pub mod mandelbrot;
pub mod n_body;
pub mod permute;
pub mod queens;
pub mod random;
pub mod richards;
pub mod sieve;
pub mod storage;
pub mod strings;
pub mod tiny_benchmark;
pub mod towers;
