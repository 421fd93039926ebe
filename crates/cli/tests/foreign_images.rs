//! The `stvm` binary on the shared foreign images (`stvm IMAGE`), each resumed
//! from a private copy: exact stdout, files written, exit status, and what
//! `--trace-missing-primitives` prints. Skipped with a note when the images are absent.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn images_directory() -> PathBuf {
    match std::env::var_os("STVM_SHARED_IMAGES") {
        Some(directory) => PathBuf::from(directory),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/images"),
    }
}

/// A private directory holding a writable copy of a shared image.
struct Copy {
    directory: PathBuf,
    image: PathBuf,
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}

fn copy_of(name: &str, label: &str) -> Option<Copy> {
    let source = images_directory().join(name);
    if !source.is_file() {
        eprintln!("note: {} is absent; skipping", source.display());
        return None;
    }
    let directory = std::env::temp_dir().join(format!("stvm-cli-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("temp dir");
    let image = directory.join(name);
    std::fs::write(&image, std::fs::read(&source).expect("read image")).expect("copy image");
    Some(Copy { directory, image })
}

fn stvm(arguments: &[&str], image: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stvm"))
        .args(arguments)
        .arg(image)
        .output()
        .expect("run stvm")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn headless_image_prints_three_lines_and_exits_0() {
    let Some(copy) = copy_of("headless-spur32.image", "headless") else {
        return;
    };
    let output = stvm(&[], &copy.image);
    assert_eq!(
        text(&output.stdout),
        "Smalltalk image fired up!\nFixing the world\n3 + 4 = 7\n"
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn headless_image_traces_each_missing_primitive_once() {
    let Some(copy) = copy_of("headless-spur32.image", "headless-trace") else {
        return;
    };
    let output = stvm(&["--trace-missing-primitives"], &copy.image);
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let mut unique = lines.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), lines.len(), "{stderr}");
    assert!(
        lines
            .iter()
            .all(|line| line.starts_with("missing primitive: ")),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn pharocandle_image_logs_bytecodes_per_second_next_to_itself_and_exits_0() {
    let Some(copy) = copy_of("pharocandle-spur64.image", "pharocandle") else {
        return;
    };
    let output = stvm(&[], &copy.image);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let log = std::fs::read_to_string(copy.directory.join("log1.txt")).expect("log1.txt");
    let number = log.strip_suffix(" bytecodes/sec\r").expect("one record");
    assert!(number.parse::<u64>().is_ok(), "log1.txt is {log:?}");
}

#[test]
fn pharocandle_image_resumes_with_the_image_option_too() {
    let Some(copy) = copy_of("pharocandle-spur64.image", "pharocandle-option") else {
        return;
    };
    let output = stvm(&["--image"], &copy.image);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(copy.directory.join("log1.txt").is_file());
}

#[test]
fn codeparadise_image_names_the_missing_cp_system_plugin_and_exits_1() {
    let Some(copy) = copy_of("codeparadise-client-spur32-sista.image", "codeparadise") else {
        return;
    };
    let output = stvm(&["--trace-missing-primitives"], &copy.image);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("missing primitive: CpSystemPlugin>>primitiveSymbolFromString:"),
        "{stderr}"
    );
    assert!(stderr.contains("object memory limit exceeded"), "{stderr}");
    assert_eq!(output.status.code(), Some(1));
}
