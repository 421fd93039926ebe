//! The `stvm` binary end to end: commands, exit statuses, error reports.
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const STVM: &str = env!("CARGO_BIN_EXE_stvm");

fn stvm(arguments: &[&str]) -> Output {
    Command::new(STVM)
        .args(arguments)
        .env("HOME", scratch_dir())
        .output()
        .expect("stvm runs")
}

fn stvm_with_input(arguments: &[&str], input: &str) -> Output {
    let mut child = Command::new(STVM)
        .args(arguments)
        .env("HOME", scratch_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("stvm starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    stdin.write_all(input.as_bytes()).expect("input written");
    drop(stdin);
    child.wait_with_output().expect("stvm ends")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stvm-cli-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn scratch_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, contents).expect("scratch file written");
    path
}

fn path_str(path: &std::path::Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

fn assert_no_panic(output: &Output) {
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}

const ANIMALS: &str = "\
Object subclass: #Animal
\tinstanceVariableNames: 'name'
\tclassVariableNames: 'Count'
\tpackage: 'Demo'!

!Animal methodsFor: 'accessing'!
name: aString
\tname := aString
!
speak
\t^ name , ' says ' , self sound
! !

!Animal class methodsFor: 'instance creation'!
named: aString
\tCount := (Count ifNil: [ 0 ]) + 1.
\t^ self new name: aString; yourself
!
count
\t^ Count
! !

Animal subclass: #Dog
\tinstanceVariableNames: ''
\tclassVariableNames: ''
\tpackage: 'Demo'!

!Dog methodsFor: 'speaking'!
sound
\t^ 'Woof'
! !

Transcript show: (Dog named: 'Rex') speak; cr.
Transcript show: Animal count printString; cr!
";

#[test]
fn eval_prints_the_print_string_of_the_result() {
    let output = stvm(&["eval", "3 + 4"]);
    assert_eq!(stdout(&output), "7\n");
    assert!(output.status.success());
}

#[test]
fn eval_prints_strings_and_collections_as_pharo_does() {
    let output = stvm(&["eval", "#(1 $a 'b' #c) , (Array with: 3/4)"]);
    assert_eq!(stdout(&output), "{1. $a. 'b'. #c. (3/4)}\n");
}

#[test]
fn eval_can_compile_and_evaluate_at_run_time() {
    let output = stvm(&["eval", "Smalltalk compiler evaluate: '6 * 7'"]);
    assert_eq!(stdout(&output), "42\n");
}

#[test]
fn run_files_in_classes_and_methods_and_uses_them() {
    let file = scratch_file("animals.st", ANIMALS.as_bytes());
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(stdout(&output), "Rex says Woof\n1\n", "{}", stderr(&output));
    assert!(output.status.success());
}

#[test]
fn run_a_file_without_bang_as_one_doit() {
    let file = scratch_file(
        "plain.st",
        b"| x |\nx := 3 + 4.\nTranscript show: x printString; cr\n",
    );
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(stdout(&output), "7\n");
}

#[test]
fn unhandled_error_in_eval_prints_class_message_and_trace_and_exits_1() {
    let output = stvm(&["eval", "nil foo"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with("MessageNotUnderstood: nil doesNotUnderstand: #foo\n"),
        "{report}"
    );
    assert!(
        report.contains("UndefinedObject>>DoIt (line 1)"),
        "{report}"
    );
    assert_eq!(stdout(&output), "");
}

#[test]
fn unhandled_error_in_run_traces_methods_and_file_lines() {
    let source = format!("{ANIMALS}\n(Animal named: 'x') speak!\n");
    let file = scratch_file("abstract.st", source.as_bytes());
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with("MessageNotUnderstood: an Animal doesNotUnderstand: #sound\n"),
        "{report}"
    );
    assert!(report.contains("\tAnimal>>speak (line 2)\n"), "{report}");
    let last_line = source.lines().count();
    assert!(
        report.contains(&format!("\tUndefinedObject>>DoIt (line {last_line})\n")),
        "{report}"
    );
}

#[test]
fn error_inside_a_block_names_the_block_and_its_line() {
    let output = stvm(&["eval", "#(1 2) do: [ :each |\n  each / 0 ]"]);
    let report = stderr(&output);
    assert!(report.starts_with("ZeroDivide: "), "{report}");
    assert!(
        report.contains("\t[] in UndefinedObject>>DoIt (line 2)\n"),
        "{report}"
    );
}

#[test]
fn syntax_error_in_a_method_chunk_reports_file_line_and_column() {
    let source = "Object subclass: #A instanceVariableNames: '' classVariableNames: '' package: 'X'!\n\n!A methodsFor: 'x'!\nfoo\n\t^ (3 + ]\n! !\n";
    let file = scratch_file("syntax.st", source.as_bytes());
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with(&format!("{}:5:9: ", path_str(&file))),
        "{report}"
    );
    assert!(report.contains("^ (3 + ]\n"), "{report}");
}

#[test]
fn syntax_error_in_a_doit_chunk_reports_its_file_line() {
    let file = scratch_file("doit_syntax.st", b"3 printString!\n\n  4 + !\n");
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with(&format!("{}:3:6: ", path_str(&file))),
        "{report}"
    );
}

#[test]
fn syntax_error_in_eval_reports_line_and_column() {
    let output = stvm(&["eval", "3 +"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("eval:1:4: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn methods_for_an_unknown_class_is_reported_with_its_line() {
    let file = scratch_file("unknown.st", b"!Nope methodsFor: 'x'!\nfoo ^ 1\n! !\n");
    let output = stvm(&["run", path_str(&file)]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("Nope"), "{}", stderr(&output));
    assert_no_panic(&output);
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output = stvm(&["run", "/nonexistent/dir/x.st"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("/nonexistent/dir/x.st"));
    assert_no_panic(&output);
}

#[test]
fn smalltalk_exit_sets_the_exit_status() {
    let output = stvm(&["eval", "Smalltalk exit: 3"]);
    assert_eq!(output.status.code(), Some(3));
}

#[test]
fn an_image_of_random_bytes_is_rejected_without_panic() {
    let bytes: Vec<u8> = (0u32..50_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let image = scratch_file("random.image", &bytes);
    let output = stvm(&["--image", path_str(&image), "eval", "3 + 4"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad image"), "{}", stderr(&output));
    assert_no_panic(&output);
}

#[test]
fn a_truncated_image_is_rejected_without_panic() {
    let full = scratch_dir().join("full-for-truncation.image");
    assert!(stvm(&["bootstrap", "-o", path_str(&full)]).status.success());
    let bytes = std::fs::read(&full).expect("bootstrapped image");
    let image = scratch_file("truncated.image", &bytes[..bytes.len() / 3]);
    let output = stvm(&["--image", path_str(&image), "eval", "3 + 4"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bad image"), "{}", stderr(&output));
    assert_no_panic(&output);
}

#[test]
fn an_empty_image_file_is_rejected() {
    let image = scratch_file("empty.image", b"");
    let output = stvm(&["--image", path_str(&image), "eval", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert_no_panic(&output);
}

#[test]
fn a_missing_image_file_is_a_clear_error() {
    let output = stvm(&["--image", "/nonexistent/x.image", "eval", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("/nonexistent/x.image"));
}

#[test]
fn image_info_describes_a_bootstrapped_image() {
    let image = scratch_dir().join("info.image");
    assert!(stvm(&["bootstrap", "-o", path_str(&image)])
        .status
        .success());
    let output = stvm(&["image", "info", path_str(&image)]);
    assert!(output.status.success());
    assert!(
        stdout(&output).contains("format:            68533"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn version_prints_the_version() {
    let output = stvm(&["--version"]);
    assert_eq!(
        stdout(&output),
        format!("stvm {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(output.status.success());
}

#[test]
fn help_prints_usage() {
    let output = stvm(&["--help"]);
    assert!(stdout(&output).starts_with("usage: stvm"));
    assert!(output.status.success());
}

#[test]
fn an_unknown_command_prints_usage_and_exits_2() {
    let output = stvm(&["frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("usage: stvm"));
}

#[test]
fn embedded_and_freshly_bootstrapped_images_give_the_same_answers() {
    let image = scratch_dir().join("fresh.image");
    assert!(stvm(&["bootstrap", "-o", path_str(&image)])
        .status
        .success());
    let expressions = [
        "3 + 4",
        "(1 to: 10) inject: 0 into: [ :sum :each | sum + each ]",
        "(7 \\\\ 3) @ (7 // 3)",
        "#(3 1 2) asOrderedCollection removeFirst; yourself",
        "'hello' reversed , ' world'",
        "[ 1 / 0 ] on: ZeroDivide do: [ :e | e messageText ]",
        "Object subclass: #T1 instanceVariableNames: 'a' classVariableNames: '' package: 'X'. T1 compile: 'a ^ a ifNil: [ 5 ]'. T1 new a",
    ];
    for expression in expressions {
        let embedded = stvm(&["eval", expression]);
        let fresh = stvm(&["--image", path_str(&image), "eval", expression]);
        assert!(
            embedded.status.success(),
            "{expression}: {}",
            stderr(&embedded)
        );
        assert_eq!(stdout(&embedded), stdout(&fresh), "{expression}");
    }
}

#[test]
fn repl_prints_results_and_goes_on_after_errors() {
    let input = "3 + 4\nnil foo\n#(1 2 3) collect: [ :x |\n  x * x ]\n3 +\n'still here'\n";
    let output = stvm_with_input(&["repl"], input);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "7\n#(1 4 9)\n'still here'\n");
    let report = stderr(&output);
    assert!(
        report.contains("MessageNotUnderstood: nil doesNotUnderstand: #foo"),
        "{report}"
    );
    assert!(report.contains("repl:1:4: "), "{report}");
}

#[test]
fn repl_ends_with_the_status_given_to_smalltalk_exit() {
    let output = stvm_with_input(&["repl"], "Smalltalk exit: 4\n5\n");
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(stdout(&output), "");
}

#[test]
fn an_image_saved_with_save_as_runs_with_its_classes() {
    let image = scratch_dir().join("saved-with-class.image");
    let _ = std::fs::remove_file(&image);
    let definition = format!(
        "Object subclass: #Saved instanceVariableNames: '' classVariableNames: '' package: 'X'. \
         Saved compile: 'answer ^ 42'. Smalltalk saveAs: '{}'",
        path_str(&image)
    );
    let save = stvm(&["eval", &definition]);
    assert!(save.status.success(), "{}", stderr(&save));
    assert_eq!(stdout(&save), "false\n");
    let output = stvm(&["--image", path_str(&image), "eval", "Saved new answer"]);
    assert_eq!(stdout(&output), "42\n", "{}", stderr(&output));
}

#[test]
fn resuming_a_saved_image_continues_after_the_save_and_exits_0_when_done() {
    let image = scratch_dir().join("resume-continues.image");
    let _ = std::fs::remove_file(&image);
    let program = format!(
        "(Smalltalk saveAs: '{}') ifTrue: [Transcript show: 'resumed'; cr]. 42",
        path_str(&image)
    );
    let save = stvm(&["eval", &program]);
    assert_eq!(stdout(&save), "42\n", "{}", stderr(&save));
    let resumed = stvm(&[path_str(&image)]);
    assert_eq!(stdout(&resumed), "resumed\n", "{}", stderr(&resumed));
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
}

#[test]
fn save_as_an_unwritable_path_is_an_error() {
    let output = stvm(&["eval", "Smalltalk saveAs: '/nonexistent/dir/x.image'"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot write the image"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn test_runs_the_kernel_suite_and_ends_with_the_summary() {
    let output = stvm(&["test", "SUnit"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let summary = stdout(&output);
    let last = summary.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{summary}");
}

#[test]
fn test_lists_failures_and_exits_1() {
    let image = scratch_dir().join("failing-tests.image");
    let _ = std::fs::remove_file(&image);
    let definition = format!(
        "TestCase subclass: #StvmFailingCase instanceVariableNames: '' classVariableNames: '' package: 'X'. \
         StvmFailingCase compile: 'testFails self assert: 1 = 2'; compile: 'testPasses self assert: true'. \
         Smalltalk saveAs: '{}'",
        path_str(&image)
    );
    assert!(stvm(&["eval", &definition]).status.success());
    let output = stvm(&["--image", path_str(&image), "test", "StvmFailingCase"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(
        report.contains("FAIL StvmFailingCase>>#testFails"),
        "{report}"
    );
    assert!(report.ends_with("1 passed, 1 failed\n"), "{report}");
}

#[test]
fn standard_streams_speak_utf8() {
    let output = stvm_with_input(
        &[
            "eval",
            "Transcript show: Stdio stdin nextLine reversed; cr. 0",
        ],
        "aλé\n",
    );
    assert_no_panic(&output);
    assert_eq!(stdout(&output), "éλa\n0\n");
}
