//! The 32 special selectors (special object 23; reference §8.3): index ↔ selector and
//! argument count. Index 24 is `~~` as in Pharo (OSVM executes it as `~~` regardless).

/// Special selectors in index order, with their argument counts.
pub const SPECIAL_SELECTORS: [(&str, u8); 32] = [
    ("+", 1),
    ("-", 1),
    ("<", 1),
    (">", 1),
    ("<=", 1),
    (">=", 1),
    ("=", 1),
    ("~=", 1),
    ("*", 1),
    ("/", 1),
    ("\\\\", 1),
    ("@", 1),
    ("bitShift:", 1),
    ("//", 1),
    ("bitAnd:", 1),
    ("bitOr:", 1),
    ("at:", 1),
    ("at:put:", 2),
    ("size", 0),
    ("next", 0),
    ("nextPut:", 1),
    ("atEnd", 0),
    ("==", 1),
    ("class", 0),
    ("~~", 1),
    ("value", 0),
    ("value:", 1),
    ("do:", 1),
    ("new", 0),
    ("new:", 1),
    ("x", 0),
    ("y", 0),
];

/// Number of special selectors.
pub const COUNT: u8 = 32;

/// Selector at `index`.
pub fn selector(index: u8) -> Option<&'static str> {
    SPECIAL_SELECTORS
        .get(usize::from(index))
        .map(|(name, _)| *name)
}

/// Argument count of the selector at `index`.
pub fn num_args(index: u8) -> Option<u8> {
    SPECIAL_SELECTORS
        .get(usize::from(index))
        .map(|(_, args)| *args)
}

/// Index of `selector` in the table.
pub fn index_of(selector: &str) -> Option<u8> {
    SPECIAL_SELECTORS
        .iter()
        .position(|(name, _)| *name == selector)
        .and_then(|i| u8::try_from(i).ok())
}

#[cfg(test)]
mod tests;
