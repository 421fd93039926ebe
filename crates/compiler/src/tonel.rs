//! Tonel (v1) class-file reader: an optional `"class comment"`, a `Class { ... }` (or
//! `Trait { ... }`, `Extension { #name : #Foo }`, or a `package.st`'s `Package { ... }`)
//! definition in STON map syntax, then
//! methods `{ #category : 'accessing' } Foo >> bar: x [ body ]` and
//! `Foo class >> baz [ body ]`.
//!
//! Method bodies hold arbitrary Smalltalk, so their closing `]` is found by scanning
//! strings, comments, character literals (`$]`) and nested brackets. A method's source is
//! its selector pattern, a newline, then the body as written between the brackets.

mod ston;

use crate::error::CompileError;
pub use ston::StonValue;

/// A parsed Tonel file.
#[derive(Debug, Clone, PartialEq)]
pub struct TonelFile {
    /// The class definition or extension header.
    pub definition: TonelDefinition,
    /// Methods in file order.
    pub methods: Vec<TonelMethod>,
}

/// What the file defines.
#[derive(Debug, Clone, PartialEq)]
pub enum TonelDefinition {
    /// A class (or trait) definition.
    Class(ClassDefinition),
    /// `Extension { #name : #Foo }`: methods added to an existing class.
    Extension {
        /// The extended class.
        name: String,
    },
    /// `Package { #name : #Kernel }` (a `package.st` descriptor, no methods).
    Package {
        /// The package name.
        name: String,
    },
}

/// Shape of instances (`#type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassType {
    /// Fixed named slots only (no `#type`).
    Normal,
    /// `#variable`: indexable pointer slots.
    Variable,
    /// `#bytes`.
    Bytes,
    /// `#words`.
    Words,
    /// `#weak`.
    Weak,
    /// `#ephemeron`.
    Ephemeron,
    /// `#immediate`.
    Immediate,
    /// `#compiledMethod`.
    CompiledMethod,
}

/// A `Class { ... }` definition.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDefinition {
    /// `#name`.
    pub name: String,
    /// `#superclass` (`None` for `#nil`).
    pub superclass: Option<String>,
    /// `#instVars`.
    pub instance_variables: Vec<String>,
    /// `#classVars`.
    pub class_variables: Vec<String>,
    /// `#classInstVars`.
    pub class_instance_variables: Vec<String>,
    /// `#pools`.
    pub pools: Vec<String>,
    /// `#type`.
    pub class_type: ClassType,
    /// `#category`, else `#package` (with `-#tag` appended when present).
    pub category: String,
    /// The comment before the definition (quotes undoubled).
    pub comment: Option<String>,
    /// Defined with `Trait { ... }`.
    pub is_trait: bool,
}

/// A method of a Tonel file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TonelMethod {
    /// Defined on the class side (`Foo class >> ...`).
    pub class_side: bool,
    /// `#category` of the method metadata (empty when absent).
    pub category: String,
    /// Method source: `selector pattern`, newline, body.
    pub source: String,
    /// 1-based line of the method header in the file.
    pub line: usize,
    /// 1-based line in the file of the first body line (for shifting error positions).
    pub body_line: usize,
}

/// Reads a Tonel class or extension file.
pub fn read_tonel(source: &str) -> Result<TonelFile, CompileError> {
    let mut reader = Reader { source, pos: 0 };
    reader.skip_blank();
    let comment = reader.comment()?;
    reader.skip_blank();
    let keyword_start = reader.pos;
    let keyword = reader.word();
    reader.skip_blank();
    let map = reader.ston_map()?;
    let definition = match keyword.as_str() {
        "Class" | "Trait" => {
            TonelDefinition::Class(class_definition(&map, comment, keyword == "Trait"))
        }
        "Extension" => TonelDefinition::Extension {
            name: ston::string_of(&map, "name").unwrap_or_default(),
        },
        "Package" => TonelDefinition::Package {
            name: ston::string_of(&map, "name").unwrap_or_default(),
        },
        _ => return Err(reader.error(keyword_start, "Class, Trait, Extension or Package expected")),
    };
    let mut methods = Vec::new();
    loop {
        reader.skip_blank_and_comments()?;
        if reader.pos >= source.len() {
            break;
        }
        methods.push(reader.method()?);
    }
    Ok(TonelFile {
        definition,
        methods,
    })
}

fn class_definition(
    map: &[(String, StonValue)],
    comment: Option<String>,
    is_trait: bool,
) -> ClassDefinition {
    let list = |key| ston::strings_of(map, key);
    let category = ston::string_of(map, "category").unwrap_or_else(|| {
        let package = ston::string_of(map, "package").unwrap_or_default();
        match ston::string_of(map, "tag") {
            Some(tag) => format!("{package}-{tag}"),
            None => package,
        }
    });
    let class_type = match ston::string_of(map, "type").as_deref() {
        Some("variable") => ClassType::Variable,
        Some("bytes") => ClassType::Bytes,
        Some("words") => ClassType::Words,
        Some("weak") => ClassType::Weak,
        Some("ephemeron") => ClassType::Ephemeron,
        Some("immediate") => ClassType::Immediate,
        Some("compiledMethod") => ClassType::CompiledMethod,
        _ => ClassType::Normal,
    };
    ClassDefinition {
        name: ston::string_of(map, "name").unwrap_or_default(),
        superclass: ston::string_of(map, "superclass").filter(|s| s != "nil"),
        instance_variables: list("instVars"),
        class_variables: list("classVars"),
        class_instance_variables: list("classInstVars"),
        pools: list("pools"),
        class_type,
        category,
        comment,
        is_trait,
    }
}

/// Cursor over a Tonel file.
struct Reader<'a> {
    source: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, offset: usize, message: &str) -> CompileError {
        CompileError::at(self.source, offset, message)
    }

    fn rest(&self) -> &'a str {
        &self.source[self.pos..]
    }

    fn skip_blank(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn skip_blank_and_comments(&mut self) -> Result<(), CompileError> {
        loop {
            self.skip_blank();
            if !self.rest().starts_with('"') {
                return Ok(());
            }
            self.comment()?;
        }
    }

    /// `"text"` with `""` for a quote; `None` if no comment starts here.
    fn comment(&mut self) -> Result<Option<String>, CompileError> {
        if !self.rest().starts_with('"') {
            return Ok(None);
        }
        let start = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            let Some(end) = self.rest().find('"') else {
                return Err(self.error(start, "Unterminated comment"));
            };
            text.push_str(&self.rest()[..end]);
            self.pos += end + 1;
            if self.rest().starts_with('"') {
                text.push('"');
                self.pos += 1;
            } else {
                return Ok(Some(text));
            }
        }
    }

    fn word(&mut self) -> String {
        let rest = self.rest();
        let length = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.pos += length;
        rest[..length].to_string()
    }

    /// A `{ ... }` STON map at the cursor.
    fn ston_map(&mut self) -> Result<Vec<(String, StonValue)>, CompileError> {
        let start = self.pos;
        if !self.rest().starts_with('{') {
            return Err(self.error(start, "{ expected"));
        }
        let end = ston::matching_brace(self.source, start)
            .ok_or_else(|| self.error(start, "Unmatched {"))?;
        self.pos = end + 1;
        ston::parse_map(&self.source[start..=end])
            .map_err(|(offset, message)| self.error(start + offset, &message))
    }

    fn method(&mut self) -> Result<TonelMethod, CompileError> {
        let mut category = String::new();
        if self.rest().starts_with('{') {
            let map = self.ston_map()?;
            category = ston::string_of(&map, "category").unwrap_or_default();
            self.skip_blank_and_comments()?;
        }
        let header_start = self.pos;
        let line = line_of(self.source, header_start);
        let open = self
            .rest()
            .find('[')
            .map(|i| self.pos + i)
            .ok_or_else(|| self.error(header_start, "[ expected"))?;
        let header = &self.source[header_start..open];
        let (class_side, pattern) = method_header(header)
            .ok_or_else(|| self.error(header_start, "Method header Foo >> selector expected"))?;
        let close = matching_bracket(self.source, open)
            .ok_or_else(|| self.error(open, "Unmatched [ in method body"))?;
        let body = trim_body(&self.source[open + 1..close]);
        let body_start = open + 1 + self.source[open + 1..close].find(body).unwrap_or(0);
        self.pos = close + 1;
        Ok(TonelMethod {
            class_side,
            category,
            source: format!("{pattern}\n{body}"),
            line,
            body_line: line_of(self.source, body_start),
        })
    }
}

/// `Foo >> bar: x` / `Foo class >> bar: x` → (class side, `bar: x`).
fn method_header(header: &str) -> Option<(bool, String)> {
    let (class_part, pattern) = header.split_once(">>")?;
    let words: Vec<&str> = class_part.split_whitespace().collect();
    let class_side = match words.as_slice() {
        [_] => false,
        [_, "class"] => true,
        _ => return None,
    };
    let pattern = pattern.trim();
    let pattern = pattern.strip_prefix('#').unwrap_or(pattern);
    (!pattern.is_empty()).then(|| (class_side, pattern.to_string()))
}

/// The body without the line break after `[` and the blank tail before `]`.
fn trim_body(body: &str) -> &str {
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    body.trim_end()
}

/// 1-based line of byte `offset`.
fn line_of(source: &str, offset: usize) -> usize {
    1 + source[..offset.min(source.len())].matches('\n').count()
}

/// Offset of the `]` closing the `[` at `open`, skipping strings, comments and `$c`.
pub fn matching_bracket(source: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = source[open..].char_indices().map(|(i, c)| (open + i, c));
    while let Some((offset, c)) = chars.next() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset);
                }
            }
            '\'' => skip_until(&mut chars, '\'')?,
            '"' => skip_until(&mut chars, '"')?,
            '$' => {
                chars.next()?;
            }
            _ => {}
        }
    }
    None
}

fn skip_until(chars: &mut impl Iterator<Item = (usize, char)>, end: char) -> Option<()> {
    chars.find(|&(_, c)| c == end).map(|_| ())
}

#[cfg(test)]
mod tests;
