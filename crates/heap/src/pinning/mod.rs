//! Pinning: a pinned object never moves (neither GC moves it), so its address
//! can be handed to foreign code. Only old objects can be pinned: pinning a
//! young object first copies it to old space and redirects every reference to
//! it (roots, new space and remembered old objects: nothing else can refer to
//! a young object), so the object keeps its identity but changes address.
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use stvm_object_model::Oop;

use crate::error::HeapError;
use crate::heap::Heap;
use crate::roots::RootSource;

/// The result of [`Heap::pin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinOutcome {
    /// True if the object was already pinned.
    pub was_pinned: bool,
    /// The object's (possibly new) oop: a young object moves to old space.
    pub object: Oop,
}

/// Why an object could not be pinned or unpinned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinError {
    /// Immediates have no address.
    Immediate,
    /// Old space could not hold the object's copy.
    OutOfMemory(HeapError),
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinError::Immediate => f.write_str("immediates cannot be pinned"),
            PinError::OutOfMemory(error) => write!(f, "cannot pin: {error}"),
        }
    }
}

impl std::error::Error for PinError {}

impl Heap {
    /// Pins `oop` (primitive 184 `pin:` true). A young object is moved to old
    /// space first and every reference to it, `roots` included, is updated;
    /// the outcome carries its new oop.
    pub fn pin(&mut self, oop: Oop, roots: &mut dyn RootSource) -> Result<PinOutcome, PinError> {
        if oop.is_immediate() {
            return Err(PinError::Immediate);
        }
        let header = self.header(oop);
        if header.is_pinned() {
            return Ok(PinOutcome {
                was_pinned: true,
                object: oop,
            });
        }
        let object = if self.is_young(oop) {
            self.move_to_old_space(oop, roots)?
        } else {
            oop
        };
        let pinned = self.header(object).with_pinned(true);
        self.set_header(object, pinned);
        Ok(PinOutcome {
            was_pinned: false,
            object,
        })
    }

    /// Unpins `oop` (primitive 184 `pin:` false); answers whether it was pinned.
    pub fn unpin(&mut self, oop: Oop) -> Result<bool, PinError> {
        if oop.is_immediate() {
            return Err(PinError::Immediate);
        }
        let header = self.header(oop);
        self.set_header(oop, header.with_pinned(false));
        Ok(header.is_pinned())
    }

    /// Copies a young object into old space and redirects references to it.
    fn move_to_old_space(&mut self, oop: Oop, roots: &mut dyn RootSource) -> Result<Oop, PinError> {
        let bytes = self.chunk_bytes(oop);
        let chunk = self.chunk_start(oop);
        let new_chunk = self
            .allocate_old_chunk(bytes)
            .map_err(PinError::OutOfMemory)?;
        self.memory.copy(chunk, new_chunk, bytes as usize);
        let moved = Oop::from_address(new_chunk + (oop.address() - chunk));
        if self.has_young_referent(moved) {
            self.remember(moved);
        }
        let map = HashMap::from([(oop, moved)]);
        self.remap_references(&map, true, roots);
        Ok(moved)
    }
}
