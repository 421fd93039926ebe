//! Kernel sources: `KernelSource` and the `kernel/**/*.st` files embedded at
//! compile time by `build.rs` (sorted by path).

/// One kernel source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelSource {
    /// Path relative to `kernel/` (e.g. `Kernel/Object.class.st`).
    pub path: String,
    /// The Tonel text.
    pub text: String,
}

impl KernelSource {
    /// A source from a path and text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> KernelSource {
        KernelSource {
            path: path.into(),
            text: text.into(),
        }
    }

    /// True for files that carry a class definition or extension (not `package.st`).
    pub fn is_class_file(&self) -> bool {
        self.path.ends_with(".class.st") || self.path.ends_with(".extension.st")
    }
}

const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/kernel_sources.rs"));

/// Every `kernel/**/*.st` file, as embedded when this crate was built.
pub fn kernel_sources() -> Vec<KernelSource> {
    EMBEDDED
        .iter()
        .map(|(path, text)| KernelSource::new(*path, *text))
        .collect()
}
