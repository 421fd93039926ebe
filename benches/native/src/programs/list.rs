//! List: Gabriel's TAKL, the Takeuchi function over linked lists, where numbers are
//! list lengths and `x < y` is "list x is shorter than list y". One run evaluates
//! Gabriel's `tail(list 18, list 12, list 6)` (63609 calls) `n` times; answers the sum of
//! the result lengths and first elements.

use std::hint::black_box;
use std::rc::Rc;

/// What one run answers: the sum of the length and first element of every result list.
pub type Answer = i64;

/// How many times one run evaluates the function.
pub const DEFAULT_SIZE: usize = 1;

/// One result: the list 7..1.
pub const EXPECTED: Answer = 7 + 7;

type List = Option<Rc<Element>>;

struct Element {
    value: i64,
    next: List,
}

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Evaluates the function `repetitions` times.
pub fn run_with(repetitions: usize) -> Answer {
    let mut total = 0;
    for _ in 0..black_box(repetitions) {
        total += length_plus_first(&tail(&make_list(18), &make_list(12), &make_list(6)));
    }
    total
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

/// The list `length, length-1, ..., 1`.
fn make_list(length: i64) -> List {
    (1..=length).fold(None, |next, value| Some(Rc::new(Element { value, next })))
}

fn length_plus_first(list: &List) -> i64 {
    length(list) + list.as_ref().map_or(0, |first| first.value)
}

fn length(list: &List) -> i64 {
    let mut count = 0;
    let mut cursor = list;
    while let Some(element) = cursor {
        count += 1;
        cursor = &element.next;
    }
    count
}

fn is_shorter(x: &List, y: &List) -> bool {
    let (mut x, mut y) = (x, y);
    while let Some(y_element) = y {
        let Some(x_element) = x else {
            return true;
        };
        x = &x_element.next;
        y = &y_element.next;
    }
    false
}

fn next_of(list: &List) -> List {
    list.as_ref().and_then(|element| element.next.clone())
}

fn tail(x: &List, y: &List, z: &List) -> List {
    if is_shorter(y, x) {
        tail(
            &tail(&next_of(x), y, z),
            &tail(&next_of(y), z, x),
            &tail(&next_of(z), x, y),
        )
    } else {
        z.clone()
    }
}

#[cfg(test)]
mod tests;
