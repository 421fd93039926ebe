//! Tonel class definitions: the STON map at the head of a `.class.st` or
//! `.extension.st` file (`Class { #name : #Point, #superclass : #Object,
//! #instVars : [ 'x', 'y' ], #category : #Kernel }`), read into a
//! [`ClassDefinition`]. Only the STON subset Tonel uses is accepted: symbols,
//! strings, arrays of those, and bare words (`nil`, numbers).

/// Whether a file defines a class or extends one defined elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionKind {
    /// `Class { ... }`.
    Class,
    /// `Extension { #name : #Foo }`.
    Extension,
}

/// The `#type` of a Tonel class: what its instances look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    /// No `#type`: same kind as the superclass (fixed for Object's subclasses).
    Inherited,
    /// Named pointer fields only.
    Fixed,
    /// `#variable`: indexable pointers.
    Variable,
    /// `#bytes`.
    Bytes,
    /// `#words` (32-bit).
    Words,
    /// `#doubleBytes` (16-bit).
    DoubleBytes,
    /// `#doubleWords` (64-bit).
    DoubleWords,
    /// `#weak`.
    Weak,
    /// `#ephemeron`.
    Ephemeron,
    /// `#compiledMethod`.
    CompiledMethod,
    /// `#immediate` (SmallInteger, Character, SmallFloat64).
    Immediate,
}

impl LayoutKind {
    fn from_type_name(name: &str) -> Option<LayoutKind> {
        Some(match name {
            "normal" | "fixed" => LayoutKind::Fixed,
            "variable" => LayoutKind::Variable,
            "bytes" => LayoutKind::Bytes,
            "words" => LayoutKind::Words,
            "doubleBytes" => LayoutKind::DoubleBytes,
            "doubleWords" => LayoutKind::DoubleWords,
            "weak" => LayoutKind::Weak,
            "ephemeron" => LayoutKind::Ephemeron,
            "compiledMethod" => LayoutKind::CompiledMethod,
            "immediate" => LayoutKind::Immediate,
            _ => return None,
        })
    }

    /// The Spur instance format (class-side base value) for `inst_size` named fields.
    pub fn instance_format(self, inst_size: usize) -> u8 {
        match self {
            LayoutKind::Inherited | LayoutKind::Fixed => u8::from(inst_size > 0),
            LayoutKind::Variable if inst_size > 0 => 3,
            LayoutKind::Variable => 2,
            LayoutKind::Weak => 4,
            LayoutKind::Ephemeron => 5,
            LayoutKind::Immediate => 7,
            LayoutKind::DoubleWords => 9,
            LayoutKind::Words => 10,
            LayoutKind::DoubleBytes => 12,
            LayoutKind::Bytes => 16,
            LayoutKind::CompiledMethod => 24,
        }
    }

    /// The kind a subclass gets when it states no `#type` (Pharo inherits the layout).
    pub fn for_subclass(self) -> LayoutKind {
        match self {
            LayoutKind::Inherited => LayoutKind::Fixed,
            other => other,
        }
    }
}

/// A class definition (or extension header) read from a Tonel file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassDefinition {
    /// Class or extension.
    pub kind: DefinitionKind,
    /// Class name.
    pub name: String,
    /// Superclass name; `None` for `#nil` (ProtoObject) and for extensions.
    pub superclass: Option<String>,
    /// Instance variables this class adds.
    pub inst_vars: Vec<String>,
    /// Class variables.
    pub class_vars: Vec<String>,
    /// Class-side instance variables this class adds.
    pub class_inst_vars: Vec<String>,
    /// Shared pool names.
    pub pools: Vec<String>,
    /// `#type`.
    pub layout: LayoutKind,
    /// `#category` or `#package`.
    pub category: String,
}

/// A STON value of the subset Tonel definitions use.
#[derive(Debug, Clone, PartialEq, Eq)]
enum StonValue {
    Symbol(String),
    String(String),
    Array(Vec<StonValue>),
    Word(String),
}

impl StonValue {
    fn as_name(&self) -> Option<&str> {
        match self {
            StonValue::Symbol(s) | StonValue::String(s) | StonValue::Word(s) => Some(s),
            StonValue::Array(_) => None,
        }
    }
}

/// Reads the definition at the start of `text` (after an optional `"comment"`).
/// Answers the definition and the byte offset just after its closing `}`.
pub fn parse_definition(text: &str) -> Result<(ClassDefinition, usize), String> {
    let mut reader = StonReader { text, pos: 0 };
    reader.skip_space_and_comments();
    let word = reader.word();
    let kind = match word.as_str() {
        "Class" => DefinitionKind::Class,
        "Extension" => DefinitionKind::Extension,
        "Trait" => return Err("traits are not supported".into()),
        other => return Err(format!("expected Class or Extension, found {other:?}")),
    };
    let entries = reader.map()?;
    let definition = definition_from_entries(kind, &entries)?;
    Ok((definition, reader.pos))
}

fn definition_from_entries(
    kind: DefinitionKind,
    entries: &[(String, StonValue)],
) -> Result<ClassDefinition, String> {
    let find = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let name = find("name")
        .and_then(StonValue::as_name)
        .ok_or("definition has no #name")?
        .to_string();
    let superclass = find("superclass")
        .and_then(StonValue::as_name)
        .filter(|s| *s != "nil")
        .map(str::to_string);
    if kind == DefinitionKind::Class && superclass.is_none() && name != "ProtoObject" {
        return Err(format!("class {name} has no #superclass"));
    }
    let layout = match find("type").and_then(StonValue::as_name) {
        None => LayoutKind::Inherited,
        Some(t) => LayoutKind::from_type_name(t).ok_or(format!("unknown #type {t}"))?,
    };
    let category = find("category")
        .or(find("package"))
        .and_then(StonValue::as_name)
        .unwrap_or("Unclassified")
        .to_string();
    Ok(ClassDefinition {
        kind,
        name,
        superclass,
        inst_vars: names(find("instVars"))?,
        class_vars: names(find("classVars"))?,
        class_inst_vars: names(find("classInstVars"))?,
        pools: names(find("pools"))?,
        layout,
        category,
    })
}

fn names(value: Option<&StonValue>) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(StonValue::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_name()
                    .map(str::to_string)
                    .ok_or_else(|| "nested array in a name list".to_string())
            })
            .collect(),
        Some(_) => Err("expected an array of names".into()),
    }
}

struct StonReader<'a> {
    text: &'a str,
    pos: usize,
}

impl StonReader<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_space_and_comments(&mut self) {
        loop {
            while self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            }
            if self.peek() != Some('"') {
                return;
            }
            self.bump();
            while let Some(c) = self.bump() {
                if c == '"' {
                    if self.peek() == Some('"') {
                        self.bump();
                    } else {
                        break;
                    }
                }
            }
        }
    }

    fn expect(&mut self, wanted: char) -> Result<(), String> {
        self.skip_space_and_comments();
        match self.bump() {
            Some(c) if c == wanted => Ok(()),
            Some(c) => Err(format!("expected {wanted:?}, found {c:?}")),
            None => Err(format!("expected {wanted:?}, found the end")),
        }
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':')
        {
            self.bump();
        }
        self.text[start..self.pos].to_string()
    }

    fn map(&mut self) -> Result<Vec<(String, StonValue)>, String> {
        self.expect('{')?;
        let mut entries = Vec::new();
        loop {
            self.skip_space_and_comments();
            if self.peek() == Some('}') {
                self.bump();
                return Ok(entries);
            }
            let key = match self.value()? {
                StonValue::Symbol(k) | StonValue::String(k) | StonValue::Word(k) => k,
                StonValue::Array(_) => return Err("an array cannot be a key".into()),
            };
            self.expect(':')?;
            let value = self.value()?;
            entries.push((key, value));
            self.skip_space_and_comments();
            if self.peek() == Some(',') {
                self.bump();
            }
        }
    }

    fn value(&mut self) -> Result<StonValue, String> {
        self.skip_space_and_comments();
        match self.peek() {
            Some('#') => {
                self.bump();
                if self.peek() == Some('\'') {
                    Ok(StonValue::Symbol(self.quoted()?))
                } else {
                    Ok(StonValue::Symbol(self.word()))
                }
            }
            Some('\'') => Ok(StonValue::String(self.quoted()?)),
            Some('[') => self.array(),
            Some(c) if c.is_alphanumeric() || c == '-' => {
                let start = self.pos;
                self.bump();
                let rest = self.word();
                Ok(StonValue::Word(format!(
                    "{}{rest}",
                    &self.text[start..start + 1]
                )))
            }
            Some(c) => Err(format!("unexpected {c:?} in definition")),
            None => Err("definition ends early".into()),
        }
    }

    fn quoted(&mut self) -> Result<String, String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err("unterminated string".into()),
                Some('\'') if self.peek() == Some('\'') => {
                    self.bump();
                    out.push('\'');
                }
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn array(&mut self) -> Result<StonValue, String> {
        self.bump();
        let mut items = Vec::new();
        loop {
            self.skip_space_and_comments();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return Ok(StonValue::Array(items));
                }
                Some(',') => {
                    self.bump();
                }
                _ => items.push(self.value()?),
            }
        }
    }
}

#[cfg(test)]
mod tests;
