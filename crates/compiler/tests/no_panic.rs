//! No input makes the compiler panic: 50 000 deterministic pseudo-random mutations of a
//! valid corpus (the golden sources) go through every entry point.

use std::fs;
use std::path::PathBuf;

use stvm_compiler::chunk::read_chunks;
use stvm_compiler::tonel::read_tonel;
use stvm_compiler::{compile_doit, compile_method, parse_expression, ClassScope};

/// xorshift64*: small, deterministic, good enough to spread mutations.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ".",
    ";",
    "^",
    ":=",
    ":",
    "|",
    "||",
    "#(",
    "#[",
    "#",
    "$",
    "'",
    "\"",
    "!",
    "<",
    ">",
    "-",
    "16r",
    "2r1",
    "1e",
    "1.5e-",
    "s2",
    " ",
    "\n",
    "x",
    "self",
    "super",
    "thisContext",
    "nil",
    "ifTrue:",
    "ifFalse:",
    "whileTrue:",
    "to:",
    "do:",
    "by:",
    "timesRepeat:",
    "ifNil:",
    "ifNotNil:",
    "and:",
    "or:",
    "repeat",
    "[:a | ",
    "| t |",
    "<primitive: 60>",
    "<primitive: 60 error: ec>",
    "<primitive: 'p' module: 'm'>",
    "a",
    "b",
    "Foo",
    "0",
    "1",
    "-1",
    "999999999999999999999",
    "3.14",
    "#foo:bar:",
    "#+",
    "value",
    "super foo",
    "é",
    "\u{1F600}",
];

fn corpus() -> Vec<String> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut sources: Vec<String> = fs::read_dir(directory)
        .expect("golden directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "st"))
        .filter_map(|path| fs::read_to_string(path).ok())
        .collect();
    sources.sort();
    sources.push("Class { #name : #Foo }\n\nFoo >> bar [ ^ 1 ]\n".to_string());
    sources.push("!Foo methodsFor: 'x'!\nbar ^ 1! !\n3 + 4!".to_string());
    sources
}

fn mutate(source: &str, random: &mut Random) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..1 + random.below(4) {
        let at = random.below(chars.len() + 1);
        match random.below(6) {
            0 if !chars.is_empty() => {
                let end = (at + 1 + random.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let piece = PIECES[random.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            2 if !chars.is_empty() => {
                let start = random.below(chars.len());
                let end = (start + 1 + random.below(20)).min(chars.len());
                let copy: Vec<char> = chars[start..end].to_vec();
                chars.splice(at..at, copy);
            }
            3 => chars.truncate(at),
            4 => chars.insert(at, char::from_u32(random.below(0x80) as u32).unwrap_or('?')),
            _ => {
                let piece = PIECES[random.below(PIECES.len())].repeat(1 + random.below(40));
                chars.splice(at..at, piece.chars());
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn fifty_thousand_mutated_sources_never_panic() {
    let corpus = corpus();
    let scope = ClassScope {
        class_name: "Foo".into(),
        is_meta: false,
        instance_variables: vec!["a".into(), "b".into()],
    };
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut compiled = 0usize;
    for _ in 0..50_000 {
        let base = &corpus[random.below(corpus.len())];
        let source = mutate(base, &mut random);
        compiled += usize::from(compile_method(&source, &scope).is_ok());
        let _ = compile_doit(&source, &scope);
        let _ = parse_expression(&source);
        let _ = read_tonel(&source);
        let _ = read_chunks(&source);
    }
    assert!(
        compiled > 1_000,
        "mutations should still compile sometimes ({compiled})"
    );
}
