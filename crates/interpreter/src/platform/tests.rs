use super::{FakePlatform, FileSystem, Platform, StdFileSystem, SQUEAK_EPOCH_OFFSET_SECONDS};

fn temporary_path(name: &str) -> String {
    let directory = std::env::temp_dir().join(format!("stvm-platform-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    directory.join(name).to_string_lossy().into_owned()
}

#[test]
fn std_file_system_reads_back_what_it_wrote() {
    let mut files = StdFileSystem::new();
    let path = temporary_path("round-trip");
    let file = files.open(&path, true).unwrap();
    files.write(file, b"hello").unwrap();
    files.set_position(file, 1).unwrap();
    let mut buffer = [0u8; 4];
    assert_eq!(files.read(file, &mut buffer).unwrap(), 4);
    assert_eq!(&buffer, b"ello");
    files.close(file).unwrap();
    files.delete(&path).unwrap();
}

#[test]
fn std_file_system_open_new_refuses_existing_file() {
    let mut files = StdFileSystem::new();
    let path = temporary_path("existing");
    let file = files.open(&path, true).unwrap();
    files.close(file).unwrap();
    let error = files.open_new(&path).unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
    files.delete(&path).unwrap();
}

#[test]
fn std_file_system_never_hands_out_stdio_numbers() {
    let mut files = StdFileSystem::new();
    let path = temporary_path("numbers");
    let file = files.open(&path, true).unwrap();
    assert!(file >= 3);
    files.close(file).unwrap();
    files.delete(&path).unwrap();
}

#[test]
fn system_platform_clock_is_after_2020_in_squeak_epoch() {
    let platform = super::SystemPlatform::new(String::new(), Vec::new());
    let year_2020_unix = 1_577_836_800i64;
    let floor = (year_2020_unix + SQUEAK_EPOCH_OFFSET_SECONDS) * 1_000_000;
    assert!(platform.utc_microseconds() > floor);
}

#[test]
fn fake_platform_stdin_yields_scripted_bytes_then_end() {
    let mut platform = FakePlatform::new();
    platform.stdin = b"ab".to_vec();
    let mut buffer = [0u8; 4];
    assert_eq!(platform.read_stdin(&mut buffer).unwrap(), 2);
    assert_eq!(platform.read_stdin(&mut buffer).unwrap(), 0);
}

#[test]
fn fake_platform_sleep_advances_clocks() {
    let mut platform = FakePlatform::new();
    platform.sleep_microseconds(5_000);
    assert_eq!(platform.monotonic_milliseconds(), 5);
    assert_eq!(platform.utc_microseconds(), 5_000);
}

#[test]
fn fake_file_system_lists_direct_children_only() {
    let mut platform = FakePlatform::new();
    platform.files.directories.insert("/d".to_string());
    platform
        .files
        .contents
        .insert("/d/a".to_string(), Vec::new());
    platform
        .files
        .contents
        .insert("/d/sub/b".to_string(), Vec::new());
    let names: Vec<String> = platform
        .files()
        .directory_entries("/d")
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, vec!["a"]);
}
