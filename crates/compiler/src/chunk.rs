//! Chunk-format reader (Squeak/Pharo "file out"): chunks end with `!`, `!!` stands for
//! one `!`. A chunk `Foo methodsFor: 'cat'` (or `Foo class methodsFor: 'cat'`, with
//! optional `stamp: '...'`) starts a run of method chunks that ends at an empty chunk
//! (`! !`); every other non-blank chunk is a doIt. A file without any `!` is one doIt.

use crate::lexer::tokenize;
use crate::token::TokenKind;

/// One item of a chunk file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChunkItem {
    /// Statements to evaluate.
    DoIt {
        /// Source (trimmed).
        source: String,
        /// 1-based line of its first character in the file.
        line: usize,
    },
    /// A method to compile into `class_name` (or its metaclass).
    Method {
        /// Class name.
        class_name: String,
        /// For the metaclass.
        class_side: bool,
        /// Method category.
        category: String,
        /// Method source (trimmed).
        source: String,
        /// 1-based line of its first character in the file.
        line: usize,
    },
}

/// A raw chunk: text with `!!` undoubled, and the line where it starts.
struct Chunk {
    text: String,
    line: usize,
}

/// Splits `source` into doIts and methods.
pub fn read_chunks(source: &str) -> Vec<ChunkItem> {
    if !source.contains('!') {
        return doit(source, 1).into_iter().collect();
    }
    let mut items = Vec::new();
    let mut methods_for: Option<(String, bool, String)> = None;
    for chunk in split_chunks(source) {
        let is_blank = chunk.text.trim().is_empty();
        match &methods_for {
            Some(_) if is_blank => methods_for = None,
            Some((class_name, class_side, category)) => items.push(ChunkItem::Method {
                class_name: class_name.clone(),
                class_side: *class_side,
                category: category.clone(),
                source: chunk.text.trim().to_string(),
                line: chunk.line + leading_lines(&chunk.text),
            }),
            None if is_blank => {}
            None => match methods_for_header(&chunk.text) {
                Some(header) => methods_for = Some(header),
                None => items.extend(doit(&chunk.text, chunk.line)),
            },
        }
    }
    items
}

fn doit(text: &str, line: usize) -> Option<ChunkItem> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| ChunkItem::DoIt {
        source: trimmed.to_string(),
        line: line + leading_lines(text),
    })
}

fn leading_lines(text: &str) -> usize {
    let blank = &text[..text.len() - text.trim_start().len()];
    blank.matches('\n').count()
}

fn split_chunks(source: &str) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut text = String::new();
    let mut line = 1;
    let mut chunk_line = 1;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '!' {
            if chars.peek() == Some(&'!') {
                chars.next();
                text.push('!');
                continue;
            }
            chunks.push(Chunk {
                text: std::mem::take(&mut text),
                line: chunk_line,
            });
            chunk_line = line;
            continue;
        }
        if c == '\n' {
            line += 1;
        }
        text.push(c);
    }
    if !text.trim().is_empty() {
        chunks.push(Chunk {
            text,
            line: chunk_line,
        });
    }
    chunks
}

/// `Foo methodsFor: 'cat'` / `Foo class methodsFor: 'cat' stamp: 'x'` → (class, side, category).
fn methods_for_header(text: &str) -> Option<(String, bool, String)> {
    let tokens = tokenize(text).ok()?;
    let kinds: Vec<&TokenKind> = tokens.iter().map(|t| &t.kind).collect();
    let TokenKind::Identifier(class_name) = kinds.first()? else {
        return None;
    };
    let class_side = matches!(kinds.get(1), Some(TokenKind::Identifier(word)) if word == "class");
    let rest = &kinds[1 + usize::from(class_side)..];
    match rest {
        [TokenKind::Keyword(keyword), TokenKind::String(category), tail @ ..]
            if keyword == "methodsFor:" && keyword_pairs_then_end(tail) =>
        {
            Some((class_name.clone(), class_side, category.clone()))
        }
        _ => None,
    }
}

fn keyword_pairs_then_end(tokens: &[&TokenKind]) -> bool {
    match tokens {
        [TokenKind::End] => true,
        [TokenKind::Keyword(_), TokenKind::String(_) | TokenKind::Symbol(_), rest @ ..] => {
            keyword_pairs_then_end(rest)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
