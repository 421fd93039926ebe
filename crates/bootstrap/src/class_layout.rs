//! Slot indices of class objects and of the kernel instances the bootstrap
//! builds, as the kernel sources declare them (`kernel/Kernel/Behavior.class.st` …).
//! Tests check that these constants agree with the kernel's instance variables.
//!
//! The class layout follows Squeak's, so that the VM's default guesses for the
//! class-name slot (6) and the metaclass's thisClass slot (5) are right:
//!
//! ```text
//!  slot | Behavior      | ClassDescription  | Class        | Metaclass
//!  -----+---------------+-------------------+--------------+-----------
//!   0   | superclass    |                   |              |
//!   1   | methodDict    |                   |              |
//!   2   | format        |                   |              |
//!   3   |               | instanceVariables |              |
//!   4   |               | organization      |              |
//!   5   |               |                   | subclasses   | thisClass
//!   6   |               |                   | name         |
//!   7   |               |                   | classPool    |
//!   8   |               |                   | sharedPools  |
//!   9   |               |                   | environment  |
//!  10   |               |                   | category     |
//! ```
//!
//! `instanceVariables` is an Array of the ByteSymbols the class itself adds
//! (nil-free, possibly empty); `subclasses` an Array; `name` a ByteSymbol;
//! `classPool` a Dictionary of Associations (class variables);
//! `sharedPools` an Array; `environment` the `Smalltalk` SystemDictionary;
//! `category` a ByteSymbol. `organization` is nil for now.
#![allow(
    missing_docs,
    reason = "each constant names one slot of the layout drawn above"
)]

/// Behavior and its subclasses.
pub mod class {
    pub const SUPERCLASS: usize = 0;
    pub const METHOD_DICTIONARY: usize = 1;
    pub const FORMAT: usize = 2;
    pub const INSTANCE_VARIABLES: usize = 3;
    pub const ORGANIZATION: usize = 4;
    pub const SUBCLASSES: usize = 5;
    pub const NAME: usize = 6;
    pub const CLASS_POOL: usize = 7;
    pub const SHARED_POOLS: usize = 8;
    pub const ENVIRONMENT: usize = 9;
    pub const CATEGORY: usize = 10;
    /// Named fields of Class (what a metaclass's instances start with).
    pub const CLASS_INST_SIZE: usize = 11;
}

/// Metaclass.
pub mod metaclass {
    pub const THIS_CLASS: usize = 5;
    /// Named fields of a Metaclass instance.
    pub const INST_SIZE: usize = 6;
}

/// HashedCollection (Set, Dictionary, IdentityDictionary, SystemDictionary).
pub mod hashed_collection {
    pub const TALLY: usize = 0;
    pub const ARRAY: usize = 1;
    pub const INST_SIZE: usize = 2;
}

/// OrderedCollection.
pub mod ordered_collection {
    pub const ARRAY: usize = 0;
    pub const FIRST_INDEX: usize = 1;
    pub const LAST_INDEX: usize = 2;
}

/// AdditionalMethodState (format 3: fixed fields then pragmas / properties).
pub mod additional_method_state {
    pub const METHOD: usize = 0;
    pub const SELECTOR: usize = 1;
    pub const INST_SIZE: usize = 2;
}

/// Pragma.
pub mod pragma {
    pub const METHOD: usize = 0;
    pub const SELECTOR: usize = 1;
    pub const ARGUMENTS: usize = 2;
}

/// Process beyond the VM's four slots (nextLink suspendedContext priority myList).
pub mod process {
    pub const NAME: usize = 4;
}

/// ScaledDecimal (Fraction subclass).
pub mod scaled_decimal {
    pub const NUMERATOR: usize = 0;
    pub const DENOMINATOR: usize = 1;
    pub const SCALE: usize = 2;
}
