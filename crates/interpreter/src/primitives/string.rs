//! String primitives: 158 byte-string comparison (optional 256-entry order
//! table), 159 `hashMultiply`, and the named 'MiscPrimitivePlugin'
//! primitives Pharo's ByteString class side calls (`compare:with:collated:`,
//! `findFirstInString:inSet:startingAt:`, `indexOfAscii:inString:startingAt:`,
//! `stringHash:initialHash:`, `findSubstring:in:startingAt:matchTable:`,
//! `translate:from:to:table:`). Indices are 1-based; "not found" answers 0.

use std::cmp::Ordering;

use stvm_heap::Heap;
use stvm_object_model::Oop;

use super::support::{argument, expect_arguments, integer_value};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The numbered primitive for `index` (158, 159), if any.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        158 => primitive_string_compare_with,
        159 => primitive_hash_multiply,
        _ => return None,
    })
}

/// The names this module's primitive table resolves.
pub const MISC_NAMES: &[&str] = &[
    "primitiveCompareString",
    "primitiveFindFirstInString",
    "primitiveIndexOfAsciiInString",
    "primitiveStringHash",
    "primitiveFindSubstring",
    "primitiveTranslateStringWithTable",
];

/// The named primitive `name` of 'MiscPrimitivePlugin', if implemented.
pub fn misc_primitive(name: &str) -> Option<PurePrimitive> {
    Some(match name {
        "primitiveCompareString" => primitive_compare_string,
        "primitiveFindFirstInString" => primitive_find_first_in_string,
        "primitiveIndexOfAsciiInString" => primitive_index_of_ascii_in_string,
        "primitiveStringHash" => primitive_string_hash,
        "primitiveFindSubstring" => primitive_find_substring,
        "primitiveTranslateStringWithTable" => primitive_translate_string_with_table,
        _ => return None,
    })
}

/// `(value × 1664525) mod 2^28`, the VM's hashMultiply.
pub fn hash_multiply(value: u64) -> u64 {
    (value & 0xFFF_FFFF).wrapping_mul(1_664_525) & 0xFFF_FFFF
}

/// The bytes of a byte-format object, copied.
fn bytes_of(heap: &Heap, oop: Oop) -> Option<Vec<u8>> {
    (oop.is_pointer() && heap.format_of(oop).is_bytes()).then(|| heap.bytes(oop).to_vec())
}

fn bytes_argument(call: &PrimitiveCall, index: usize) -> Result<Vec<u8>, PrimitiveFailure> {
    bytes_of(call.heap, argument(call, index)?).ok_or(PrimitiveFailure::BadArgument)
}

/// A 256-entry byte table argument (ByteArray or String).
fn table_argument(call: &PrimitiveCall, index: usize) -> Result<Vec<u8>, PrimitiveFailure> {
    let table = bytes_argument(call, index)?;
    if table.len() < 256 {
        return Err(PrimitiveFailure::BadArgument);
    }
    Ok(table)
}

fn index_argument(call: &PrimitiveCall, index: usize) -> Result<i64, PrimitiveFailure> {
    argument(call, index)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)
}

/// Compares byte strings through an optional order table.
fn compare_bytes(a: &[u8], b: &[u8], order: Option<&[u8]>) -> Ordering {
    let map = |c: u8| order.map_or(c, |table| table[c as usize]);
    for (&x, &y) in a.iter().zip(b) {
        match map(x).cmp(&map(y)) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.len().cmp(&b.len())
}

/// 158: `compareWith: aString [collated: order]` — negative, zero or positive
/// (difference of the first differing bytes, else of the sizes).
fn primitive_string_compare_with(call: &mut PrimitiveCall) -> PrimitiveResult {
    if call.arguments.is_empty() || call.arguments.len() > 2 {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    let receiver = bytes_of(call.heap, call.receiver).ok_or(PrimitiveFailure::BadReceiver)?;
    let other = bytes_argument(call, 0)?;
    let order = if call.arguments.len() == 2 {
        Some(table_argument(call, 1)?)
    } else {
        None
    };
    let map = |c: u8| order.as_ref().map_or(c, |table| table[c as usize]) as i64;
    let difference = receiver
        .iter()
        .zip(&other)
        .map(|(&x, &y)| map(x) - map(y))
        .find(|&d| d != 0)
        .unwrap_or(receiver.len() as i64 - other.len() as i64);
    Ok(Oop::small_integer_unchecked(difference))
}

/// 159: `hashMultiply` on a SmallInteger or LargeInteger receiver.
fn primitive_hash_multiply(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 0)?;
    let value = integer_value(call.heap, call.receiver).ok_or(PrimitiveFailure::BadReceiver)?;
    let low = value.bitwise(
        &super::big_integer::BigInt::from_i128(0xFFF_FFFF),
        |x, y| x & y,
    );
    let low = low.to_i64().unwrap_or(0) as u64;
    Ok(Oop::small_integer_unchecked(hash_multiply(low) as i64))
}

/// `compare: s1 with: s2 collated: order` — 1 less, 2 equal, 3 greater.
fn primitive_compare_string(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 3)?;
    let a = bytes_argument(call, 0)?;
    let b = bytes_argument(call, 1)?;
    let order = table_argument(call, 2)?;
    let answer = match compare_bytes(&a, &b, Some(&order)) {
        Ordering::Less => 1,
        Ordering::Equal => 2,
        Ordering::Greater => 3,
    };
    Ok(Oop::small_integer_unchecked(answer))
}

/// `findFirstInString: aString inSet: inclusionMap startingAt: start`.
fn primitive_find_first_in_string(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 3)?;
    let string = bytes_argument(call, 0)?;
    let map = table_argument(call, 1)?;
    let start = index_argument(call, 2)?;
    if start < 1 {
        return Err(PrimitiveFailure::BadIndex);
    }
    let found = string
        .iter()
        .enumerate()
        .skip(start as usize - 1)
        .find(|(_, &c)| map[c as usize] != 0)
        .map_or(0, |(i, _)| i as i64 + 1);
    Ok(Oop::small_integer_unchecked(found))
}

/// `indexOfAscii: anInteger inString: aString startingAt: start`.
fn primitive_index_of_ascii_in_string(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 3)?;
    let code = index_argument(call, 0)?;
    let string = bytes_argument(call, 1)?;
    let start = index_argument(call, 2)?;
    if start < 1 {
        return Err(PrimitiveFailure::BadIndex);
    }
    let found = string
        .iter()
        .enumerate()
        .skip(start as usize - 1)
        .find(|(_, &c)| c as i64 == code)
        .map_or(0, |(i, _)| i as i64 + 1);
    Ok(Oop::small_integer_unchecked(found))
}

/// `stringHash: aString initialHash: speciesHash`.
fn primitive_string_hash(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let string = bytes_argument(call, 0)?;
    let initial = index_argument(call, 1)?;
    let hash = string
        .iter()
        .fold((initial as u64) & 0xFFF_FFFF, |hash, &byte| {
            hash_multiply(hash + byte as u64)
        });
    Ok(Oop::small_integer_unchecked(hash as i64))
}

/// `findSubstring: key in: body startingAt: start matchTable: matchTable`.
fn primitive_find_substring(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 4)?;
    let key = bytes_argument(call, 0)?;
    let body = bytes_argument(call, 1)?;
    let start = index_argument(call, 2)?.max(1) as usize;
    let table = table_argument(call, 3)?;
    if key.is_empty() || key.len() > body.len() {
        return Ok(Oop::small_integer_unchecked(0));
    }
    let matches = |at: usize| {
        key.iter()
            .zip(&body[at..])
            .all(|(&k, &b)| table[k as usize] == table[b as usize])
    };
    let found = (start - 1..=body.len() - key.len())
        .find(|&at| matches(at))
        .map_or(0, |at| at as i64 + 1);
    Ok(Oop::small_integer_unchecked(found))
}

/// `translate: aString from: start to: stop table: table` (in place).
fn primitive_translate_string_with_table(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 4)?;
    let string = argument(call, 0)?;
    let size = bytes_of(call.heap, string)
        .ok_or(PrimitiveFailure::BadArgument)?
        .len() as i64;
    let start = index_argument(call, 1)?;
    let stop = index_argument(call, 2)?;
    let table = table_argument(call, 3)?;
    if start < 1 || stop > size {
        return Err(PrimitiveFailure::BadIndex);
    }
    if call.heap.is_immutable(string) {
        return Err(PrimitiveFailure::NoModification);
    }
    if start <= stop {
        let bytes = call.heap.bytes_mut(string);
        for byte in &mut bytes[start as usize - 1..stop as usize] {
            *byte = table[*byte as usize];
        }
    }
    Ok(call.receiver)
}
