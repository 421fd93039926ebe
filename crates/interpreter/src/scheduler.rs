//! The process scheduler: periodic checks (GC, timer) on sends and backward
//! jumps, process lists, `transferTo:`, waking the highest-priority runnable
//! process, and the idle sleep when nothing can run (never spinning).
use stvm_object_model::{
    layout::{linked_list, process as proc, scheduler},
    special_objects, Oop,
};

use crate::error::InterpreterError;
use crate::interpreter::{Interpreter, CHECK_INTERVAL};

impl Interpreter {
    /// Counts a send; every `CHECK_INTERVAL` sends runs the periodic checks.
    #[inline(always)]
    pub(crate) fn count_send_for_interrupts(&mut self) {
        self.check_countdown -= 1;
        if self.check_countdown == 0 || self.heap.needs_scavenge() {
            self.periodic_checks();
        }
    }

    /// Backward-jump check point; answers true to stop the run.
    #[inline(always)]
    pub(crate) fn check_for_interrupts(&mut self) -> bool {
        self.count_send_for_interrupts();
        self.exit.is_some()
    }

    /// GC when the heap asks, the finalization and user-interrupt semaphores,
    /// and the timer semaphore when it is due.
    #[inline(never)]
    pub(crate) fn periodic_checks(&mut self) {
        self.check_countdown = CHECK_INTERVAL;
        if self.is_check_budget_exhausted() {
            return;
        }
        if self.heap.needs_scavenge() && self.collector.is_some() {
            self.collect_garbage(false);
            self.apply_memory_policy();
        }
        self.signal_finalization_if_needed();
        self.check_user_interrupt();
        if self.next_wakeup_usecs != 0 && self.platform.utc_microseconds() >= self.next_wakeup_usecs
        {
            self.next_wakeup_usecs = 0;
            let semaphore = self
                .heap
                .special_object(special_objects::THE_TIMER_SEMAPHORE);
            self.synchronous_signal(semaphore);
        }
    }

    /// Signals `semaphore`: resumes its first waiting process or counts an
    /// excess signal. May switch processes.
    pub(crate) fn synchronous_signal(&mut self, semaphore: Oop) {
        if !semaphore.is_pointer()
            || semaphore == self.nil
            || self.heap.num_slots(semaphore) <= linked_list::EXCESS_SIGNALS
        {
            return;
        }
        if self.is_empty_list(semaphore) {
            let excess = self
                .heap
                .fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS);
            let count = excess.as_small_integer().unwrap_or(0) + 1;
            self.heap.store_pointer(
                semaphore,
                linked_list::EXCESS_SIGNALS,
                Oop::small_integer_unchecked(count),
            );
            return;
        }
        let process = self.remove_first_link(semaphore);
        self.resume_process(process);
    }

    /// Makes `process` runnable, preempting the active one if it has higher priority.
    pub(crate) fn resume_process(&mut self, process: Oop) {
        let Some(active) = self.active_process() else {
            return;
        };
        if self.priority_of(process) > self.priority_of(active) {
            self.put_to_sleep(active);
            self.transfer_to(process);
        } else {
            self.put_to_sleep(process);
        }
    }

    /// Appends `process` to the runnable list of its priority.
    pub(crate) fn put_to_sleep(&mut self, process: Oop) {
        let Some(list) = self.process_list_for(self.priority_of(process)) else {
            return;
        };
        self.add_last_link(list, process);
    }

    /// Suspends the active process (its frame married and saved) and runs `process`.
    pub(crate) fn transfer_to(&mut self, process: Oop) {
        let (Some(scheduler_object), Some(active)) = (self.scheduler(), self.active_process())
        else {
            return;
        };
        let Some(context) = self.ensure_frame_context(self.fp) else {
            return;
        };
        self.save_registers_to_page();
        self.heap
            .store_pointer(active, proc::SUSPENDED_CONTEXT, context);
        self.heap
            .store_pointer(scheduler_object, scheduler::ACTIVE_PROCESS, process);
        self.heap.store_pointer(process, proc::MY_LIST, self.nil);
        let next = self.heap.fetch_pointer(process, proc::SUSPENDED_CONTEXT);
        self.heap
            .store_pointer(process, proc::SUSPENDED_CONTEXT, self.nil);
        if !self.is_context(next) {
            self.fail_run(InterpreterError::NoActiveProcess);
            return;
        }
        self.resume_context(next);
    }

    /// Removes and answers the highest-priority runnable process, sleeping until
    /// the timer fires when none is runnable; None (run failed) on deadlock.
    pub(crate) fn wake_highest_priority(&mut self) -> Option<Oop> {
        loop {
            if let Some(process) = self.highest_priority_runnable() {
                return Some(process);
            }
            if self.next_wakeup_usecs == 0 {
                self.fail_run(InterpreterError::Deadlock);
                return None;
            }
            let now = self.platform.utc_microseconds();
            if self.next_wakeup_usecs > now {
                self.platform
                    .sleep_microseconds((self.next_wakeup_usecs - now) as u64);
            }
            self.next_wakeup_usecs = 0;
            let semaphore = self
                .heap
                .special_object(special_objects::THE_TIMER_SEMAPHORE);
            self.signal_without_switch(semaphore);
        }
    }

    /// Signals a semaphore, making its waiter runnable without switching.
    fn signal_without_switch(&mut self, semaphore: Oop) {
        if !semaphore.is_pointer()
            || semaphore == self.nil
            || self.heap.num_slots(semaphore) <= linked_list::EXCESS_SIGNALS
        {
            return;
        }
        if self.is_empty_list(semaphore) {
            let excess = self
                .heap
                .fetch_pointer(semaphore, linked_list::EXCESS_SIGNALS);
            let count = excess.as_small_integer().unwrap_or(0) + 1;
            self.heap.store_pointer(
                semaphore,
                linked_list::EXCESS_SIGNALS,
                Oop::small_integer_unchecked(count),
            );
        } else {
            let process = self.remove_first_link(semaphore);
            self.put_to_sleep(process);
        }
    }

    fn highest_priority_runnable(&mut self) -> Option<Oop> {
        let scheduler_object = self.scheduler()?;
        let lists = self
            .heap
            .fetch_pointer(scheduler_object, scheduler::PROCESS_LISTS);
        if !lists.is_pointer() || lists == self.nil {
            return None;
        }
        for index in (0..self.heap.num_slots(lists)).rev() {
            let list = self.heap.fetch_pointer(lists, index);
            if list.is_pointer() && list != self.nil && !self.is_empty_list(list) {
                return Some(self.remove_first_link(list));
            }
        }
        None
    }

    /// The priority of a process (SmallInteger slot 2).
    pub(crate) fn priority_of(&self, process: Oop) -> i64 {
        self.heap
            .fetch_pointer(process, proc::PRIORITY)
            .as_small_integer()
            .unwrap_or(0)
    }

    /// The runnable list for `priority` (1-based).
    fn process_list_for(&self, priority: i64) -> Option<Oop> {
        let lists = self
            .heap
            .fetch_pointer(self.scheduler()?, scheduler::PROCESS_LISTS);
        if !lists.is_pointer()
            || lists == self.nil
            || priority < 1
            || priority as usize > self.heap.num_slots(lists)
        {
            return None;
        }
        Some(self.heap.fetch_pointer(lists, priority as usize - 1))
    }

    /// True if a LinkedList has no links.
    pub(crate) fn is_empty_list(&self, list: Oop) -> bool {
        self.heap.fetch_pointer(list, linked_list::FIRST_LINK) == self.nil
    }

    /// Appends `link` to `list` and records the list as the process's `myList`.
    pub(crate) fn add_last_link(&mut self, list: Oop, link: Oop) {
        self.heap.store_pointer(link, proc::NEXT_LINK, self.nil);
        if self.is_empty_list(list) {
            self.heap.store_pointer(list, linked_list::FIRST_LINK, link);
        } else {
            let last = self.heap.fetch_pointer(list, linked_list::LAST_LINK);
            self.heap.store_pointer(last, proc::NEXT_LINK, link);
        }
        self.heap.store_pointer(list, linked_list::LAST_LINK, link);
        self.heap.store_pointer(link, proc::MY_LIST, list);
    }

    /// Removes and answers the first link of a non-empty list.
    pub(crate) fn remove_first_link(&mut self, list: Oop) -> Oop {
        let first = self.heap.fetch_pointer(list, linked_list::FIRST_LINK);
        let last = self.heap.fetch_pointer(list, linked_list::LAST_LINK);
        if first == last {
            self.heap
                .store_pointer(list, linked_list::FIRST_LINK, self.nil);
            self.heap
                .store_pointer(list, linked_list::LAST_LINK, self.nil);
        } else {
            let next = self.heap.fetch_pointer(first, proc::NEXT_LINK);
            self.heap.store_pointer(list, linked_list::FIRST_LINK, next);
        }
        self.heap.store_pointer(first, proc::NEXT_LINK, self.nil);
        self.heap.store_pointer(first, proc::MY_LIST, self.nil);
        first
    }

    /// Removes `link` from `list` wherever it is; false if it is not there.
    pub(crate) fn remove_link(&mut self, list: Oop, link: Oop) -> bool {
        let mut previous = self.nil;
        let mut cursor = self.heap.fetch_pointer(list, linked_list::FIRST_LINK);
        while cursor != self.nil && cursor.is_pointer() {
            let next = self.heap.fetch_pointer(cursor, proc::NEXT_LINK);
            if cursor == link {
                if previous == self.nil {
                    self.heap.store_pointer(list, linked_list::FIRST_LINK, next);
                } else {
                    self.heap.store_pointer(previous, proc::NEXT_LINK, next);
                }
                if self.heap.fetch_pointer(list, linked_list::LAST_LINK) == link {
                    self.heap
                        .store_pointer(list, linked_list::LAST_LINK, previous);
                }
                self.heap.store_pointer(link, proc::NEXT_LINK, self.nil);
                self.heap.store_pointer(link, proc::MY_LIST, self.nil);
                return true;
            }
            previous = cursor;
            cursor = next;
        }
        false
    }
}
