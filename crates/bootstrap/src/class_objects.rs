//! Making the class and metaclass objects of a planned hierarchy in the heap:
//! allocation and class-table entry first (so every class index is known
//! before any instance exists), then filling their slots (see `class_layout`).
//!
//! Class-table indices: the compact classes the VM instantiates by index sit
//! at their fixed indices ([`COMPACT_CLASSES`]); every other class and every
//! metaclass is entered from 1024 upward, in plan order (metaclass, then class).
use std::collections::HashMap;

use stvm_heap::Heap;
use stvm_object_model::{class_index, ObjectFormat, Oop};

use crate::class_layout::{class, metaclass};
use crate::class_plan::ClassPlan;
use crate::error::BootstrapError;
use crate::symbols::SymbolTable;
use crate::{dictionary, objects};

/// Classes the VM knows by class index.
pub const COMPACT_CLASSES: [(&str, u32); 14] = [
    ("SmallInteger", class_index::SMALL_INTEGER),
    ("Character", class_index::CHARACTER),
    ("SmallFloat64", class_index::SMALL_FLOAT),
    ("LargeNegativeInteger", class_index::LARGE_NEGATIVE_INTEGER),
    ("LargePositiveInteger", class_index::LARGE_POSITIVE_INTEGER),
    ("BoxedFloat64", class_index::BOXED_FLOAT),
    ("Message", class_index::MESSAGE),
    ("Context", class_index::CONTEXT),
    ("BlockClosure", class_index::BLOCK_CLOSURE),
    ("FullBlockClosure", class_index::FULL_BLOCK_CLOSURE),
    ("ByteArray", class_index::BYTE_ARRAY),
    ("Array", class_index::ARRAY),
    ("ByteString", class_index::BYTE_STRING),
    ("Bitmap", class_index::BITMAP),
];

/// A class and its metaclass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassPair {
    /// The class.
    pub class: Oop,
    /// Its metaclass.
    pub metaclass: Oop,
}

/// Every kernel class by name.
pub type ClassMap = HashMap<String, ClassPair>;

/// The compact class index of `name`, if it has one.
pub fn compact_class_index(name: &str) -> Option<u32> {
    COMPACT_CLASSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, index)| *index)
}

/// Allocates and enters every class and metaclass; fixes the classes of nil,
/// false and true. Slots stay nil until [`fill_classes`].
pub fn allocate_classes(heap: &mut Heap, plans: &[ClassPlan]) -> Result<ClassMap, BootstrapError> {
    let metaclass_size = plans
        .iter()
        .find(|p| p.name() == "Metaclass")
        .map(|p| p.all_inst_vars.len())
        .ok_or(BootstrapError::MissingKernelClass("Metaclass"))?;
    let mut classes = ClassMap::new();
    for plan in plans {
        let meta = heap.allocate_old(0, ObjectFormat::FIXED, metaclass_size)?;
        let meta_index = heap.ensure_class_index(meta)?;
        let class_oop =
            heap.allocate_old(meta_index, ObjectFormat::FIXED, plan.class_object_size)?;
        match compact_class_index(plan.name()) {
            Some(index) => heap.set_class_at_index(index, class_oop)?,
            None => {
                heap.ensure_class_index(class_oop)?;
            }
        }
        // Formats first, so instances (symbols, dictionaries) can be made
        // before the classes are filled.
        let format = Oop::small_integer_unchecked(plan.format_word());
        heap.store_pointer(class_oop, class::FORMAT, format);
        let format = Oop::small_integer_unchecked(plan.metaclass_format_word());
        heap.store_pointer(meta, class::FORMAT, format);
        let pair = ClassPair {
            class: class_oop,
            metaclass: meta,
        };
        classes.insert(plan.name().to_string(), pair);
    }
    let metaclass_class = class_named(&classes, "Metaclass")?;
    let metaclass_index = heap.ensure_class_index(metaclass_class)?;
    for pair in classes.values() {
        heap.set_class_index_of(pair.metaclass, metaclass_index);
    }
    for (object, name) in [
        (heap.nil(), "UndefinedObject"),
        (heap.false_object(), "False"),
        (heap.true_object(), "True"),
    ] {
        let index = heap.ensure_class_index(class_named(&classes, name)?)?;
        heap.set_class_index_of(object, index);
    }
    Ok(classes)
}

/// The class named `name` (a kernel class the bootstrap needs).
pub fn class_named(classes: &ClassMap, name: &'static str) -> Result<Oop, BootstrapError> {
    classes
        .get(name)
        .map(|pair| pair.class)
        .ok_or(BootstrapError::MissingKernelClass(name))
}

/// What filling a class needs besides its plan.
pub struct FillContext<'a> {
    /// All classes.
    pub classes: &'a ClassMap,
    /// Symbol table.
    pub symbols: SymbolTable,
    /// The `Smalltalk` SystemDictionary (every class's environment).
    pub smalltalk: Oop,
    /// Number of methods each side of each class will get (sizes method dictionaries).
    pub method_counts: &'a HashMap<(String, bool), usize>,
}

/// Fills every class and metaclass and declares each class in `Smalltalk`.
pub fn fill_classes(
    heap: &mut Heap,
    plans: &[ClassPlan],
    context: &FillContext<'_>,
) -> Result<(), BootstrapError> {
    let subclasses = subclass_lists(plans);
    for plan in plans {
        let pair = context.classes[plan.name()];
        fill_class(heap, plan, pair, &subclasses, context)?;
        fill_metaclass(heap, plan, pair, context)?;
        let name = context.symbols.intern(heap, plan.name().as_bytes())?;
        declare(heap, context, context.smalltalk, name, pair.class)?;
    }
    Ok(())
}

fn subclass_lists(plans: &[ClassPlan]) -> HashMap<&str, Vec<&str>> {
    let mut lists: HashMap<&str, Vec<&str>> = HashMap::new();
    for plan in plans {
        if let Some(superclass) = &plan.definition.superclass {
            lists
                .entry(superclass.as_str())
                .or_default()
                .push(plan.name());
        }
    }
    lists
}

fn fill_class(
    heap: &mut Heap,
    plan: &ClassPlan,
    pair: ClassPair,
    subclasses: &HashMap<&str, Vec<&str>>,
    context: &FillContext<'_>,
) -> Result<(), BootstrapError> {
    let definition = &plan.definition;
    let superclass = match &definition.superclass {
        Some(name) => context.classes[name.as_str()].class,
        None => heap.nil(),
    };
    let count = context.method_counts.get(&(plan.name().to_string(), false));
    fill_behavior(
        heap,
        pair.class,
        superclass,
        plan.format_word(),
        count,
        context,
    )?;
    let inst_vars = symbol_array(heap, context.symbols, &definition.inst_vars)?;
    heap.store_pointer(pair.class, class::INSTANCE_VARIABLES, inst_vars);
    let subs: Vec<Oop> = subclasses
        .get(plan.name())
        .map(|names| names.iter().map(|n| context.classes[*n].class).collect())
        .unwrap_or_default();
    let subs = objects::new_array_with(heap, &subs)?;
    heap.store_pointer(pair.class, class::SUBCLASSES, subs);
    let name = context.symbols.intern(heap, plan.name().as_bytes())?;
    heap.store_pointer(pair.class, class::NAME, name);
    let pool = class_pool(heap, context, &definition.class_vars)?;
    heap.store_pointer(pair.class, class::CLASS_POOL, pool);
    let pools: Vec<Oop> = definition
        .pools
        .iter()
        .filter_map(|p| context.classes.get(p.as_str()).map(|pair| pair.class))
        .collect();
    let pools = objects::new_array_with(heap, &pools)?;
    heap.store_pointer(pair.class, class::SHARED_POOLS, pools);
    heap.store_pointer(pair.class, class::ENVIRONMENT, context.smalltalk);
    let category = context
        .symbols
        .intern(heap, definition.category.as_bytes())?;
    heap.store_pointer(pair.class, class::CATEGORY, category);
    Ok(())
}

fn fill_metaclass(
    heap: &mut Heap,
    plan: &ClassPlan,
    pair: ClassPair,
    context: &FillContext<'_>,
) -> Result<(), BootstrapError> {
    let superclass = match &plan.definition.superclass {
        Some(name) => context.classes[name.as_str()].metaclass,
        None => class_named(context.classes, "Class")?,
    };
    let count = context.method_counts.get(&(plan.name().to_string(), true));
    let format = plan.metaclass_format_word();
    fill_behavior(heap, pair.metaclass, superclass, format, count, context)?;
    let inst_vars = symbol_array(heap, context.symbols, &plan.definition.class_inst_vars)?;
    heap.store_pointer(pair.metaclass, class::INSTANCE_VARIABLES, inst_vars);
    heap.store_pointer(pair.metaclass, metaclass::THIS_CLASS, pair.class);
    Ok(())
}

fn fill_behavior(
    heap: &mut Heap,
    behavior: Oop,
    superclass: Oop,
    format_word: i64,
    method_count: Option<&usize>,
    context: &FillContext<'_>,
) -> Result<(), BootstrapError> {
    let dictionary_class = class_named(context.classes, "MethodDictionary")?;
    let capacity = method_count.map_or(0, |n| n * 4 / 3 + 1);
    let methods =
        crate::method_dictionary::new_method_dictionary(heap, dictionary_class, capacity)?;
    heap.store_pointer(behavior, class::SUPERCLASS, superclass);
    heap.store_pointer(behavior, class::METHOD_DICTIONARY, methods);
    heap.store_pointer(
        behavior,
        class::FORMAT,
        Oop::small_integer_unchecked(format_word),
    );
    Ok(())
}

fn symbol_array(
    heap: &mut Heap,
    symbols: SymbolTable,
    names: &[String],
) -> Result<Oop, BootstrapError> {
    let mut oops = Vec::with_capacity(names.len());
    for name in names {
        oops.push(symbols.intern(heap, name.as_bytes())?);
    }
    Ok(objects::new_array_with(heap, &oops)?)
}

fn class_pool(
    heap: &mut Heap,
    context: &FillContext<'_>,
    names: &[String],
) -> Result<Oop, BootstrapError> {
    let pool = new_dictionary(heap, context.classes, "Dictionary", names.len() * 2)?;
    for name in names {
        let key = context.symbols.intern(heap, name.as_bytes())?;
        let nil = heap.nil();
        declare(heap, context, pool, key, nil)?;
    }
    Ok(pool)
}

/// A new, empty instance of the HashedCollection subclass `class_name`.
pub fn new_dictionary(
    heap: &mut Heap,
    classes: &ClassMap,
    class_name: &'static str,
    capacity: usize,
) -> Result<Oop, BootstrapError> {
    let class_oop = class_named(classes, class_name)?;
    let dictionary = objects::instantiate(heap, class_oop, 0)?;
    dictionary::initialize(heap, dictionary, capacity.max(8).next_power_of_two())?;
    Ok(dictionary)
}

/// Adds `key -> value` (a new Association) to `dictionary`; answers the binding.
pub fn declare(
    heap: &mut Heap,
    context: &FillContext<'_>,
    dictionary: Oop,
    key: Oop,
    value: Oop,
) -> Result<Oop, BootstrapError> {
    let association_class = class_named(context.classes, "Association")?;
    new_binding(heap, association_class, dictionary, key, value)
}

/// Adds a new `key -> value` instance of `association_class` to `dictionary`.
pub fn new_binding(
    heap: &mut Heap,
    association_class: Oop,
    dictionary: Oop,
    key: Oop,
    value: Oop,
) -> Result<Oop, BootstrapError> {
    let binding = objects::instantiate(heap, association_class, 0)?;
    heap.store_pointer(binding, stvm_object_model::layout::association::KEY, key);
    heap.store_pointer(
        binding,
        stvm_object_model::layout::association::VALUE,
        value,
    );
    dictionary::add(heap, dictionary, binding)?;
    Ok(binding)
}
