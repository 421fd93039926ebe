//! System primitives: 121 `imageName`, 129 `specialObjectsArray`, 142 `vmPath`, 149
//! `getSystemAttribute:`, and the 'StvmPrimitives' named module (Float
//! printing as Pharo's `Float>>printOn:` prints: shortest round-trip digits,
//! fixed notation when the decimal exponent is in −4 … 5, else `d.ddde±x`).

use stvm_object_model::Oop;

use super::support::{argument, float_value, string_object};
use super::{PrimitiveCall, PrimitiveFailure, PrimitiveResult, PurePrimitive};

/// The VM version string answered for attribute 1004 / 1009.
pub const VM_VERSION: &str = concat!("stvm ", env!("CARGO_PKG_VERSION"));

/// The numbered primitive for `index`, if it is a system primitive.
pub fn primitive(index: u16) -> Option<PurePrimitive> {
    Some(match index {
        121 => primitive_image_name,
        129 => primitive_special_objects_array,
        142 => primitive_vm_path,
        149 => primitive_get_attribute,
        _ => return None,
    })
}

/// The names this module's primitive table resolves.
pub const STVM_NAMES: &[&str] = &["primitiveFloatPrintString"];

/// The named primitive `name` of module 'StvmPrimitives', if implemented.
pub fn stvm_primitive(name: &str) -> Option<PurePrimitive> {
    Some(match name {
        "primitiveFloatPrintString" => primitive_float_print_string,
        _ => return None,
    })
}

/// `imageName` (no argument) answers the image path; `imageName: aString`
/// sets it (the next snapshot writes there) and answers the receiver.
fn primitive_image_name(call: &mut PrimitiveCall) -> PrimitiveResult {
    match call.arguments.len() {
        0 => {
            let path = call.platform.image_path().to_string();
            string_object(call.heap, path.as_bytes())
        }
        1 => {
            let path = super::support::string_argument(call, 0)?;
            if path.is_empty() || !call.platform.set_image_path(&path) {
                return Err(PrimitiveFailure::Unsupported);
            }
            Ok(call.receiver)
        }
        _ => Err(PrimitiveFailure::BadNumberOfArguments),
    }
}

/// `specialObjectsArray`: the array through which the VM finds its well-known objects.
fn primitive_special_objects_array(call: &mut PrimitiveCall) -> PrimitiveResult {
    if !call.arguments.is_empty() {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    Ok(call.heap.special_objects_array())
}

/// `vmPath`: the directory of the VM executable, with a trailing slash.
fn primitive_vm_path(call: &mut PrimitiveCall) -> PrimitiveResult {
    if !call.arguments.is_empty() {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    let path = call.platform.vm_path();
    let directory = match path.rfind('/') {
        Some(slash) => path[..=slash].to_string(),
        None => String::new(),
    };
    string_object(call.heap, directory.as_bytes())
}

/// The text of system attribute `index`, or None when it has none.
fn attribute(call: &PrimitiveCall, index: i64) -> Option<String> {
    let platform = &*call.platform;
    Some(match index {
        0 => platform.vm_path().to_string(),
        1 => platform.image_path().to_string(),
        2.. if index < 1000 => platform
            .command_line_arguments()
            .get(index as usize - 2)?
            .clone(),
        1001 => match std::env::consts::OS {
            "linux" | "macos" | "freebsd" | "openbsd" | "netbsd" => "unix".to_string(),
            "windows" => "Win32".to_string(),
            other => other.to_string(),
        },
        1002 => std::env::consts::OS.to_string(),
        1003 => std::env::consts::ARCH.to_string(),
        1004 | 1009 => VM_VERSION.to_string(),
        1005 => "none".to_string(),
        1006 => format!("{VM_VERSION} (Rust stack interpreter)"),
        1007 => "StackInterpreter".to_string(),
        _ => return None,
    })
}

/// `getSystemAttribute: index`; fails for attributes it does not know.
fn primitive_get_attribute(call: &mut PrimitiveCall) -> PrimitiveResult {
    if call.arguments.len() != 1 {
        return Err(PrimitiveFailure::BadNumberOfArguments);
    }
    let index = argument(call, 0)?
        .as_small_integer()
        .ok_or(PrimitiveFailure::BadArgument)?;
    match attribute(call, index) {
        Some(text) => string_object(call.heap, text.as_bytes()),
        None if (2..1000).contains(&index) => Ok(call.heap.nil()),
        None => Err(PrimitiveFailure::BadArgument),
    }
}

/// The Float to print: the receiver if it is one, else the single argument.
fn float_operand(call: &PrimitiveCall) -> Result<f64, PrimitiveFailure> {
    if let Some(value) = float_value(call.heap, call.receiver) {
        return Ok(value);
    }
    let oop: Oop = argument(call, 0)?;
    float_value(call.heap, oop).ok_or(PrimitiveFailure::BadArgument)
}

/// Answers the String Pharo's `Float>>printString` answers.
fn primitive_float_print_string(call: &mut PrimitiveCall) -> PrimitiveResult {
    let value = float_operand(call)?;
    let text = pharo_float_print_string(value);
    string_object(call.heap, text.as_bytes())
}

/// Prints `value` as Pharo does (`Float>>printOn:base: 10`, exact printing).
pub fn pharo_float_print_string(value: f64) -> String {
    if value.is_nan() {
        return "Float nan".to_string();
    }
    if value.is_infinite() {
        return if value > 0.0 {
            "Float infinity".to_string()
        } else {
            "Float infinity negated".to_string()
        };
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value == 0.0 {
        return format!("{sign}0.0");
    }
    format!("{sign}{}", absolute_print_string(value.abs()))
}

/// Shortest round-trip digits of a positive finite value, laid out as Pharo's
/// `absPrintExactlyOn:base:` lays them out.
fn absolute_print_string(value: f64) -> String {
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let integer_digits = exponent + 1;
    if (-3..=6).contains(&integer_digits) {
        return fixed_notation(&digits, integer_digits);
    }
    let fraction = if digits.len() > 1 { &digits[1..] } else { "0" };
    format!("{}.{}e{}", &digits[..1], fraction, exponent)
}

fn fixed_notation(digits: &str, integer_digits: i64) -> String {
    if integer_digits <= 0 {
        return format!("0.{}{}", "0".repeat((-integer_digits) as usize), digits);
    }
    let split = integer_digits as usize;
    if digits.len() > split {
        format!("{}.{}", &digits[..split], &digits[split..])
    } else {
        format!("{}{}.0", digits, "0".repeat(split - digits.len()))
    }
}
