//! Primitive 254: `vmParameterAt:` / `vmParameterAt:put:` and, with no
//! argument, the Array of every parameter, numbered as Pharo's
//! `SmalltalkImage>>vmParameterAt:` comment and the OpenSmalltalk VM's
//! `primitiveVMParameter` (1 old-space bytes, 2 young-space bytes, 3 heap
//! bytes, 7–10 full GCs / scavenges and their milliseconds, 40 bytes per
//! oop, 44 eden bytes, 67 the old-space limit, …).
//!
//! Parameters stvm measures answer real values; those about machinery it does
//! not have (JIT code zone, Cog flags) answer nil; the remaining integer ones
//! answer 0, or the value last stored for the settable ones. Out-of-range
//! indices fail with BadIndex; storing into a read-only one fails with
//! BadIndex, a non-integer value with BadArgument. `at:put:` answers the
//! previous value.
use std::collections::BTreeMap;

use stvm_object_model::Oop;

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::{integer_value_i64, PrimitiveFailure};
use crate::stack_zone::PAGE_SLOTS;

/// Number of VM parameters (1-based indices 1..=LAST_PARAMETER).
pub(crate) const LAST_PARAMETER: usize = 76;
/// Parameters the image may store into.
const SETTABLE: &[usize] = &[
    5, 6, 17, 23, 24, 25, 26, 34, 43, 45, 47, 49, 55, 67, 68, 69, 75,
];
/// Parameters that are nil in a VM without a JIT.
const NIL_PARAMETERS: &[usize] = &[46, 47, 50, 51, 62, 63, 64, 76];
/// Values are answered as SmallIntegers (2^60 − 1 at most).
const MAX_PARAMETER_VALUE: i64 = (1 << 60) - 1;
/// The image format this VM writes (64-bit Spur).
const IMAGE_FORMAT: i64 = 68021;
/// Feature bits of parameter 65: multiple bytecode sets (bit 0), immutability (bit 1).
const FEATURE_BITS: i64 = 0b11;

/// Values stored with `vmParameterAt:put:` (integers only, so no GC roots).
#[derive(Debug, Clone, Default)]
pub(crate) struct VmParameterStore {
    stored: BTreeMap<usize, i64>,
}

impl Interpreter {
    /// Primitive 254 with 0 (all), 1 (`at:`) or 2 (`at:put:`) arguments.
    pub(crate) fn primitive_vm_parameter_at(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        match num_args {
            0 => self.answer_all_vm_parameters(),
            1 => {
                let index = self.parameter_index(self.top())?;
                let value = self.vm_parameter_object(index)?;
                self.answer(1, value)
            }
            2 => {
                let index = self.parameter_index(self.stack_value(1))?;
                let previous = self.vm_parameter_object(index)?;
                self.set_vm_parameter(index, self.top())?;
                self.answer(2, previous)
            }
            _ => Err(PrimitiveFailure::BadNumberOfArguments),
        }
    }

    fn answer_all_vm_parameters(&mut self) -> InterpreterPrimitiveResult {
        let values = (1..=LAST_PARAMETER)
            .map(|index| self.vm_parameter_object(index))
            .collect::<Result<Vec<Oop>, PrimitiveFailure>>()?;
        let array = self
            .heap
            .new_array_with(&values)
            .map_err(|_| PrimitiveFailure::InsufficientObjectMemory)?;
        self.answer(0, array)
    }

    fn parameter_index(&self, oop: Oop) -> Result<usize, PrimitiveFailure> {
        let index = oop
            .as_small_integer()
            .ok_or(PrimitiveFailure::BadArgument)?;
        usize::try_from(index)
            .ok()
            .filter(|index| (1..=LAST_PARAMETER).contains(index))
            .ok_or(PrimitiveFailure::BadIndex)
    }

    /// Parameter `index` as an object (nil or a SmallInteger, clamped).
    fn vm_parameter_object(&self, index: usize) -> Result<Oop, PrimitiveFailure> {
        Ok(match self.vm_parameter(index) {
            None => self.nil,
            Some(value) => Oop::small_integer(value.min(MAX_PARAMETER_VALUE))
                .unwrap_or(Oop::small_integer_unchecked(0)),
        })
    }

    /// Parameter `index` (1..=LAST_PARAMETER), None for nil.
    pub(crate) fn vm_parameter(&self, index: usize) -> Option<i64> {
        if NIL_PARAMETERS.contains(&index) {
            return None;
        }
        if let Some(value) = self.measured_vm_parameter(index) {
            return Some(value);
        }
        Some(
            self.primitive_state
                .vm_parameters
                .stored
                .get(&index)
                .copied()
                .unwrap_or(0),
        )
    }

    /// The parameters stvm measures (None: not measured).
    fn measured_vm_parameter(&self, index: usize) -> Option<i64> {
        let usage = self.heap.space_usage();
        let statistics = self.heap.statistics();
        let config = self.heap.config();
        let young = usage.eden_bytes + usage.survivor_bytes;
        let value: u64 = match index {
            1 => usage.old_bytes,
            2 => young,
            3 => usage.old_bytes + young,
            6 => u64::from(config.tenuring_age),
            7 => statistics.full_gcs,
            8 => statistics.full_gc_time.as_millis() as u64,
            9 => statistics.scavenges,
            10 => statistics.scavenge_time.as_millis() as u64,
            11 => statistics.tenured_objects,
            19 => config.eden_bytes * config.scavenge_threshold_percent / 100,
            20 => self.primitive_state.start_utc_microseconds as u64,
            21 => self.heap.remembered_set().len() as u64,
            34 => statistics.old_bytes_allocated,
            40 => 8,
            41 => IMAGE_FORMAT as u64,
            42 => self.stack.pages_in_use() as u64,
            43 => self.stack.pages.len() as u64,
            44 | 45 => config.eden_bytes,
            53 => usage.old_segments as u64,
            54 => self.heap.free_chunk_bytes(),
            65 => FEATURE_BITS as u64,
            66 => (PAGE_SLOTS * 8) as u64,
            67 => self.memory.limit_bytes,
            _ => return None,
        };
        Some(i64::try_from(value).unwrap_or(i64::MAX))
    }

    /// Stores a settable parameter (67 also sets the memory limit).
    fn set_vm_parameter(&mut self, index: usize, value: Oop) -> Result<(), PrimitiveFailure> {
        if !SETTABLE.contains(&index) {
            return Err(PrimitiveFailure::BadIndex);
        }
        let value = integer_value_i64(&self.heap, value).ok_or(PrimitiveFailure::BadArgument)?;
        if value < 0 {
            return Err(PrimitiveFailure::BadArgument);
        }
        if index == 67 {
            self.set_memory_limit(if value == 0 {
                u64::MAX / 2
            } else {
                value as u64
            });
        }
        self.primitive_state
            .vm_parameters
            .stored
            .insert(index, value);
        Ok(())
    }
}
