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
mod tests;
