//! Semantic analysis (Pharo's `OCASTSemanticAnalyzer`): scopes for the method and every
//! block, name resolution, and the read/write/escape marks that closure analysis turns
//! into copied values and temp vectors.
//!
//! Scope ids: 0 is the method, a block's scope id is its `BlockNode::id`. A variable
//! "escapes" when it is used from a different real (non-inlined) closure than the one
//! that declares it; an escaping variable that is written after capture (or written in an
//! inlined loop and read from a closure) is an escaping write and moves to a temp vector.
//!
//! Name resolution: arguments and temporaries (innermost first), instance variables,
//! `self super thisContext`, then any name starting with an uppercase letter is a
//! literal variable resolved by the installer. A lowercase name that resolves to nothing
//! is the error `Undeclared variable: foo`. Declaring a local that shadows another local
//! is the error `Name already defined: foo` (Pharo only warns; stvm refuses so that
//! temp slots, which Pharo's IR keys by name, stay unambiguous).

use crate::ast::{Expression, Identifier, LiteralValue, Method, Statement};
use crate::closure;
use crate::error::CompileError;
use crate::inlining::{inlining, Inline};

/// The class a method is compiled for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassScope {
    /// Class name (for error messages and the installer).
    pub class_name: String,
    /// Compiling for the metaclass (`Foo class >> bar`).
    pub is_meta: bool,
    /// All instance variables, inherited ones included, in slot order.
    pub instance_variables: Vec<String>,
}

/// Largest number of arguments of a method or block.
pub const MAX_ARGUMENTS: usize = 15;

/// What a scope belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The method.
    Method,
    /// A real block (becomes a CompiledBlock).
    Block,
    /// A block inlined into its enclosing code; `is_loop` for loop bodies/conditions.
    Inlined {
        /// The block is part of an inlined loop.
        is_loop: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    Unused,
    Read,
    Write,
    RepeatedWrite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escaping {
    No,
    Read,
    Write,
}

/// A declared argument or temporary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// Declared as an argument (read-only).
    pub is_argument: bool,
    /// Lives in its scope's temp vector (set by closure analysis).
    pub in_vector: bool,
    usage: Usage,
    escaping: Escaping,
}

impl Variable {
    pub(crate) fn is_escaping_write(&self) -> bool {
        self.escaping == Escaping::Write
    }

    pub(crate) fn is_escaping_read(&self) -> bool {
        self.escaping == Escaping::Read
    }
}

/// One method or block scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Method, block or inlined block.
    pub kind: ScopeKind,
    /// Enclosing scope (`None` for the method).
    pub outer: Option<usize>,
    /// Declared variables in declaration order (arguments first).
    pub variables: Vec<Variable>,
    /// Names of copied variables in the order closure analysis added them.
    pub copied: Vec<String>,
    /// Uses self, super, an instance variable or thisContext (here or nested).
    pub accesses_self: bool,
    /// Contains a `^` (here or nested).
    pub has_return: bool,
}

/// Result of the analysis of one method: all scopes, indexed by scope id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Scope 0 is the method; scope `n` is block `n`.
    pub scopes: Vec<Scope>,
}

/// How a name is bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// A temporary slot of the current context, named.
    Temp(String),
    /// Slot `index` of the temp vector held in the temp named `vector`.
    Remote {
        /// Name of the temp holding the vector.
        vector: String,
        /// Index inside the vector.
        index: usize,
    },
    /// Instance variable (0-based slot).
    InstanceVariable(usize),
    /// `self`.
    SelfReference,
    /// `super`.
    Super,
    /// `thisContext`.
    ThisContext,
    /// A literal variable (global, class variable, pool variable).
    Global(String),
}

/// Analyzes `method`: semantic analysis then closure analysis.
pub fn analyze(
    method: &Method,
    class: &ClassScope,
    source: &str,
) -> Result<Analysis, CompileError> {
    let mut analyzer = Analyzer {
        scopes: vec![empty_scope(ScopeKind::Method, None); method.block_count + 1],
        class,
        source,
        current: 0,
    };
    analyzer.method(method)?;
    let mut analysis = Analysis {
        scopes: analyzer.scopes,
    };
    closure::analyze_closures(&mut analysis, method);
    Ok(analysis)
}

fn empty_scope(kind: ScopeKind, outer: Option<usize>) -> Scope {
    Scope {
        kind,
        outer,
        variables: Vec::new(),
        copied: Vec::new(),
        accesses_self: false,
        has_return: false,
    }
}

/// Keywords of primitive pragmas that declare an error-code temporary.
pub const PRIMITIVE_ERROR_KEYWORDS: [&str; 3] = [
    "primitive:error:",
    "primitive:module:error:",
    "primitive:error:module:",
];

/// The error temp's name of a `<primitive: n error: ec>` pragma.
pub fn primitive_error_name(pragma: &crate::ast::Pragma) -> Option<&str> {
    if !PRIMITIVE_ERROR_KEYWORDS.contains(&pragma.keyword.as_str()) {
        return None;
    }
    let index = pragma.keyword.split(':').position(|part| part == "error")?;
    match pragma.arguments.get(index)? {
        LiteralValue::Symbol(name) | LiteralValue::String(name) => Some(name),
        _ => None,
    }
}

struct Analyzer<'a> {
    scopes: Vec<Scope>,
    class: &'a ClassScope,
    source: &'a str,
    current: usize,
}

impl Analyzer<'_> {
    fn error(&self, position: usize, message: String) -> CompileError {
        CompileError::at(self.source, position, message)
    }

    fn method(&mut self, method: &Method) -> Result<(), CompileError> {
        if method.arguments.len() > MAX_ARGUMENTS {
            return Err(self.error(0, "Too many arguments".to_string()));
        }
        for argument in &method.arguments {
            self.declare(argument, true)?;
        }
        for pragma in &method.pragmas {
            if let Some(name) = primitive_error_name(pragma) {
                let identifier = Identifier {
                    name: name.to_string(),
                    position: pragma.position,
                };
                self.declare(&identifier, false)?;
            }
        }
        for temporary in &method.temporaries {
            self.declare(temporary, false)?;
        }
        self.statements(&method.body)
    }

    fn declare(&mut self, identifier: &Identifier, is_argument: bool) -> Result<(), CompileError> {
        if self.lookup_local(&identifier.name).is_some() {
            return Err(self.error(
                identifier.position,
                format!("Name already defined: {}", identifier.name),
            ));
        }
        self.scopes[self.current].variables.push(Variable {
            name: identifier.name.clone(),
            is_argument,
            in_vector: false,
            usage: Usage::Unused,
            escaping: Escaping::No,
        });
        Ok(())
    }

    fn statements(&mut self, statements: &[Statement]) -> Result<(), CompileError> {
        for statement in statements {
            if let Statement::Return(..) = statement {
                self.mark_up(|scope| scope.has_return = true);
            }
            self.expression(statement.expression())?;
        }
        Ok(())
    }

    fn expression(&mut self, expression: &Expression) -> Result<(), CompileError> {
        match expression {
            Expression::Literal(..) => Ok(()),
            Expression::Variable(identifier) => self.read(identifier),
            Expression::Assignment(node) => {
                self.expression(&node.value)?;
                self.write(&node.target)
            }
            Expression::Send(node) => {
                let inline = inlining(node);
                self.operand(&node.receiver, inline)?;
                node.message
                    .arguments
                    .iter()
                    .try_for_each(|argument| self.operand(argument, inline))
            }
            Expression::Cascade(node) => {
                self.expression(&node.receiver)?;
                node.messages
                    .iter()
                    .flat_map(|m| &m.arguments)
                    .try_for_each(|a| self.expression(a))
            }
            Expression::Block(block) => self.block(block, ScopeKind::Block),
            Expression::Array(elements, _) => elements.iter().try_for_each(|e| self.expression(e)),
        }
    }

    /// A receiver or argument: literal blocks of inlined sends become inlined scopes.
    fn operand(
        &mut self,
        expression: &Expression,
        inline: Option<Inline>,
    ) -> Result<(), CompileError> {
        match (expression, inline) {
            (Expression::Block(block), Some(kind)) => self.block(
                block,
                ScopeKind::Inlined {
                    is_loop: kind.is_loop(),
                },
            ),
            _ => self.expression(expression),
        }
    }

    fn block(
        &mut self,
        block: &crate::ast::BlockNode,
        kind: ScopeKind,
    ) -> Result<(), CompileError> {
        if block.arguments.len() > MAX_ARGUMENTS {
            return Err(self.error(block.position, "Too many arguments".to_string()));
        }
        let Some(slot) = self.scopes.get_mut(block.id) else {
            return Err(self.error(
                block.position,
                "Internal error: block numbering".to_string(),
            ));
        };
        *slot = empty_scope(kind, Some(self.current));
        let outer = self.current;
        self.current = block.id;
        let result = block
            .arguments
            .iter()
            .try_for_each(|a| self.declare(a, true))
            .and_then(|()| {
                block
                    .temporaries
                    .iter()
                    .try_for_each(|t| self.declare(t, false))
            })
            .and_then(|()| self.statements(&block.body));
        self.current = outer;
        result
    }

    /// Marks `current` and every enclosing scope.
    fn mark_up(&mut self, mark: impl Fn(&mut Scope)) {
        let mut scope = Some(self.current);
        while let Some(id) = scope {
            mark(&mut self.scopes[id]);
            scope = self.scopes[id].outer;
        }
    }

    fn lookup_local(&self, name: &str) -> Option<(usize, usize)> {
        let mut scope = Some(self.current);
        while let Some(id) = scope {
            if let Some(index) = self.scopes[id]
                .variables
                .iter()
                .position(|v| v.name == name)
            {
                return Some((id, index));
            }
            scope = self.scopes[id].outer;
        }
        None
    }

    fn read(&mut self, identifier: &Identifier) -> Result<(), CompileError> {
        if let Some((scope, index)) = self.lookup_local(&identifier.name) {
            self.analyze_read(scope, index);
            return Ok(());
        }
        self.non_local(identifier).map(|_| ())
    }

    fn write(&mut self, identifier: &Identifier) -> Result<(), CompileError> {
        if let Some((scope, index)) = self.lookup_local(&identifier.name) {
            if self.scopes[scope].variables[index].is_argument {
                return Err(self.error(
                    identifier.position,
                    format!("Cannot store into argument {}", identifier.name),
                ));
            }
            self.analyze_write(scope, index);
            return Ok(());
        }
        if matches!(identifier.name.as_str(), "true" | "false" | "nil") {
            let message = format!("Cannot store into {}", identifier.name);
            return Err(self.error(identifier.position, message));
        }
        match self.non_local(identifier)? {
            Binding::InstanceVariable(_) | Binding::Global(_) => Ok(()),
            _ => Err(self.error(
                identifier.position,
                format!("Cannot store into {}", identifier.name),
            )),
        }
    }

    fn non_local(&mut self, identifier: &Identifier) -> Result<Binding, CompileError> {
        let binding = classify_non_local(&identifier.name, self.class).ok_or_else(|| {
            self.error(
                identifier.position,
                format!("Undeclared variable: {}", identifier.name),
            )
        })?;
        if !matches!(binding, Binding::Global(_)) {
            self.mark_up(|scope| scope.accesses_self = true);
        }
        Ok(binding)
    }

    fn real_scope(&self, mut id: usize) -> usize {
        while let (ScopeKind::Inlined { .. }, Some(outer)) =
            (self.scopes[id].kind, self.scopes[id].outer)
        {
            id = outer;
        }
        id
    }

    fn inside_loop(&self, mut id: usize) -> bool {
        loop {
            match self.scopes[id].kind {
                ScopeKind::Inlined { is_loop: true } => return true,
                ScopeKind::Method => return false,
                _ => match self.scopes[id].outer {
                    Some(outer) => id = outer,
                    None => return false,
                },
            }
        }
    }

    fn analyze_read(&mut self, scope: usize, index: usize) {
        let escapes = self.real_scope(scope) != self.real_scope(self.current);
        let in_loop = self.inside_loop(self.current);
        let variable = &mut self.scopes[scope].variables[index];
        if variable.usage == Usage::Unused {
            variable.usage = Usage::Read;
        }
        if !escapes {
            return;
        }
        if variable.escaping != Escaping::Write {
            variable.escaping = Escaping::Read;
        }
        if in_loop && variable.usage == Usage::RepeatedWrite {
            mark_escaping_write(variable);
        }
    }

    fn analyze_write(&mut self, scope: usize, index: usize) {
        let escapes = self.real_scope(scope) != self.real_scope(self.current);
        let in_loop = self.inside_loop(self.current);
        let variable = &mut self.scopes[scope].variables[index];
        if escapes {
            mark_escaping_write(variable);
        }
        if variable.escaping != Escaping::No {
            mark_escaping_write(variable);
        }
        variable.usage = if in_loop {
            Usage::RepeatedWrite
        } else {
            Usage::Write
        };
    }
}

fn mark_escaping_write(variable: &mut Variable) {
    variable.escaping = Escaping::Write;
    if variable.usage != Usage::RepeatedWrite {
        variable.usage = Usage::Write;
    }
}

/// Binding of a name that is not a local, or `None` if it is undeclared.
pub fn classify_non_local(name: &str, class: &ClassScope) -> Option<Binding> {
    match name {
        "self" => return Some(Binding::SelfReference),
        "super" => return Some(Binding::Super),
        "thisContext" => return Some(Binding::ThisContext),
        _ => {}
    }
    if let Some(index) = class.instance_variables.iter().position(|v| v == name) {
        return Some(Binding::InstanceVariable(index));
    }
    name.starts_with(char::is_uppercase)
        .then(|| Binding::Global(name.to_string()))
}

impl Analysis {
    /// The scope with id `id` (0 = method).
    pub fn scope(&self, id: usize) -> &Scope {
        &self.scopes[id]
    }

    /// Name of the temp holding scope `id`'s temp vector (not a valid identifier).
    pub fn vector_name(id: usize) -> String {
        format!("0vector{id}")
    }

    /// Temporaries of scope `id` that are neither arguments nor in the temp vector.
    pub fn temps_without_arguments(&self, id: usize) -> Vec<String> {
        let variables = &self.scopes[id].variables;
        variables
            .iter()
            .filter(|v| !v.is_argument && !v.in_vector)
            .map(|v| v.name.clone())
            .collect()
    }

    /// Variables of scope `id` that live in its temp vector, in vector order.
    pub fn vector_variables(&self, id: usize) -> Vec<String> {
        self.scopes[id]
            .variables
            .iter()
            .filter(|v| v.in_vector)
            .map(|v| v.name.clone())
            .collect()
    }

    /// Copied values a block receives from its outer scope, in push order.
    pub fn incoming_copied(&self, id: usize) -> Vec<String> {
        let scope = &self.scopes[id];
        let Some(outer) = scope.outer else {
            return Vec::new();
        };
        let outer_copied = &self.scopes[outer].copied;
        scope
            .copied
            .iter()
            .filter(|name| outer_copied.contains(name))
            .cloned()
            .collect()
    }

    /// A clean block uses no self, instance variable, thisContext, outer temp or `^`.
    pub fn is_clean(&self, id: usize) -> bool {
        let scope = &self.scopes[id];
        !scope.accesses_self && !scope.has_return && self.incoming_copied(id).is_empty()
    }

    /// How `name` is bound when used in scope `from`.
    pub fn resolve(&self, from: usize, name: &str, class: &ClassScope) -> Option<Binding> {
        let mut scope = Some(from);
        while let Some(id) = scope {
            let variables = &self.scopes[id].variables;
            if let Some(variable) = variables.iter().find(|v| v.name == name) {
                if !variable.in_vector {
                    return Some(Binding::Temp(name.to_string()));
                }
                let index = variables
                    .iter()
                    .filter(|v| v.in_vector)
                    .position(|v| v.name == name)?;
                return Some(Binding::Remote {
                    vector: Self::vector_name(id),
                    index,
                });
            }
            scope = self.scopes[id].outer;
        }
        classify_non_local(name, class)
    }
}

#[cfg(test)]
mod tests;
