//! The bootstrap proper: kernel Tonel files → a fresh image in a `Heap`.
//!
//! Order: read every file; plan the hierarchy; allocate and enter all classes
//! (so every class index is known); make the symbol table and `Smalltalk`;
//! fill classes and declare them; make the well-known globals (`Smalltalk`,
//! `Undeclared`, `Processor`, `Transcript`, `MethodSources`) and the special
//! objects array; then compile and install every method. Nothing is run:
//! the kernel must not depend on class-side `initialize` having run.
use std::collections::HashMap;

use stvm_heap::{Heap, HeapConfig};
use stvm_object_model::{layout, Oop};

use crate::class_layout::{class, ordered_collection as oc};
use crate::class_objects::{
    allocate_classes, class_named, declare, fill_classes, new_dictionary, ClassMap, FillContext,
};
use crate::class_plan::plan_classes;
use crate::compile::compile_error;
use crate::definition::DefinitionKind;
use crate::error::BootstrapError;
use crate::installer::{Installer, InstallerClasses};
use crate::special_objects::{
    build_scheduler, build_special_objects, Scheduler, SpecialObjectsInputs,
};
use crate::symbols::{new_symbol_table, SymbolTable};
use crate::tonel::{read_tonel, TonelFile};
use crate::{dictionary, objects, KernelSource};

/// A freshly built image and handy oops into it.
pub struct BootstrappedImage {
    /// The heap holding the image (special objects array installed).
    pub heap: Heap,
    /// The `Smalltalk` SystemDictionary.
    pub smalltalk: Oop,
    /// The special objects array.
    pub special_objects: Oop,
    /// The symbol table.
    pub symbols: SymbolTable,
    /// The `Undeclared` dictionary.
    pub undeclared: Oop,
    /// The `MethodSources` OrderedCollection (method source strings).
    pub method_sources: Oop,
    /// The ProcessorScheduler.
    pub processor: Oop,
    /// The active main process.
    pub main_process: Oop,
    /// Every kernel class and metaclass by name.
    pub classes: ClassMap,
    /// The installer for this image (valid until a GC moves old objects).
    pub installer: Installer,
    /// Number of methods installed.
    pub method_count: usize,
}

/// Builds a fresh image from kernel sources.
pub fn bootstrap(
    sources: &[KernelSource],
    config: HeapConfig,
) -> Result<BootstrappedImage, BootstrapError> {
    let files = read_files(sources)?;
    let definitions = files
        .iter()
        .filter(|(_, file)| file.definition.kind == DefinitionKind::Class)
        .map(|(path, file)| (path.clone(), file.definition.clone()))
        .collect();
    let plans = plan_classes(definitions)?;
    let mut heap = Heap::new(config)?;
    let classes = allocate_classes(&mut heap, &plans)?;
    let byte_symbol = heap.ensure_class_index(class_named(&classes, "ByteSymbol")?)?;
    let symbol_set = class_named(&classes, "SymbolSet")?;
    let symbols = new_symbol_table(&mut heap, symbol_set, byte_symbol, 8192)?;
    let smalltalk = new_dictionary(&mut heap, &classes, "SystemDictionary", 1024)?;
    let method_counts = count_methods(&files);
    let context = FillContext {
        classes: &classes,
        symbols,
        smalltalk,
        method_counts: &method_counts,
    };
    fill_classes(&mut heap, &plans, &context)?;
    let globals = declare_globals(&mut heap, &context)?;
    let inputs = SpecialObjectsInputs {
        processor_binding: globals.processor_binding,
        smalltalk,
    };
    let special_objects = build_special_objects(&mut heap, &classes, symbols, &inputs)?;
    let installer = Installer {
        symbols,
        smalltalk,
        undeclared: globals.undeclared,
        method_sources: Some(globals.method_sources),
        classes: installer_classes(&classes)?,
    };
    let method_count = install_methods(&mut heap, &installer, &classes, &files)?;
    Ok(BootstrappedImage {
        heap,
        smalltalk,
        special_objects,
        symbols,
        undeclared: globals.undeclared,
        method_sources: globals.method_sources,
        processor: globals.scheduler.processor,
        main_process: globals.scheduler.main_process,
        classes,
        installer,
        method_count,
    })
}

fn read_files(sources: &[KernelSource]) -> Result<Vec<(String, TonelFile)>, BootstrapError> {
    sources
        .iter()
        .filter(|source| source.is_class_file())
        .map(|source| {
            read_tonel(&source.text)
                .map(|file| (source.path.clone(), file))
                .map_err(|(line, message)| BootstrapError::Definition {
                    path: source.path.clone(),
                    message: format!("line {line}: {message}"),
                })
        })
        .collect()
}

fn count_methods(files: &[(String, TonelFile)]) -> HashMap<(String, bool), usize> {
    let mut counts = HashMap::new();
    for (_, file) in files {
        for method in &file.methods {
            *counts
                .entry((method.class_name.clone(), method.class_side))
                .or_insert(0) += 1;
        }
    }
    counts
}

struct Globals {
    undeclared: Oop,
    method_sources: Oop,
    processor_binding: Oop,
    scheduler: Scheduler,
}

fn declare_globals(heap: &mut Heap, context: &FillContext<'_>) -> Result<Globals, BootstrapError> {
    let classes = context.classes;
    let global = |heap: &mut Heap, name: &str, value: Oop| -> Result<Oop, BootstrapError> {
        let key = context.symbols.intern(heap, name.as_bytes())?;
        declare(heap, context, context.smalltalk, key, value)
    };
    global(heap, "Smalltalk", context.smalltalk)?;
    let undeclared = new_dictionary(heap, classes, "Dictionary", 32)?;
    global(heap, "Undeclared", undeclared)?;
    let main_name = objects::new_string(heap, "Main")?;
    let scheduler = build_scheduler(heap, classes, main_name)?;
    let processor_binding = global(heap, "Processor", scheduler.processor)?;
    let method_sources = new_method_sources(heap, classes)?;
    global(heap, "MethodSources", method_sources)?;
    if let Some(pair) = classes.get("TranscriptStream") {
        let transcript = objects::instantiate(heap, pair.class, 0)?;
        global(heap, "Transcript", transcript)?;
    }
    let symbol_class = class_named(classes, "Symbol")?;
    set_class_variable(heap, symbol_class, b"SymbolTable", context.symbols.set)?;
    Ok(Globals {
        undeclared,
        method_sources,
        processor_binding,
        scheduler,
    })
}

fn new_method_sources(heap: &mut Heap, classes: &ClassMap) -> Result<Oop, BootstrapError> {
    let sources = objects::instantiate(heap, class_named(classes, "OrderedCollection")?, 0)?;
    let array = objects::new_array(heap, 4096)?;
    heap.store_pointer(sources, oc::ARRAY, array);
    heap.store_pointer(sources, oc::FIRST_INDEX, Oop::small_integer_unchecked(1));
    heap.store_pointer(sources, oc::LAST_INDEX, Oop::small_integer_unchecked(0));
    Ok(sources)
}

fn set_class_variable(
    heap: &mut Heap,
    class_oop: Oop,
    name: &[u8],
    value: Oop,
) -> Result<(), BootstrapError> {
    let pool = heap.fetch_pointer(class_oop, class::CLASS_POOL);
    let binding = dictionary::find_named(heap, pool, name).ok_or_else(|| {
        BootstrapError::MalformedImage(format!(
            "missing class variable {}",
            String::from_utf8_lossy(name)
        ))
    })?;
    heap.store_pointer(binding, layout::association::VALUE, value);
    Ok(())
}

fn installer_classes(classes: &ClassMap) -> Result<InstallerClasses, BootstrapError> {
    Ok(InstallerClasses {
        association: class_named(classes, "Association")?,
        compiled_method: class_named(classes, "CompiledMethod")?,
        compiled_block: class_named(classes, "CompiledBlock")?,
        additional_method_state: class_named(classes, "AdditionalMethodState")?,
        pragma: class_named(classes, "Pragma")?,
        metaclass: class_named(classes, "Metaclass")?,
        scaled_decimal: classes.get("ScaledDecimal").map(|pair| pair.class),
        wide_string: classes.get("WideString").map(|pair| pair.class),
    })
}

fn install_methods(
    heap: &mut Heap,
    installer: &Installer,
    classes: &ClassMap,
    files: &[(String, TonelFile)],
) -> Result<usize, BootstrapError> {
    let mut scopes = HashMap::new();
    let mut count = 0;
    for (path, file) in files {
        for method in &file.methods {
            let pair = classes
                .get(&method.class_name)
                .ok_or_else(|| BootstrapError::UnknownClass(method.class_name.clone()))?;
            let behavior = if method.class_side {
                pair.metaclass
            } else {
                pair.class
            };
            let scope = scopes
                .entry(behavior)
                .or_insert_with(|| installer.class_scope(heap, behavior));
            let code = stvm_compiler::compile_method(&method.source, scope)
                .map_err(|e| compile_error(path, e, method.line, method.column))?;
            installer.install_method(heap, behavior, &code)?;
            count += 1;
        }
    }
    Ok(count)
}
