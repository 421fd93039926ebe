//! The `stvm` command line (being written).
#![forbid(unsafe_code)]

fn main() {
    println!("stvm {}", env!("CARGO_PKG_VERSION"));
}
