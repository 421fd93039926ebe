//! Spur images made by others (`shared/images`), resumed from temporary copies
//! through the library API: what they print and write, how they end, the
//! 32→64-bit conversion, and snapshot→resume round trips. Each test skips with
//! a note when the shared images are absent.
#[path = "foreign_images/support.rs"]
mod support;

#[path = "foreign_images/arguments.rs"]
mod arguments;
#[path = "foreign_images/conversion.rs"]
mod conversion;
#[path = "foreign_images/resume.rs"]
mod resume;
#[path = "foreign_images/snapshot.rs"]
mod snapshot;
