//! The two report formats, shared with `stvm bench`: a fixed-width table and JSON
//! (`[{"name": ..., "iterations": N, "median_ms": f, "min_ms": f, "max_ms": f, "ok": b}, ...]`,
//! one object per line, times with three decimals).

use std::fmt::Write;

use crate::harness::Summary;

/// The summaries as a table with a header line, one row per benchmark.
pub fn table(summaries: &[Summary]) -> String {
    let width = summaries
        .iter()
        .map(|summary| summary.name.len())
        .max()
        .unwrap_or(0)
        .max("name".len());
    let mut text = format!(
        "{:<width$}  {:>10}  {:>10}  {:>10}  ok\n",
        "name", "median ms", "min ms", "max ms"
    );
    for summary in summaries {
        let ok = if summary.ok { "yes" } else { "NO" };
        let _ = writeln!(
            text,
            "{:<width$}  {:>10.3}  {:>10.3}  {:>10.3}  {ok}",
            summary.name, summary.median_ms, summary.min_ms, summary.max_ms
        );
    }
    text
}

/// The summaries as a JSON array, one object per line, ending with a newline.
pub fn json(summaries: &[Summary]) -> String {
    let objects: Vec<String> = summaries.iter().map(json_object).collect();
    if objects.is_empty() {
        return "[]\n".to_string();
    }
    format!("[\n  {}\n]\n", objects.join(",\n  "))
}

fn json_object(summary: &Summary) -> String {
    format!(
        "{{\"name\": {}, \"iterations\": {}, \"median_ms\": {:.3}, \"min_ms\": {:.3}, \"max_ms\": {:.3}, \"ok\": {}}}",
        json_string(&summary.name),
        summary.iterations,
        summary.median_ms,
        summary.min_ms,
        summary.max_ms,
        summary.ok
    )
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(quoted, "\\u{:04x}", c as u32);
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
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
}
