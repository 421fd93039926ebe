//! Compiles a corpus of methods many times and prints lines per second
//! (`cargo bench -p stvm-compiler`).

use std::time::Instant;

use stvm_compiler::{compile_method, ClassScope};

const CORPUS: &[&str] = &[
    "printOn: aStream\n\taStream nextPutAll: self class name; nextPut: $(.\n\tself do: [:each | aStream print: each] separatedBy: [aStream space].\n\taStream nextPut: $)",
    "detect: aBlock ifNone: exceptionBlock\n\tself do: [:each | (aBlock value: each) ifTrue: [^ each]].\n\t^ exceptionBlock value",
    "inject: thisValue into: binaryBlock\n\t| nextValue |\n\tnextValue := thisValue.\n\tself do: [:each | nextValue := binaryBlock value: nextValue value: each].\n\t^ nextValue",
    "copyFrom: start to: stop\n\t| result |\n\tresult := self species new: stop - start + 1.\n\t1 to: stop - start + 1 do: [:i | result at: i put: (self at: start + i - 1)].\n\t^ result",
    "gcd: anInteger\n\t| a b r |\n\ta := self abs.\n\tb := anInteger abs.\n\t[b = 0] whileFalse: [r := a \\\\ b. a := b. b := r].\n\t^ a",
    "at: index put: value\n\t<primitive: 61>\n\tindex isInteger ifFalse: [^ self errorNonIntegerIndex].\n\t^ self errorSubscriptBounds: index",
    "max: aNumber\n\t^ self > aNumber ifTrue: [self] ifFalse: [aNumber]",
    "sortBlock\n\t^ sortBlock ifNil: [sortBlock := [:x :y | x <= y]]",
    "collect: aBlock\n\t| newCollection |\n\tnewCollection := self species new: self size.\n\t1 to: self size do: [:index | newCollection at: index put: (aBlock value: (self at: index))].\n\t^ newCollection",
    "isEmpty\n\t^ self size = 0",
];

fn main() {
    let scope = ClassScope {
        class_name: "Bench".into(),
        is_meta: false,
        instance_variables: vec!["sortBlock".into()],
    };
    let lines_per_pass: usize = CORPUS.iter().map(|s| s.lines().count()).sum();
    let passes = 2000;
    let start = Instant::now();
    let mut compiled = 0usize;
    for _ in 0..passes {
        for source in CORPUS {
            if compile_method(source, &scope).is_ok() {
                compiled += 1;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let lines = (lines_per_pass * passes) as f64;
    println!(
        "compiled {compiled} methods ({lines} lines) in {seconds:.3} s: {:.0} lines/s, {:.0} methods/s",
        lines / seconds,
        compiled as f64 / seconds
    );
}
