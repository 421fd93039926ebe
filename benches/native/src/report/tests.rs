use super::*;

fn summary(name: &str, ok: bool) -> Summary {
    Summary {
        name: name.to_string(),
        iterations: 10,
        median_ms: 1.5,
        min_ms: 1.25,
        max_ms: 2.0,
        ok,
    }
}

#[test]
fn json_prints_one_object_per_benchmark_in_the_shared_format() {
    let expected = "[\n  {\"name\": \"Richards\", \"iterations\": 10, \"median_ms\": 1.500, \"min_ms\": 1.250, \"max_ms\": 2.000, \"ok\": true}\n]\n";
    assert_eq!(json(&[summary("Richards", true)]), expected);
}

#[test]
fn json_separates_objects_with_commas() {
    let text = json(&[summary("A", true), summary("B", false)]);
    assert!(
        text.contains("\"ok\": true},\n  {\"name\": \"B\""),
        "{text}"
    );
}

#[test]
fn json_of_no_summaries_is_an_empty_array() {
    assert_eq!(json(&[]), "[]\n");
}

#[test]
fn json_string_escapes_quotes_backslashes_and_control_characters() {
    assert_eq!(json_string("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
}

#[test]
fn table_marks_a_failed_benchmark() {
    let text = table(&[summary("Queens", false)]);
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|row| row.starts_with("Queens") && row.ends_with("NO")),
        "{text}"
    );
}

#[test]
fn table_has_a_header_line() {
    assert!(table(&[]).starts_with("name  "));
}
