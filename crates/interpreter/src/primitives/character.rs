//! Character primitives: 170 `Character value:` / `asCharacter` and 171
//! immediate `asInteger` (Character code, SmallInteger value, SmallFloat64 bits).

use stvm_object_model::{small_float, Oop};

use super::support::argument;
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The primitive for `index` (170, 171), if any.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        170 => primitive_character_value,
        171 => primitive_immediate_as_integer,
        _ => return None,
    })
}

/// `Character value: code` (class receiver, one argument) or `code asCharacter`
/// (SmallInteger receiver, no argument).
fn primitive_character_value(call: &mut PrimitiveCall) -> PrimitiveResult {
    let (code, failure) = match call.arguments.len() {
        0 => (call.receiver, PrimitiveFailure::BadReceiver),
        1 => (argument(call, 0)?, PrimitiveFailure::BadArgument),
        _ => return Err(PrimitiveFailure::BadNumberOfArguments),
    };
    code.as_small_integer()
        .and_then(|value| u32::try_from(value).ok())
        .and_then(Oop::character)
        .ok_or(failure)
}

/// The integer an immediate stands for.
fn primitive_immediate_as_integer(call: &mut PrimitiveCall) -> PrimitiveResult {
    if !call.arguments.is_empty() {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    let receiver = call.receiver;
    if let Some(code) = receiver.as_character() {
        return Ok(Oop::small_integer_unchecked(code as i64));
    }
    if receiver.is_small_integer() {
        return Ok(receiver);
    }
    if receiver.is_small_float() {
        let bits = small_float::rotated_bits(receiver.bits());
        return Oop::small_integer(bits).ok_or(PrimitiveFailure::BadReceiver);
    }
    Err(PrimitiveFailure::BadReceiver)
}
