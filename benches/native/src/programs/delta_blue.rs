//! DeltaBlue: the incremental one-way constraint solver of Freeman-Benson, Maloney and
//! Borning. Variables and constraints live in index arenas; the planner adds and removes
//! constraints incrementally, walking strengths, and extracts plans it then executes.
//! One run is a chain test and a projection test of `n` variables each.

use std::hint::black_box;

/// What one run answers: the checksum of every value the tests inspect, or -1 when a
/// test found a wrong value or the planner failed.
pub type Answer = i64;

/// Length of the chain and number of projection pairs.
pub const DEFAULT_SIZE: usize = 500;

/// The checksum for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = 2_748_685;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs the chain test and the projection test with `n` variables each.
pub fn run_with(n: usize) -> Answer {
    let n = black_box(n);
    match (chain_test(n), projection_test(n)) {
        (Some(chain), Some(projection)) => chain + projection,
        _ => -1,
    }
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

type VarId = usize;
type ConstraintId = usize;
/// Constraint strength: 0 is `required` (strongest), 6 is `weakest`.
type Strength = u8;

const REQUIRED: Strength = 0;
const PREFERRED: Strength = 2;
const STRONG_DEFAULT: Strength = 3;
const NORMAL: Strength = 4;
const WEAKEST: Strength = 6;

fn stronger(a: Strength, b: Strength) -> bool {
    a < b
}

fn weaker(a: Strength, b: Strength) -> bool {
    a > b
}

fn weakest_of(a: Strength, b: Strength) -> Strength {
    a.max(b)
}

struct Variable {
    value: i64,
    constraints: Vec<ConstraintId>,
    determined_by: Option<ConstraintId>,
    mark: u64,
    walk_strength: Strength,
    stay: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    None,
    Forward,
    Backward,
}

#[derive(Clone, Copy)]
enum Shape {
    /// Stay and edit constraints: they only determine `output`.
    Unary {
        output: VarId,
        satisfied: bool,
        is_edit: bool,
    },
    /// Equality (`scale` is `None`) and scale constraints: `v2 = v1 * scale + offset`.
    Binary {
        v1: VarId,
        v2: VarId,
        direction: Direction,
        scale: Option<(VarId, VarId)>,
    },
}

struct Constraint {
    strength: Strength,
    shape: Shape,
}

#[derive(Default)]
struct Planner {
    variables: Vec<Variable>,
    constraints: Vec<Constraint>,
    current_mark: u64,
    failed: bool,
}

mod planner;

fn chain_test(n: usize) -> Option<i64> {
    let mut planner = Planner::default();
    let first = planner.new_variable(0);
    let mut last = first;
    for _ in 0..n {
        let next = planner.new_variable(0);
        planner.add_equality(last, next, REQUIRED);
        last = next;
    }
    planner.add_stay(last, STRONG_DEFAULT);
    let edit = planner.add_edit(first, PREFERRED);
    let plan = planner.extract_plan_from_constraints(&[edit]);
    let mut checksum = 0;
    let mut correct = true;
    for i in 0..100 {
        planner.variables[first].value = i;
        planner.execute(&plan);
        correct &= planner.variables[last].value == i;
        checksum += planner.variables[last].value;
    }
    planner.destroy_constraint(edit);
    (correct && !planner.failed).then_some(checksum)
}

fn projection_test(n: usize) -> Option<i64> {
    let mut planner = Planner::default();
    let scale = planner.new_variable(10);
    let offset = planner.new_variable(1000);
    let (mut source, mut destination) = (0, 0);
    let mut destinations = Vec::with_capacity(n);
    for i in 0..n as i64 {
        source = planner.new_variable(i);
        destination = planner.new_variable(i);
        destinations.push(destination);
        planner.add_stay(source, NORMAL);
        planner.add_scale(source, scale, offset, destination, REQUIRED);
    }
    let mut checksum = 0;
    let mut correct = true;
    planner.change(source, 17);
    correct &= planner.variables[destination].value == 1170;
    checksum += planner.variables[destination].value;
    planner.change(destination, 1050);
    correct &= planner.variables[source].value == 5;
    checksum += planner.variables[source].value;
    for (variable, new_value) in [(scale, 5), (offset, 2000)] {
        planner.change(variable, new_value);
        for (i, &each) in destinations.iter().enumerate() {
            let value = planner.variables[each].value;
            let scale_value = planner.variables[scale].value;
            let offset_value = planner.variables[offset].value;
            correct &= i + 1 == n || value == i as i64 * scale_value + offset_value;
            checksum += value;
        }
    }
    (correct && !planner.failed).then_some(checksum)
}

#[cfg(test)]
mod tests;
