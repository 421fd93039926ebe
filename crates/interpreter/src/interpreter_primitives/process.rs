//! Process primitives: 85 signal, 86 wait, 87 resume, 88 suspend, 167 yield,
//! 136/242 timer semaphore, 230 relinquishProcessorForMicroseconds:.
use stvm_object_model::{
    class_index,
    layout::{linked_list, process as proc},
    special_objects, Oop,
};

use super::InterpreterPrimitiveResult;
use crate::interpreter::Interpreter;
use crate::primitives::PrimitiveFailure;

impl Interpreter {
    /// `aSemaphore signal`.
    pub(crate) fn primitive_signal(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let semaphore = self.semaphore_receiver(num_args)?;
        self.synchronous_signal(semaphore);
        Ok(())
    }

    /// `aSemaphore wait`.
    pub(crate) fn primitive_wait(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let semaphore = self.semaphore_receiver(num_args)?;
        let active = self.active_process().ok_or(PrimitiveFailure::Generic)?;
        let excess = self
            .heap
            .fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS)
            .as_small_integer()
            .unwrap_or(0);
        if excess > 0 {
            let remaining = Oop::small_integer_unchecked(excess - 1);
            self.heap
                .store_pointer(semaphore, linked_list::EXCESS_SIGNALS, remaining);
            return Ok(());
        }
        self.add_last_link(semaphore, active);
        if let Some(next) = self.wake_highest_priority() {
            self.transfer_to(next);
        }
        Ok(())
    }

    /// `aProcess resume`.
    pub(crate) fn primitive_resume(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let process = self.stack_value(num_args);
        if !self.is_process(process) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        let context = self.heap.fetch_pointer(process, proc::SUSPENDED_CONTEXT);
        if !self.is_context(context) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        self.resume_process(process);
        Ok(())
    }

    /// `aProcess suspend`: the active process stops; others leave their list.
    pub(crate) fn primitive_suspend(&mut self, num_args: usize) -> InterpreterPrimitiveResult {
        let process = self.stack_value(num_args);
        if !self.is_process(process) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        if Some(process) == self.active_process() {
            self.stack.put(self.sp, self.nil);
            if let Some(next) = self.wake_highest_priority() {
                self.transfer_to(next);
            }
            return Ok(());
        }
        let list = self.heap.fetch_pointer(process, proc::MY_LIST);
        if !list.is_pointer() || list == self.nil || !self.remove_link(list, process) {
            return Err(PrimitiveFailure::BadReceiver);
        }
        self.stack.put(self.sp, list);
        Ok(())
    }

    /// `Processor yield`: let runnable processes of the same priority run.
    pub(crate) fn primitive_yield(&mut self, _num_args: usize) -> InterpreterPrimitiveResult {
        let active = self.active_process().ok_or(PrimitiveFailure::Generic)?;
        let priority = self.priority_of(active);
        let Some(next) = self.wake_highest_priority() else {
            return Ok(());
        };
        if self.priority_of(next) < priority {
            self.put_back_first(next);
            return Ok(());
        }
        self.put_to_sleep(active);
        self.transfer_to(next);
        Ok(())
    }

    /// Undoes `wake_highest_priority` for a process that must not run yet.
    fn put_back_first(&mut self, process: Oop) {
        self.put_to_sleep(process);
        let list = self.heap.fetch_pointer(process, proc::MY_LIST);
        let first = self.heap.fetch_pointer(list, linked_list::FIRST_LINK);
        if first != process {
            self.remove_link(list, process);
            let old_first = self.heap.fetch_pointer(list, linked_list::FIRST_LINK);
            self.heap.store_pointer(process, proc::NEXT_LINK, old_first);
            self.heap
                .store_pointer(list, linked_list::FIRST_LINK, process);
            self.heap.store_pointer(process, proc::MY_LIST, list);
        }
    }

    /// `signal: aSemaphore atMilliseconds: ms` (136) / `atUTCMicroseconds: us` (242).
    pub(crate) fn primitive_signal_at(
        &mut self,
        num_args: usize,
        is_micros: bool,
    ) -> InterpreterPrimitiveResult {
        if num_args != 2 {
            return Err(PrimitiveFailure::BadNumberOfArguments);
        }
        let semaphore = self.stack_value(1);
        let time = self.top();
        if semaphore == self.nil {
            self.next_wakeup_usecs = 0;
        } else {
            if !semaphore.is_pointer()
                || self.heap.num_slots(semaphore) <= linked_list::EXCESS_SIGNALS
            {
                return Err(PrimitiveFailure::BadArgument);
            }
            let when = self
                .integer_value_of(time)
                .ok_or(PrimitiveFailure::BadArgument)?;
            self.set_special_object(special_objects::THE_TIMER_SEMAPHORE, semaphore);
            self.next_wakeup_usecs = if is_micros {
                when.max(1)
            } else {
                let now_ms = (self.platform.monotonic_milliseconds() & 0x1FFF_FFFF) as i64;
                self.platform.utc_microseconds() + (when - now_ms).max(0) * 1000
            };
        }
        self.sp -= 2;
        Ok(())
    }

    /// `relinquishProcessorForMicroseconds:`: the idle process sleeps, at most
    /// until the timer is due.
    pub(crate) fn primitive_relinquish_processor(
        &mut self,
        num_args: usize,
    ) -> InterpreterPrimitiveResult {
        let micros = self
            .top()
            .as_small_integer()
            .ok_or(PrimitiveFailure::BadArgument)?;
        let mut sleep = micros.max(0);
        if self.next_wakeup_usecs != 0 {
            let until_timer = self.next_wakeup_usecs - self.platform.utc_microseconds();
            sleep = sleep.min(until_timer.max(0));
        }
        if sleep > 0 {
            self.platform.sleep_microseconds(sleep as u64);
        }
        self.sp -= num_args;
        self.check_countdown = 1;
        Ok(())
    }

    fn semaphore_receiver(&self, num_args: usize) -> Result<Oop, PrimitiveFailure> {
        let semaphore = self.stack_value(num_args);
        if num_args != 0
            || !semaphore.is_pointer()
            || !self.heap.format_of(semaphore).is_pointers()
            || self.heap.num_slots(semaphore) <= linked_list::EXCESS_SIGNALS
        {
            return Err(PrimitiveFailure::BadReceiver);
        }
        Ok(semaphore)
    }

    fn is_process(&self, oop: Oop) -> bool {
        oop.is_pointer()
            && self.heap.format_of(oop).is_pointers()
            && self.heap.num_slots(oop) > proc::MY_LIST
    }

    /// A SmallInteger or ≤ 8-byte LargePositiveInteger value.
    fn integer_value_of(&self, oop: Oop) -> Option<i64> {
        if let Some(value) = oop.as_small_integer() {
            return Some(value);
        }
        if !oop.is_pointer()
            || self.heap.header(oop).class_index() != class_index::LARGE_POSITIVE_INTEGER
        {
            return None;
        }
        let bytes = self.heap.bytes(oop);
        if bytes.len() > 8 {
            return None;
        }
        let mut value: u64 = 0;
        for (shift, byte) in bytes.iter().enumerate() {
            value |= u64::from(*byte) << (8 * shift);
        }
        i64::try_from(value).ok()
    }

    fn set_special_object(&mut self, index: usize, value: Oop) {
        let array = self.heap.special_objects_array();
        if array != self.nil && index < self.heap.num_slots(array) {
            self.heap.store_pointer(array, index, value);
        }
    }
}
