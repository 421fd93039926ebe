//! Placeholder: this crate is being written (see DESIGN.md's crate table).
