//! BinaryTrees: allocates many complete binary trees bottom-up and walks them
//! (the benchmarks-game shape: a stretch tree, a long-lived tree, and batches of
//! trees from depth 4 to the maximum in steps of 2); answers the sum of all node counts.

use std::hint::black_box;

/// What one run answers: the sum of the node counts of every tree walked.
pub type Answer = i64;

/// The maximum tree depth.
pub const DEFAULT_SIZE: u32 = 11;

/// The sum for `DEFAULT_SIZE`.
pub const EXPECTED: Answer = 271_710;

const MIN_DEPTH: u32 = 4;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs with trees up to `max_depth` deep (at least `MIN_DEPTH + 2`).
pub fn run_with(max_depth: u32) -> Answer {
    let max_depth = black_box(max_depth).max(MIN_DEPTH + 2);
    let mut total = Node::bottom_up(max_depth + 1).check();
    let long_lived = Node::bottom_up(max_depth);
    for depth in (MIN_DEPTH..=max_depth).step_by(2) {
        let iterations = 1i64 << (max_depth - depth + MIN_DEPTH);
        for _ in 0..iterations {
            total += Node::bottom_up(depth).check();
        }
    }
    total + long_lived.check()
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

struct Node {
    children: Option<(Box<Node>, Box<Node>)>,
}

impl Node {
    fn bottom_up(depth: u32) -> Node {
        if depth == 0 {
            return Node { children: None };
        }
        let left = Box::new(Node::bottom_up(depth - 1));
        let right = Box::new(Node::bottom_up(depth - 1));
        Node {
            children: Some((left, right)),
        }
    }

    /// How many nodes this tree has.
    fn check(&self) -> i64 {
        match &self.children {
            None => 1,
            Some((left, right)) => 1 + left.check() + right.check(),
        }
    }
}

#[cfg(test)]
mod tests;
