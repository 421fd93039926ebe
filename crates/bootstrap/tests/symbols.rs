//! The image's symbol table.
mod common;

use common::{class, kernel_image};
use stvm_bootstrap::symbols::symbol_hash;

#[test]
fn interning_twice_gives_the_same_symbol() {
    let mut image = kernel_image();
    let first = image
        .symbols
        .intern(&mut image.heap, b"fooBar:baz:")
        .expect("intern");
    let second = image
        .symbols
        .intern(&mut image.heap, b"fooBar:baz:")
        .expect("intern");
    assert_eq!(first, second);
}

#[test]
fn interning_a_class_name_finds_the_class_name_symbol() {
    let mut image = kernel_image();
    let name = image.heap.fetch_pointer(
        class(&image, "Array"),
        stvm_bootstrap::class_layout::class::NAME,
    );
    let interned = image
        .symbols
        .intern(&mut image.heap, b"Array")
        .expect("intern");
    assert_eq!(interned, name);
}

#[test]
fn new_symbols_are_byte_symbols() {
    let mut image = kernel_image();
    let symbol = image
        .symbols
        .intern(&mut image.heap, b"brandNew")
        .expect("intern");
    assert_eq!(image.heap.class_of(symbol), class(&image, "ByteSymbol"));
}

#[test]
fn symbols_are_read_only() {
    let mut image = kernel_image();
    let symbol = image
        .symbols
        .intern(&mut image.heap, b"frozen")
        .expect("intern");
    assert!(image.heap.is_immutable(symbol));
}

#[test]
fn lookup_of_an_unknown_name_finds_nothing() {
    let image = kernel_image();
    assert_eq!(
        image.symbols.lookup(&image.heap, b"noSuchSymbolAnywhere"),
        None
    );
}

#[test]
fn table_grows_and_keeps_every_symbol_findable() {
    let mut image = kernel_image();
    let names: Vec<String> = (0..20_000).map(|i| format!("sym{i}")).collect();
    for name in &names {
        image
            .symbols
            .intern(&mut image.heap, name.as_bytes())
            .expect("intern");
    }
    let missing = names
        .iter()
        .filter(|n| image.symbols.lookup(&image.heap, n.as_bytes()).is_none())
        .count();
    assert_eq!(missing, 0);
}

#[test]
fn symbol_hash_of_empty_name_is_zero() {
    assert_eq!(symbol_hash(b""), 0);
}

#[test]
fn symbol_hash_matches_hash_multiply_of_the_bytes() {
    // (0 + 97) hashMultiply = 97 * 1664525 bitAnd: 16rFFFFFFF
    assert_eq!(
        symbol_hash(b"a"),
        ((97u64 * 1_664_525) & 0x0FFF_FFFF) as u32
    );
}
