//! The DeltaBlue planner: constraint behaviour (choose a method, satisfy, recalculate,
//! execute) and the incremental add/remove algorithms over the variable graph.

use std::collections::VecDeque;

use super::{
    stronger, weaker, weakest_of, Constraint, ConstraintId, Direction, Planner, Shape, Strength,
    VarId, Variable, REQUIRED, WEAKEST,
};

const PREFERRED: Strength = super::PREFERRED;

impl Planner {
    pub(super) fn new_variable(&mut self, value: i64) -> VarId {
        self.variables.push(Variable {
            value,
            constraints: Vec::new(),
            determined_by: None,
            mark: 0,
            walk_strength: WEAKEST,
            stay: true,
        });
        self.variables.len() - 1
    }

    pub(super) fn add_stay(&mut self, output: VarId, strength: Strength) -> ConstraintId {
        self.add_constraint(
            strength,
            Shape::Unary {
                output,
                satisfied: false,
                is_edit: false,
            },
        )
    }

    pub(super) fn add_edit(&mut self, output: VarId, strength: Strength) -> ConstraintId {
        self.add_constraint(
            strength,
            Shape::Unary {
                output,
                satisfied: false,
                is_edit: true,
            },
        )
    }

    pub(super) fn add_equality(
        &mut self,
        v1: VarId,
        v2: VarId,
        strength: Strength,
    ) -> ConstraintId {
        self.add_constraint(
            strength,
            Shape::Binary {
                v1,
                v2,
                direction: Direction::None,
                scale: None,
            },
        )
    }

    pub(super) fn add_scale(
        &mut self,
        source: VarId,
        scale: VarId,
        offset: VarId,
        destination: VarId,
        strength: Strength,
    ) -> ConstraintId {
        let shape = Shape::Binary {
            v1: source,
            v2: destination,
            direction: Direction::None,
            scale: Some((scale, offset)),
        };
        self.add_constraint(strength, shape)
    }

    fn add_constraint(&mut self, strength: Strength, shape: Shape) -> ConstraintId {
        self.constraints.push(Constraint { strength, shape });
        let constraint = self.constraints.len() - 1;
        self.add_to_graph(constraint);
        self.incremental_add(constraint);
        constraint
    }

    pub(super) fn destroy_constraint(&mut self, constraint: ConstraintId) {
        if self.is_satisfied(constraint) {
            self.incremental_remove(constraint);
        }
        self.remove_from_graph(constraint);
    }

    /// Sets `variable` to `value` through a preferred edit constraint, ten times.
    pub(super) fn change(&mut self, variable: VarId, value: i64) {
        let edit = self.add_edit(variable, PREFERRED);
        let plan = self.extract_plan_from_constraints(&[edit]);
        for _ in 0..10 {
            self.variables[variable].value = value;
            self.execute(&plan);
        }
        self.destroy_constraint(edit);
    }

    pub(super) fn execute(&mut self, plan: &[ConstraintId]) {
        for &constraint in plan {
            self.execute_constraint(constraint);
        }
    }

    fn variables_of(&self, constraint: ConstraintId) -> Vec<VarId> {
        match self.constraints[constraint].shape {
            Shape::Unary { output, .. } => vec![output],
            Shape::Binary {
                v1,
                v2,
                scale: None,
                ..
            } => vec![v1, v2],
            Shape::Binary {
                v1,
                v2,
                scale: Some((scale, offset)),
                ..
            } => vec![v1, v2, scale, offset],
        }
    }

    fn add_to_graph(&mut self, constraint: ConstraintId) {
        for variable in self.variables_of(constraint) {
            self.variables[variable].constraints.push(constraint);
        }
        self.mark_unsatisfied(constraint);
    }

    fn remove_from_graph(&mut self, constraint: ConstraintId) {
        for variable in self.variables_of(constraint) {
            let variable = &mut self.variables[variable];
            variable.constraints.retain(|&each| each != constraint);
            if variable.determined_by == Some(constraint) {
                variable.determined_by = None;
            }
        }
        self.mark_unsatisfied(constraint);
    }

    fn mark_unsatisfied(&mut self, constraint: ConstraintId) {
        match &mut self.constraints[constraint].shape {
            Shape::Unary { satisfied, .. } => *satisfied = false,
            Shape::Binary { direction, .. } => *direction = Direction::None,
        }
    }

    fn is_satisfied(&self, constraint: ConstraintId) -> bool {
        match self.constraints[constraint].shape {
            Shape::Unary { satisfied, .. } => satisfied,
            Shape::Binary { direction, .. } => direction != Direction::None,
        }
    }

    fn is_input(&self, constraint: ConstraintId) -> bool {
        matches!(
            self.constraints[constraint].shape,
            Shape::Unary { is_edit: true, .. }
        )
    }

    fn output(&self, constraint: ConstraintId) -> VarId {
        match self.constraints[constraint].shape {
            Shape::Unary { output, .. } => output,
            Shape::Binary {
                v1,
                direction: Direction::Backward,
                ..
            } => v1,
            Shape::Binary { v2, .. } => v2,
        }
    }

    /// The input of a binary constraint (its other variable).
    fn input(&self, constraint: ConstraintId) -> VarId {
        match self.constraints[constraint].shape {
            Shape::Binary {
                v2,
                direction: Direction::Backward,
                ..
            } => v2,
            Shape::Binary { v1, .. } => v1,
            Shape::Unary { output, .. } => output,
        }
    }

    fn choose_method(&mut self, constraint: ConstraintId, mark: u64) {
        let strength = self.constraints[constraint].strength;
        match self.constraints[constraint].shape {
            Shape::Unary { output, .. } => {
                let out = &self.variables[output];
                let can_satisfy = out.mark != mark && stronger(strength, out.walk_strength);
                if let Shape::Unary { satisfied, .. } = &mut self.constraints[constraint].shape {
                    *satisfied = can_satisfy;
                }
            }
            Shape::Binary { v1, v2, .. } => {
                let chosen =
                    self.binary_direction(strength, &self.variables[v1], &self.variables[v2], mark);
                if let Shape::Binary { direction, .. } = &mut self.constraints[constraint].shape {
                    *direction = chosen;
                }
            }
        }
    }

    fn binary_direction(
        &self,
        strength: Strength,
        v1: &Variable,
        v2: &Variable,
        mark: u64,
    ) -> Direction {
        let pick = |condition: bool, direction: Direction| {
            if condition {
                direction
            } else {
                Direction::None
            }
        };
        if v1.mark == mark {
            return pick(
                v2.mark != mark && stronger(strength, v2.walk_strength),
                Direction::Forward,
            );
        }
        if v2.mark == mark {
            return pick(
                v1.mark != mark && stronger(strength, v1.walk_strength),
                Direction::Backward,
            );
        }
        if weaker(v1.walk_strength, v2.walk_strength) {
            pick(stronger(strength, v1.walk_strength), Direction::Backward)
        } else {
            pick(stronger(strength, v2.walk_strength), Direction::Forward)
        }
    }

    fn mark_inputs(&mut self, constraint: ConstraintId, mark: u64) {
        if let Shape::Binary { scale, .. } = self.constraints[constraint].shape {
            let input = self.input(constraint);
            self.variables[input].mark = mark;
            if let Some((scale, offset)) = scale {
                self.variables[scale].mark = mark;
                self.variables[offset].mark = mark;
            }
        }
    }

    fn inputs_known(&self, constraint: ConstraintId, mark: u64) -> bool {
        match self.constraints[constraint].shape {
            Shape::Unary { .. } => true,
            Shape::Binary { .. } => {
                let input = &self.variables[self.input(constraint)];
                input.mark == mark || input.stay || input.determined_by.is_none()
            }
        }
    }

    fn recalculate(&mut self, constraint: ConstraintId) {
        let strength = self.constraints[constraint].strength;
        let output = self.output(constraint);
        let (walk_strength, stay) = match self.constraints[constraint].shape {
            Shape::Unary { is_edit, .. } => (strength, !is_edit),
            Shape::Binary { scale, .. } => {
                let input = &self.variables[self.input(constraint)];
                let scale_stays =
                    scale.is_none_or(|(s, o)| self.variables[s].stay && self.variables[o].stay);
                (
                    weakest_of(strength, input.walk_strength),
                    input.stay && scale_stays,
                )
            }
        };
        self.variables[output].walk_strength = walk_strength;
        self.variables[output].stay = stay;
        if stay {
            self.execute_constraint(constraint);
        }
    }

    fn execute_constraint(&mut self, constraint: ConstraintId) {
        let Shape::Binary {
            v1,
            v2,
            direction,
            scale,
        } = self.constraints[constraint].shape
        else {
            return;
        };
        let value = |variable: VarId| self.variables[variable].value;
        let (target, result) = match (scale, direction) {
            (_, Direction::None) => return,
            (None, Direction::Forward) => (v2, value(v1)),
            (None, Direction::Backward) => (v1, value(v2)),
            (Some((s, o)), Direction::Forward) => (v2, value(v1) * value(s) + value(o)),
            (Some((s, o)), Direction::Backward) => {
                (v1, floor_divide(value(v2) - value(o), value(s)))
            }
        };
        self.variables[target].value = result;
    }

    /// Answers the constraint this one overrode, if any.
    fn satisfy(&mut self, constraint: ConstraintId, mark: u64) -> Option<ConstraintId> {
        self.choose_method(constraint, mark);
        if !self.is_satisfied(constraint) {
            if self.constraints[constraint].strength == REQUIRED {
                self.failed = true;
            }
            return None;
        }
        self.mark_inputs(constraint, mark);
        let output = self.output(constraint);
        let overridden = self.variables[output].determined_by;
        if let Some(overridden) = overridden {
            self.mark_unsatisfied(overridden);
        }
        self.variables[output].determined_by = Some(constraint);
        if !self.add_propagate(constraint, mark) {
            self.failed = true;
        }
        self.variables[output].mark = mark;
        overridden
    }

    fn new_mark(&mut self) -> u64 {
        self.current_mark += 1;
        self.current_mark
    }

    fn incremental_add(&mut self, constraint: ConstraintId) {
        let mark = self.new_mark();
        let mut overridden = self.satisfy(constraint, mark);
        while let Some(next) = overridden {
            overridden = self.satisfy(next, mark);
        }
    }

    fn incremental_remove(&mut self, constraint: ConstraintId) {
        let output = self.output(constraint);
        self.mark_unsatisfied(constraint);
        self.remove_from_graph(constraint);
        let unsatisfied = self.remove_propagate_from(output);
        for strength in REQUIRED..=WEAKEST {
            for &each in &unsatisfied {
                if self.constraints[each].strength == strength {
                    self.incremental_add(each);
                }
            }
        }
    }

    pub(super) fn extract_plan_from_constraints(
        &mut self,
        constraints: &[ConstraintId],
    ) -> Vec<ConstraintId> {
        let sources: VecDeque<ConstraintId> = constraints
            .iter()
            .copied()
            .filter(|&c| self.is_input(c) && self.is_satisfied(c))
            .collect();
        self.make_plan(sources)
    }

    fn make_plan(&mut self, mut todo: VecDeque<ConstraintId>) -> Vec<ConstraintId> {
        let mark = self.new_mark();
        let mut plan = Vec::new();
        while let Some(constraint) = todo.pop_front() {
            let output = self.output(constraint);
            if self.variables[output].mark != mark && self.inputs_known(constraint, mark) {
                plan.push(constraint);
                self.variables[output].mark = mark;
                self.add_constraints_consuming(output, &mut todo);
            }
        }
        plan
    }

    /// Recalculates everything downstream of `constraint`; false if that meets a cycle.
    fn add_propagate(&mut self, constraint: ConstraintId, mark: u64) -> bool {
        let mut todo = VecDeque::from([constraint]);
        while let Some(next) = todo.pop_front() {
            let output = self.output(next);
            if self.variables[output].mark == mark {
                self.incremental_remove(constraint);
                return false;
            }
            self.recalculate(next);
            self.add_constraints_consuming(output, &mut todo);
        }
        true
    }

    fn remove_propagate_from(&mut self, output: VarId) -> Vec<ConstraintId> {
        let start = &mut self.variables[output];
        start.determined_by = None;
        start.walk_strength = WEAKEST;
        start.stay = true;
        let mut unsatisfied = Vec::new();
        let mut todo = VecDeque::from([output]);
        while let Some(variable) = todo.pop_front() {
            let count = self.variables[variable].constraints.len();
            for index in 0..count {
                let each = self.variables[variable].constraints[index];
                if !self.is_satisfied(each) {
                    unsatisfied.push(each);
                }
            }
            let determining = self.variables[variable].determined_by;
            for index in 0..count {
                let next = self.variables[variable].constraints[index];
                if Some(next) != determining && self.is_satisfied(next) {
                    self.recalculate(next);
                    todo.push_back(self.output(next));
                }
            }
        }
        unsatisfied
    }

    fn add_constraints_consuming(&self, variable: VarId, todo: &mut VecDeque<ConstraintId>) {
        let determining = self.variables[variable].determined_by;
        for &each in &self.variables[variable].constraints {
            if Some(each) != determining && self.is_satisfied(each) {
                todo.push_back(each);
            }
        }
    }
}

/// Smalltalk's `//`: division rounding toward negative infinity.
fn floor_divide(dividend: i64, divisor: i64) -> i64 {
    let quotient = dividend / divisor;
    if dividend % divisor != 0 && ((dividend < 0) != (divisor < 0)) {
        quotient - 1
    } else {
        quotient
    }
}
