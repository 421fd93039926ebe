//! Placeholder: the heap is being written.
