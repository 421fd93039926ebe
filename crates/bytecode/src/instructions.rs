//! Walking a bytecode sequence: an iterator over `(offset, instruction, length)` that
//! stops after the first [`DecodeError`] (which it yields).

use crate::instruction::Instruction;
use crate::opcode::{BytecodeSet, DecodeError};

/// One decoded instruction with its 0-based byte offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// Offset of the instruction's first byte (its first prefix, if any).
    pub offset: usize,
    /// The instruction.
    pub instruction: Instruction,
    /// Bytes, prefixes included.
    pub length: usize,
}

/// Iterator over the instructions of a byte sequence (see [`BytecodeSet::instructions`]).
#[derive(Debug, Clone)]
pub struct Instructions<'a> {
    set: BytecodeSet,
    bytes: &'a [u8],
    offset: usize,
    failed: bool,
}

impl BytecodeSet {
    /// Decodes `bytes` from offset 0 to the end, instruction by instruction.
    pub fn instructions(self, bytes: &[u8]) -> Instructions<'_> {
        Instructions {
            set: self,
            bytes,
            offset: 0,
            failed: false,
        }
    }
}

impl Iterator for Instructions<'_> {
    type Item = Result<Decoded, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.offset >= self.bytes.len() {
            return None;
        }
        match self.set.decode(self.bytes, self.offset) {
            Ok((instruction, length)) => {
                let decoded = Decoded {
                    offset: self.offset,
                    instruction,
                    length,
                };
                self.offset += length;
                Some(Ok(decoded))
            }
            Err(error) => {
                self.failed = true;
                Some(Err(error))
            }
        }
    }
}

#[cfg(test)]
mod tests;
