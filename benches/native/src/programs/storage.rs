//! Storage: builds trees of arrays (every inner node an array of 4 children, every
//! leaf an array of 1..10 slots, sizes drawn from the shared random generator);
//! answers how many arrays were allocated and (walking each finished tree) how many
//! slots its leaves hold.

use std::hint::black_box;

use super::random::Random;

/// What one run answers: `[arrays allocated, leaf slots]`.
pub type Answer = [i64; 2];

/// How many trees one run builds.
pub const DEFAULT_SIZE: usize = 40;

/// The answer for `DEFAULT_SIZE` trees.
pub const EXPECTED: Answer = [218_440, 902_870];

const DEPTH: u32 = 7;
const BRANCHING: usize = 4;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Builds `trees` trees.
pub fn run_with(trees: usize) -> Answer {
    let mut builder = Builder {
        random: Random::new(),
        arrays: 0,
    };
    let mut leaf_slots = 0;
    for _ in 0..black_box(trees) {
        leaf_slots += black_box(builder.build(DEPTH)).leaf_slots();
    }
    [builder.arrays, leaf_slots]
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

enum Node {
    Branch(Vec<Node>),
    Leaf(Vec<i64>),
}

impl Node {
    fn leaf_slots(&self) -> i64 {
        match self {
            Node::Branch(children) => children.iter().map(Node::leaf_slots).sum(),
            Node::Leaf(slots) => slots.len() as i64,
        }
    }
}

struct Builder {
    random: Random,
    arrays: i64,
}

impl Builder {
    fn build(&mut self, depth: u32) -> Node {
        self.arrays += 1;
        if depth == 1 {
            let size = self.random.next_random() % 10 + 1;
            return Node::Leaf(vec![0; size as usize]);
        }
        Node::Branch((0..BRANCHING).map(|_| self.build(depth - 1)).collect())
    }
}

#[cfg(test)]
mod tests;
