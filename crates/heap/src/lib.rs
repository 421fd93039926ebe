//! The stvm object memory: a Spur 64-bit heap in one reserved address range,
//! with eden and survivor spaces, segmented old space, the class table, identity
//! hashes, allocation and the store check. The heap sees the VM's roots only
//! through [`RootSource`]; it knows nothing of bytecodes or frames.
//!
//! Oops handed to the heap's methods must be oops of this heap (or immediates):
//! the heap trusts them, as a VM's object memory does.

mod allocation;
pub mod r#become;
mod class_table;
pub mod config;
mod enumeration;
pub mod error;
mod free_space;
mod full_gc;
mod heap;
mod identity_hash;
mod image_support;
mod memory;
mod mourning;
mod object_access;
pub mod pinning;
pub mod roots;
mod scavenge;
pub mod space;
pub mod statistics;
mod traced_slots;
pub mod verifier;

pub use allocation::instance_shape;
pub use config::HeapConfig;
pub use error::{HeapError, StoreError};
pub use heap::{Heap, NUM_FREE_LISTS};
pub use pinning::{PinError, PinOutcome};
pub use r#become::BecomeError;
pub use roots::{NoRoots, RootSource};
pub use statistics::{HeapStatistics, SpaceUsage};
pub use stvm_object_model::{ObjectFormat, ObjectHeader, Oop};
pub use verifier::{HeapViolation, ReferenceHolder};

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
