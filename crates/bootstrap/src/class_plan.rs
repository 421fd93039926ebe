//! Planning the class hierarchy before anything is allocated: ordering the
//! kernel's class definitions superclass-first, resolving each class's layout
//! kind, and computing instance sizes and format words of classes and
//! metaclasses.
use std::collections::HashMap;

use stvm_object_model::layout;

use crate::definition::{ClassDefinition, LayoutKind};
use crate::error::BootstrapError;

/// One class, ready to be built.
#[derive(Debug, Clone)]
pub struct ClassPlan {
    /// The definition as read.
    pub definition: ClassDefinition,
    /// The file that defines it.
    pub path: String,
    /// Layout after inheritance.
    pub layout: LayoutKind,
    /// Named instance variables including inherited ones.
    pub all_inst_vars: Vec<String>,
    /// Named fields of the class object itself (Class's fields plus class-side
    /// instance variables up the chain) = named fields of the metaclass's instances.
    pub class_object_size: usize,
}

impl ClassPlan {
    /// Class name.
    pub fn name(&self) -> &str {
        &self.definition.name
    }

    /// The class's format word `(instSpec << 16) + instSize`.
    pub fn format_word(&self) -> i64 {
        let size = self.all_inst_vars.len();
        layout::class::format_word(self.layout.instance_format(size), size)
    }

    /// The metaclass's format word (metaclass instances are fixed-size classes).
    pub fn metaclass_format_word(&self) -> i64 {
        layout::class::format_word(1, self.class_object_size)
    }
}

/// Orders `definitions` superclass-first (file order among siblings) and
/// computes their layouts and sizes. Fails on duplicate classes, unknown
/// superclasses and cycles.
pub fn plan_classes(
    definitions: Vec<(String, ClassDefinition)>,
) -> Result<Vec<ClassPlan>, BootstrapError> {
    let mut by_name: HashMap<String, (String, ClassDefinition)> = HashMap::new();
    let mut names = Vec::new();
    for (path, definition) in definitions {
        let name = definition.name.clone();
        if by_name.insert(name.clone(), (path, definition)).is_some() {
            return Err(BootstrapError::BadHierarchy(format!(
                "{name} is defined twice"
            )));
        }
        names.push(name);
    }
    let ordered = superclass_first(&by_name, &names)?;
    let class_size = class_fields(&by_name)?;
    let mut plans: Vec<ClassPlan> = Vec::with_capacity(ordered.len());
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for name in ordered {
        let Some((path, definition)) = by_name.remove(&name) else {
            continue;
        };
        let parent = definition
            .superclass
            .as_ref()
            .and_then(|s| index_of.get(s))
            .map(|i| &plans[*i]);
        let plan = plan_one(path, definition, parent, class_size);
        index_of.insert(name, plans.len());
        plans.push(plan);
    }
    Ok(plans)
}

fn plan_one(
    path: String,
    definition: ClassDefinition,
    parent: Option<&ClassPlan>,
    class_size: usize,
) -> ClassPlan {
    let layout = match (definition.layout, parent) {
        (LayoutKind::Inherited, Some(parent)) => parent.layout.for_subclass(),
        (LayoutKind::Inherited, None) => LayoutKind::Fixed,
        (kind, _) => kind,
    };
    let mut all_inst_vars = parent.map_or_else(Vec::new, |p| p.all_inst_vars.clone());
    all_inst_vars.extend(definition.inst_vars.iter().cloned());
    let class_object_size =
        parent.map_or(class_size, |p| p.class_object_size) + definition.class_inst_vars.len();
    ClassPlan {
        definition,
        path,
        layout,
        all_inst_vars,
        class_object_size,
    }
}

/// Named fields of an instance of `Class` (Behavior + ClassDescription + Class).
fn class_fields(
    by_name: &HashMap<String, (String, ClassDefinition)>,
) -> Result<usize, BootstrapError> {
    let mut size = 0;
    let mut current = Some("Class".to_string());
    while let Some(name) = current {
        let (_, definition) = by_name
            .get(&name)
            .ok_or(BootstrapError::MissingKernelClass("Class"))?;
        size += definition.inst_vars.len();
        current = definition.superclass.clone();
    }
    Ok(size)
}

fn superclass_first(
    by_name: &HashMap<String, (String, ClassDefinition)>,
    names: &[String],
) -> Result<Vec<String>, BootstrapError> {
    let mut ordered = Vec::with_capacity(names.len());
    let mut placed: HashMap<&str, bool> = HashMap::new();
    for name in names {
        let mut chain = Vec::new();
        let mut current = Some(name.as_str());
        while let Some(class) = current {
            if placed.contains_key(class) {
                break;
            }
            if chain.contains(&class) {
                return Err(BootstrapError::BadHierarchy(format!(
                    "{class} inherits from itself"
                )));
            }
            chain.push(class);
            let (_, definition) = &by_name[class];
            current = match &definition.superclass {
                None => None,
                Some(superclass) if by_name.contains_key(superclass) => Some(superclass.as_str()),
                Some(superclass) => {
                    return Err(BootstrapError::UnknownSuperclass {
                        class: class.to_string(),
                        superclass: superclass.clone(),
                    })
                }
            };
        }
        for class in chain.into_iter().rev() {
            placed.insert(class, true);
            ordered.push(class.to_string());
        }
    }
    Ok(ordered)
}
