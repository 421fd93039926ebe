//! Compiles every Tonel file under a directory (default `kernel/`) and reports errors
//! and timing: `cargo run --release -p stvm-compiler --example compile_kernel [dir]`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use stvm_compiler::tonel::{read_tonel, TonelDefinition};
use stvm_compiler::{compile_method, ClassScope};

fn tonel_files(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            tonel_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "st") {
            files.push(path);
        }
    }
}

/// Instance variables of `name` and its superclasses, in slot order (class side: none).
fn all_instance_variables(
    classes: &HashMap<String, (Option<String>, Vec<String>)>,
    name: &str,
) -> Vec<String> {
    let mut chain = Vec::new();
    let mut current = Some(name.to_string());
    while let Some(class) = current.take() {
        if chain.len() > 100 {
            break;
        }
        if let Some((superclass, variables)) = classes.get(&class) {
            chain.push(variables.clone());
            current = superclass.clone();
        }
    }
    chain.into_iter().rev().flatten().collect()
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "kernel".to_string());
    let mut files = Vec::new();
    tonel_files(Path::new(&root), &mut files);
    files.sort();
    let sources: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
        .collect();
    let classes: HashMap<String, (Option<String>, Vec<String>)> = sources
        .iter()
        .filter_map(|(_, source)| match read_tonel(source).ok()?.definition {
            TonelDefinition::Class(class) => {
                Some((class.name, (class.superclass, class.instance_variables)))
            }
            _ => None,
        })
        .collect();
    let start = Instant::now();
    let (mut methods, mut lines, mut errors) = (0usize, 0usize, 0usize);
    for (path, source) in &sources {
        let tonel = match read_tonel(source) {
            Ok(tonel) => tonel,
            Err(error) => {
                errors += 1;
                println!("{}: {error}", path.display());
                continue;
            }
        };
        let name = match &tonel.definition {
            TonelDefinition::Class(class) => class.name.clone(),
            TonelDefinition::Extension { name } | TonelDefinition::Package { name } => name.clone(),
        };
        let variables = all_instance_variables(&classes, &name);
        for method in &tonel.methods {
            let instance_variables = if method.class_side {
                Vec::new()
            } else {
                variables.clone()
            };
            let scope = ClassScope {
                class_name: name.clone(),
                is_meta: method.class_side,
                instance_variables,
            };
            methods += 1;
            lines += method.source.lines().count();
            if let Err(error) = compile_method(&method.source, &scope) {
                errors += 1;
                println!(
                    "{} (method at line {}): {error}",
                    path.display(),
                    method.line
                );
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{methods} methods, {lines} lines, {errors} errors in {seconds:.3} s ({:.0} lines/s)",
        lines as f64 / seconds
    );
}
