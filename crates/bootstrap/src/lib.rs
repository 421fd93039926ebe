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
//! `class_layout`, `symbols`, `dictionary`, `method_dictionary` and `installer`.

mod builder;
pub mod class_layout;
mod class_objects;
mod class_plan;
mod compile;
pub mod definition;
pub mod dictionary;
mod error;
mod installer;
mod literals;
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
pub use installer::{Installer, InstallerClasses, TRAILER_BYTES};
pub use literals::{float_object, latin1};
pub use sources::{kernel_sources, KernelSource};
pub use symbols::SymbolTable;

use stvm_compiler::CompiledCode;
use stvm_heap::Heap;
use stvm_object_model::Oop;

/// Installs `code` as a method of `behavior` in a kernel image (see [`Installer`]).
pub fn install_method(
    heap: &mut Heap,
    behavior: Oop,
    code: &CompiledCode,
) -> Result<Oop, BootstrapError> {
    Installer::from_heap(heap)?.install_method(heap, behavior, code)
}

/// Compiles `source` as a doIt (receiver nil, class UndefinedObject) in a kernel
/// image; answers the CompiledMethod (not installed anywhere).
pub fn compile_doit(heap: &mut Heap, source: &str) -> Result<Oop, BootstrapError> {
    Installer::from_heap(heap)?.compile_doit(heap, source)
}

/// Interns `name` in a kernel image's symbol table.
pub fn intern_symbol(heap: &mut Heap, name: &str) -> Result<Oop, BootstrapError> {
    Installer::from_heap(heap)?.intern(heap, name)
}
