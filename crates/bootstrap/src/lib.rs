//! Builds a fresh stvm image from the kernel's Tonel sources (`kernel/`), and
//! installs compiled methods into any kernel image at run time.
//!
//! * [`bootstrap`] reads [`KernelSource`]s (normally [`kernel_sources`], which
//!   embeds `kernel/**/*.st` at build time) and answers a [`BootstrappedImage`].
//! * [`Installer`] turns the compiler's `CompiledCode` into CompiledMethods and
//!   enters them into method dictionaries; [`install_method`] and
//!   [`compile_doit`] use it on a heap they did not build.
//!
//! Image conventions this crate defines (class layout, symbol table, method
//! dictionaries, bindings, method trailer) are documented in the modules
//! `class_layout`, `symbols`, `dictionary`, `method_dictionary` and `installer`,
//! and in `docs/decisions/` where they are choices rather than facts.

mod builder;
pub mod class_layout;
mod class_objects;
mod class_plan;
pub mod definition;
pub mod dictionary;
mod error;
pub mod method_dictionary;
mod objects;
mod sources;
pub mod special_objects;
pub mod symbols;
pub mod tonel;

pub use builder::{bootstrap, BootstrappedImage};
pub use class_objects::{compact_class_index, ClassMap, ClassPair, COMPACT_CLASSES};
pub use class_plan::{plan_classes, ClassPlan};
pub use error::BootstrapError;
pub use sources::{kernel_sources, KernelSource};
pub use symbols::SymbolTable;
