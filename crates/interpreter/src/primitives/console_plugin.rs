//! The named 'ConsolePlugin' primitive `primitiveLog:level:` (the SqueakJS
//! console plugin that headless images log through): the message and a line end
//! go to stdout, or to stderr for the levels 'warn' and 'error' (as Node's
//! `console.warn` / `console.error` do). The receiver is answered.

use super::support::{argument, byte_object_bytes, expect_arguments};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The names this module's primitive table resolves.
pub const NAMES: &[&str] = &["primitiveLog:level:"];

/// The named primitive `name` of module 'ConsolePlugin', if implemented.
pub fn primitive(name: &str) -> Option<PurePrimitive> {
    Some(match name {
        "primitiveLog:level:" => primitive_log_level,
        _ => return None,
    })
}

/// `primLog: messageString level: levelString`.
fn primitive_log_level(call: &mut PrimitiveCall) -> PrimitiveResult {
    expect_arguments(call, 2)?;
    let message = byte_object_bytes(call.heap, argument(call, 0)?)
        .ok_or(PrimitiveFailure::BadArgument)?
        .to_vec();
    let level =
        byte_object_bytes(call.heap, argument(call, 1)?).ok_or(PrimitiveFailure::BadArgument)?;
    let to_stderr = matches!(level, b"warn" | b"error");
    let mut line = message;
    line.push(b'\n');
    let written = if to_stderr {
        call.platform.write_stderr(&line)
    } else {
        call.platform.write_stdout(&line)
    };
    written.map_err(|_| PrimitiveFailure::OperatingSystemError)?;
    Ok(call.receiver)
}
