//! Embeds every `kernel/**/*.st` file: writes `$OUT_DIR/kernel_sources.rs`, a slice
//! of `(relative path, include_str!(absolute path))` pairs, sorted by path so the
//! bootstrap is deterministic. Cargo reruns this whenever anything under `kernel/`
//! changes, so editing a kernel file needs nothing but `cargo build`.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let kernel = manifest.join("../../kernel");
    println!("cargo:rerun-if-changed={}", kernel.display());
    let mut files = Vec::new();
    if kernel.is_dir() {
        collect_st_files(&kernel, &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        let relative = file.strip_prefix(&kernel).unwrap_or(file);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let absolute = file.canonicalize().unwrap_or_else(|_| file.clone());
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            relative,
            absolute.to_string_lossy()
        )
        .expect("writing to a String cannot fail");
    }
    out.push(']');
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out_dir.join("kernel_sources.rs"), out).expect("OUT_DIR is writable");
}

fn collect_st_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_st_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "st") {
            files.push(path);
        }
    }
}
