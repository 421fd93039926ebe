//! The bytecode crate's independent decoder is the oracle for the encoding: every golden
//! method (and every block in it) decodes completely, and every jump lands on the start
//! of an instruction inside the method.

use std::fs;
use std::path::PathBuf;

use stvm_bytecode::decode_sista;
use stvm_compiler::{compile_doit, compile_method, ClassScope, CompiledCode, Literal};

fn check_code(code: &CompiledCode, problems: &mut Vec<String>, name: &str) {
    let bytes = &code.bytecodes;
    let mut starts = Vec::new();
    let mut jumps = Vec::new();
    let mut pc = 0;
    while pc < bytes.len() {
        match decode_sista(bytes, pc) {
            Ok((instruction, length)) => {
                starts.push(pc);
                if let Some(offset) = instruction.jump_offset() {
                    jumps.push((pc, pc as i64 + length as i64 + i64::from(offset)));
                }
                pc += length;
            }
            Err(error) => {
                problems.push(format!("{name}: undecodable at {pc}: {error:?}"));
                return;
            }
        }
    }
    for (from, target) in jumps {
        if target < 0 || !starts.contains(&(target as usize)) {
            problems.push(format!("{name}: jump at {from} lands at {target}"));
        }
    }
    for literal in &code.literals {
        if let Literal::Block(block) | Literal::CleanBlock(block) = literal {
            check_code(block, problems, name);
        }
    }
}

#[test]
fn every_golden_method_decodes_and_jumps_land_on_instructions() {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let scope = ClassScope {
        class_name: "Foo".into(),
        is_meta: false,
        instance_variables: vec!["a".into(), "b".into()],
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in fs::read_dir(directory).expect("golden directory").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "st") {
            continue;
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let source = fs::read_to_string(&path).expect("readable");
        let compiled = if name.starts_with("doit_") {
            compile_doit(&source, &scope)
        } else {
            compile_method(&source, &scope)
        };
        match compiled {
            Ok(code) => check_code(&code, &mut problems, &name),
            Err(error) => problems.push(format!("{name}: {error}")),
        }
        checked += 1;
    }
    assert_eq!((problems, checked > 60), (Vec::<String>::new(), true));
}
