//! Prints the listing of a method given on the command line (debugging aid).
fn main() {
    let source = std::env::args().nth(1).unwrap_or_default();
    let scope = stvm_compiler::ClassScope {
        class_name: "Foo".into(),
        is_meta: false,
        instance_variables: vec!["a".into(), "b".into()],
    };
    match stvm_compiler::compile_method(&source, &scope) {
        Ok(code) => print!("{}", stvm_compiler::listing::listing(&code)),
        Err(error) => println!("{error}"),
    }
}
