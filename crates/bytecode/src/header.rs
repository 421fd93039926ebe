//! CompiledMethod / CompiledBlock header word (slot 0, a SmallInteger) and the helpers
//! that depend on it: initial pc and the primitive number from the callPrimitive prefix.
//!
//! Layout of the untagged SmallInteger value (reference §7.2):
//!
//! ```text
//!  sign | 29 28 | 27..24 | 23..18 | 17    | 16      | 15        | 14..0
//!  set  | flags | args   | temps  | large | has-prim | optimized | num literals
//! ```
//!
//! The sign selects the bytecode set: negative ⇒ alternate set (Sista V1), i.e. the value
//! has `SmallInteger minVal` added; non-negative ⇒ primary set (V3PlusClosures).
//! Bits 15, 28 and 29 are not interpreted by the VM and are dropped by [`MethodHeader::decode`].

use std::fmt;

/// Bits 0–14: number of literals (`AlternateHeaderNumLiteralsMask`).
pub const NUM_LITERALS_MASK: i64 = 0x7FFF;
/// Bit 16: the method has a primitive (`AlternateHeaderHasPrimFlag`).
pub const HAS_PRIMITIVE_FLAG: i64 = 0x1_0000;
/// Bit 17: the method needs a large context (`LargeContextBit`).
pub const LARGE_FRAME_FLAG: i64 = 0x2_0000;
/// Shift of the 6-bit temp count (incl. args) (`MethodHeaderTempCountShift`).
pub const TEMP_COUNT_SHIFT: u32 = 18;
/// Shift of the 4-bit argument count (`MethodHeaderArgCountShift`).
pub const ARG_COUNT_SHIFT: u32 = 24;
/// Largest temp count (incl. args) a header can hold.
pub const MAX_TEMPS: u8 = 63;
/// Largest argument count a header can hold.
pub const MAX_ARGS: u8 = 15;
/// Largest literal count a header can hold.
pub const MAX_LITERALS: u16 = 0x7FFF;
/// `SmallInteger minVal` on 64-bit Spur; added to the header value to mark the alternate set.
pub const SMALL_INTEGER_MIN_64: i64 = -(1 << 60);
/// Bytes per object slot on 64-bit Spur.
const WORD_BYTES_64: usize = 8;

/// Decoded method header (both bytecode sets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MethodHeader {
    /// Number of literals (slots 1..=num_literals of the method).
    pub num_literals: u16,
    /// Number of temporaries including the arguments.
    pub num_temps: u8,
    /// Number of arguments.
    pub num_args: u8,
    /// The first bytecode is a callPrimitive.
    pub has_primitive: bool,
    /// The activation needs a large context (56 stack slots instead of 16).
    pub large_frame: bool,
    /// The method uses the alternate set, Sista V1 (header sign bit set).
    pub is_sista: bool,
}

/// A header field does not fit its bit field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// `num_literals` exceeds [`MAX_LITERALS`].
    TooManyLiterals(u16),
    /// `num_temps` exceeds [`MAX_TEMPS`].
    TooManyTemps(u8),
    /// `num_args` exceeds [`MAX_ARGS`].
    TooManyArgs(u8),
    /// `num_args` is larger than `num_temps`.
    ArgsExceedTemps {
        /// Argument count.
        num_args: u8,
        /// Temp count (incl. args).
        num_temps: u8,
    },
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooManyLiterals(n) => {
                write!(f, "{n} literals exceed the header limit {MAX_LITERALS}")
            }
            Self::TooManyTemps(n) => write!(f, "{n} temps exceed the header limit {MAX_TEMPS}"),
            Self::TooManyArgs(n) => write!(f, "{n} arguments exceed the header limit {MAX_ARGS}"),
            Self::ArgsExceedTemps {
                num_args,
                num_temps,
            } => {
                write!(
                    f,
                    "{num_args} arguments exceed the {num_temps} temps that include them"
                )
            }
        }
    }
}

impl std::error::Error for HeaderError {}

impl MethodHeader {
    /// Checks every field fits its bit field.
    pub fn validate(&self) -> Result<(), HeaderError> {
        if self.num_literals > MAX_LITERALS {
            return Err(HeaderError::TooManyLiterals(self.num_literals));
        }
        if self.num_temps > MAX_TEMPS {
            return Err(HeaderError::TooManyTemps(self.num_temps));
        }
        if self.num_args > MAX_ARGS {
            return Err(HeaderError::TooManyArgs(self.num_args));
        }
        if self.num_args > self.num_temps {
            return Err(HeaderError::ArgsExceedTemps {
                num_args: self.num_args,
                num_temps: self.num_temps,
            });
        }
        Ok(())
    }

    /// The SmallInteger value to store in slot 0, or why a field does not fit.
    pub fn try_encode(&self) -> Result<i64, HeaderError> {
        self.validate()?;
        let mut value = i64::from(self.num_literals)
            | i64::from(self.num_temps) << TEMP_COUNT_SHIFT
            | i64::from(self.num_args) << ARG_COUNT_SHIFT;
        if self.has_primitive {
            value |= HAS_PRIMITIVE_FLAG;
        }
        if self.large_frame {
            value |= LARGE_FRAME_FLAG;
        }
        if self.is_sista {
            value += SMALL_INTEGER_MIN_64;
        }
        Ok(value)
    }

    /// The SmallInteger value to store in slot 0 (64-bit; Sista adds `SmallInteger minVal`).
    ///
    /// # Panics
    /// If a field does not fit (see [`MethodHeader::validate`]); callers building headers
    /// from untrusted counts use [`MethodHeader::try_encode`].
    pub fn encode(&self) -> i64 {
        match self.try_encode() {
            Ok(value) => value,
            Err(error) => panic!("invalid method header: {error}"),
        }
    }

    /// Decodes a header SmallInteger value (either word size: only the low bits and the
    /// sign are read).
    pub fn decode(value: i64) -> MethodHeader {
        MethodHeader {
            num_literals: (value & NUM_LITERALS_MASK) as u16,
            num_temps: ((value >> TEMP_COUNT_SHIFT) & 0x3F) as u8,
            num_args: ((value >> ARG_COUNT_SHIFT) & 0xF) as u8,
            has_primitive: value & HAS_PRIMITIVE_FLAG != 0,
            large_frame: value & LARGE_FRAME_FLAG != 0,
            is_sista: value < 0,
        }
    }

    /// Smalltalk (1-based, whole-object) pc of the first bytecode on 64-bit.
    pub fn initial_pc(&self) -> usize {
        initial_pc(usize::from(self.num_literals))
    }

    /// The primitive number from the callPrimitive prefix, given the bytes after the
    /// literals; `None` when the header has no primitive or the prefix is missing.
    pub fn primitive_index(&self, bytecodes: &[u8]) -> Option<u16> {
        primitive_index(self, bytecodes)
    }
}

/// Smalltalk (1-based, whole-object) pc of the first bytecode of a 64-bit method with
/// `num_literals` literals: `(num_literals + 1) * 8 + 1` (`CompiledCode>>initialPC`).
pub fn initial_pc(num_literals: usize) -> usize {
    (num_literals + 1) * WORD_BYTES_64 + 1
}

/// Sista V1 callPrimitive opcode.
pub const SISTA_CALL_PRIMITIVE: u8 = 248;
/// V3PlusClosures callPrimitive opcode (Spur).
pub const V3_CALL_PRIMITIVE: u8 = 139;

/// The primitive number from the 3-byte callPrimitive that starts a method with the
/// has-primitive bit (`primitiveIndexOfMethod:header:`). `bytecodes` are the bytes after
/// the literals. Sista's high byte contributes bits 0–6 only (bit 7 = inline flag).
pub fn primitive_index(header: &MethodHeader, bytecodes: &[u8]) -> Option<u16> {
    if !header.has_primitive {
        return None;
    }
    let (&opcode, rest) = bytecodes.split_first()?;
    let (&low, rest) = rest.split_first()?;
    let &high = rest.first()?;
    match (header.is_sista, opcode) {
        (true, SISTA_CALL_PRIMITIVE) => Some(u16::from(low) | u16::from(high & 0x7F) << 8),
        (false, V3_CALL_PRIMITIVE) => Some(u16::from(low) | u16::from(high) << 8),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
