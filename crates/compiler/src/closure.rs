//! Closure analysis (Pharo's `OCASTClosureAnalyzer`), run after semantic analysis.
//!
//! For every scope, escaping writes move to the scope's temp vector and escaping reads
//! become copied values. Then every use of a copied variable (or of a variable living
//! in a temp vector, which needs the vector's holder) adds the name to the `copied`
//! list of each scope from the use up to the scope that defines it. A block's incoming
//! copied values are the names of its list that its outer scope also copies.
//!
//! Order: Pharo computes a block's incoming copied values with a Set intersection, so
//! their order follows String hashes; stvm keeps the order of first use instead.

use crate::ast::{BlockNode, Expression, Method, Statement};
use crate::scope::Analysis;

/// Fills `copied` lists and temp-vector membership in `analysis`.
pub fn analyze_closures(analysis: &mut Analysis, method: &Method) {
    let mut analyzer = ClosureAnalyzer {
        analysis,
        current: 0,
    };
    analyzer.enter_scope(0);
    analyzer.statements(&method.body);
}

/// Where a name was found by Pharo's `lookupVar:` order.
enum Found {
    Copied(usize),
    Vector(usize),
    Temp,
    Holder(usize),
}

struct ClosureAnalyzer<'a> {
    analysis: &'a mut Analysis,
    current: usize,
}

impl ClosureAnalyzer<'_> {
    fn enter_scope(&mut self, id: usize) {
        let scope = &mut self.analysis.scopes[id];
        for variable in &mut scope.variables {
            if variable.is_escaping_write() {
                variable.in_vector = true;
            }
        }
        let reads: Vec<String> = scope
            .variables
            .iter()
            .filter(|v| !v.in_vector && v.is_escaping_read())
            .map(|v| v.name.clone())
            .collect();
        for name in reads {
            if !scope.copied.contains(&name) {
                scope.copied.push(name);
            }
        }
    }

    fn statements(&mut self, statements: &[Statement]) {
        for statement in statements {
            self.expression(statement.expression());
        }
    }

    fn expression(&mut self, expression: &Expression) {
        match expression {
            Expression::Literal(..) => {}
            Expression::Variable(identifier) => self.reference(&identifier.name),
            Expression::Assignment(node) => {
                self.reference(&node.target.name);
                self.expression(&node.value);
            }
            Expression::Send(node) => {
                self.expression(&node.receiver);
                node.message
                    .arguments
                    .iter()
                    .for_each(|a| self.expression(a));
            }
            Expression::Cascade(node) => {
                self.expression(&node.receiver);
                node.messages
                    .iter()
                    .flat_map(|m| &m.arguments)
                    .for_each(|a| self.expression(a));
            }
            Expression::Block(block) => self.block(block),
            Expression::Array(elements, _) => elements.iter().for_each(|e| self.expression(e)),
        }
    }

    fn block(&mut self, block: &BlockNode) {
        if block.id >= self.analysis.scopes.len() {
            return;
        }
        let outer = self.current;
        self.current = block.id;
        self.enter_scope(block.id);
        self.statements(&block.body);
        self.current = outer;
    }

    fn lookup(&self, name: &str) -> Option<Found> {
        let mut scope = Some(self.current);
        while let Some(id) = scope {
            let current = &self.analysis.scopes[id];
            if current.copied.iter().any(|n| n == name) {
                return Some(Found::Copied(id));
            }
            if let Some(variable) = current.variables.iter().find(|v| v.name == name) {
                return Some(if variable.in_vector {
                    Found::Vector(id)
                } else {
                    Found::Temp
                });
            }
            if name == Analysis::vector_name(id) {
                return Some(Found::Holder(id));
            }
            scope = current.outer;
        }
        None
    }

    fn reference(&mut self, name: &str) {
        match self.lookup(name) {
            Some(Found::Copied(owner)) => self.add_copying_up_to(name, owner),
            Some(Found::Vector(definer)) => {
                let holder = Analysis::vector_name(definer);
                if let Some(Found::Copied(owner) | Found::Holder(owner)) = self.lookup(&holder) {
                    self.add_copying_up_to(&holder, owner);
                }
            }
            Some(Found::Temp | Found::Holder(_)) | None => {}
        }
    }

    /// Adds `name` to the copied list of every scope from the current one up to `owner`.
    fn add_copying_up_to(&mut self, name: &str, owner: usize) {
        let mut scope = Some(self.current);
        while let Some(id) = scope {
            let current = &mut self.analysis.scopes[id];
            if !current.copied.iter().any(|n| n == name) {
                current.copied.push(name.to_string());
            }
            if id == owner {
                return;
            }
            scope = current.outer;
        }
    }
}
