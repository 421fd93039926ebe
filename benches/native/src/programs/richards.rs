//! Richards: Martin Richards' operating-system simulation. Six tasks (idle, worker,
//! two handlers, two devices) exchange packets under a priority scheduler; answers
//! how many packets were queued and how many times a task held itself.

use std::hint::black_box;

/// What one run answers: `[queued packet count, hold count]`.
pub type Answer = [i64; 2];

/// How many times the idle task runs before it stops the simulation.
pub const DEFAULT_SIZE: i64 = 10_000;

/// The classic answer for a count of 10000.
pub const EXPECTED: Answer = [23_246, 9_297];

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Runs the simulation with the idle task counting down from `idle_count`.
pub fn run_with(idle_count: i64) -> Answer {
    let mut scheduler = Scheduler::new(black_box(idle_count));
    scheduler.schedule();
    [scheduler.queue_packet_count, scheduler.hold_count]
}

/// True iff `answer` is what the default-size run must answer.
pub fn verify(answer: &Answer) -> bool {
    *answer == EXPECTED
}

const IDLE: usize = 1;
const WORKER: usize = 2;
const HANDLER_A: usize = 3;
const HANDLER_B: usize = 4;
const DEVICE_A: usize = 5;
const DEVICE_B: usize = 6;
const DATA_SIZE: usize = 4;

type PacketId = usize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum PacketKind {
    Device,
    Work,
}

struct Packet {
    link: Option<PacketId>,
    identity: usize,
    kind: PacketKind,
    datum: usize,
    data: [usize; DATA_SIZE],
}

enum TaskState {
    Idle {
        control: i64,
        count: i64,
    },
    Worker {
        destination: usize,
        letter: usize,
    },
    Handler {
        work_queue: Option<PacketId>,
        device_queue: Option<PacketId>,
    },
    Device {
        pending: Option<PacketId>,
    },
}

struct Task {
    link: Option<usize>,
    priority: i64,
    queue: Option<PacketId>,
    packet_pending: bool,
    waiting: bool,
    holding: bool,
    state: TaskState,
}

impl Task {
    fn is_runnable(&self) -> bool {
        !self.holding && (!self.waiting || self.packet_pending)
    }
}

struct Scheduler {
    tasks: Vec<Option<Task>>,
    packets: Vec<Packet>,
    task_list: Option<usize>,
    current: Option<usize>,
    current_identity: usize,
    queue_packet_count: i64,
    hold_count: i64,
}

impl Scheduler {
    fn new(idle_count: i64) -> Scheduler {
        let mut scheduler = Scheduler {
            tasks: (0..=DEVICE_B).map(|_| None).collect(),
            packets: Vec::new(),
            task_list: None,
            current: None,
            current_identity: 0,
            queue_packet_count: 0,
            hold_count: 0,
        };
        scheduler.create_tasks(idle_count);
        scheduler.current = scheduler.task_list;
        scheduler
    }

    fn create_tasks(&mut self, idle_count: i64) {
        let idle = TaskState::Idle {
            control: 1,
            count: idle_count,
        };
        self.add_task(IDLE, 0, None, (false, false), idle);
        let work = self.packet_chain(0, PacketKind::Work, 2);
        let worker = TaskState::Worker {
            destination: HANDLER_A,
            letter: 0,
        };
        self.add_task(WORKER, 1000, work, (true, true), worker);
        for (identity, device, priority) in
            [(HANDLER_A, DEVICE_A, 2000), (HANDLER_B, DEVICE_B, 3000)]
        {
            let queue = self.packet_chain(device, PacketKind::Device, 3);
            let handler = TaskState::Handler {
                work_queue: None,
                device_queue: None,
            };
            self.add_task(identity, priority, queue, (true, true), handler);
        }
        for (identity, priority) in [(DEVICE_A, 4000), (DEVICE_B, 5000)] {
            let device = TaskState::Device { pending: None };
            self.add_task(identity, priority, None, (false, true), device);
        }
    }

    fn packet_chain(
        &mut self,
        identity: usize,
        kind: PacketKind,
        length: usize,
    ) -> Option<PacketId> {
        let mut link = None;
        for _ in 0..length {
            self.packets.push(Packet {
                link,
                identity,
                kind,
                datum: 0,
                data: [0; DATA_SIZE],
            });
            link = Some(self.packets.len() - 1);
        }
        link
    }

    fn add_task(
        &mut self,
        identity: usize,
        priority: i64,
        queue: Option<PacketId>,
        (packet_pending, waiting): (bool, bool),
        state: TaskState,
    ) {
        let link = self.task_list;
        let task = Task {
            link,
            priority,
            queue,
            packet_pending,
            waiting,
            holding: false,
            state,
        };
        self.tasks[identity] = Some(task);
        self.task_list = Some(identity);
    }

    fn task(&mut self, identity: usize) -> &mut Task {
        self.tasks[identity]
            .as_mut()
            .expect("every task identity is created before scheduling")
    }

    fn schedule(&mut self) {
        while let Some(identity) = self.current {
            if self.task(identity).is_runnable() {
                self.current_identity = identity;
                let packet = self.take_packet_if_waiting(identity);
                self.current = self.run_task(identity, packet);
            } else {
                self.current = self.task(identity).link;
            }
        }
    }

    fn take_packet_if_waiting(&mut self, identity: usize) -> Option<PacketId> {
        let task = self.task(identity);
        if !(task.waiting && task.packet_pending) {
            return None;
        }
        let packet = task.queue?;
        let next = self.packets[packet].link;
        let task = self.task(identity);
        task.queue = next;
        task.packet_pending = next.is_some();
        task.waiting = false;
        Some(packet)
    }

    fn run_task(&mut self, identity: usize, packet: Option<PacketId>) -> Option<usize> {
        let mut state = std::mem::replace(
            &mut self.task(identity).state,
            TaskState::Device { pending: None },
        );
        let next = match &mut state {
            TaskState::Idle { control, count } => self.run_idle(control, count),
            TaskState::Worker {
                destination,
                letter,
            } => self.run_worker(packet, destination, letter),
            TaskState::Handler {
                work_queue,
                device_queue,
            } => self.run_handler(packet, work_queue, device_queue),
            TaskState::Device { pending } => self.run_device(packet, pending),
        };
        self.task(identity).state = state;
        next
    }

    fn run_idle(&mut self, control: &mut i64, count: &mut i64) -> Option<usize> {
        *count -= 1;
        if *count == 0 {
            return self.hold_self();
        }
        if *control & 1 == 0 {
            *control >>= 1;
            self.release(DEVICE_A)
        } else {
            *control = (*control >> 1) ^ 0xD008;
            self.release(DEVICE_B)
        }
    }

    fn run_worker(
        &mut self,
        packet: Option<PacketId>,
        destination: &mut usize,
        letter: &mut usize,
    ) -> Option<usize> {
        let Some(packet) = packet else {
            return self.wait_current();
        };
        *destination = if *destination == HANDLER_A {
            HANDLER_B
        } else {
            HANDLER_A
        };
        let work = &mut self.packets[packet];
        work.identity = *destination;
        work.datum = 0;
        for slot in work.data.iter_mut() {
            *letter = if *letter >= 26 { 1 } else { *letter + 1 };
            *slot = *letter;
        }
        self.queue_packet(packet)
    }

    fn run_handler(
        &mut self,
        packet: Option<PacketId>,
        work_queue: &mut Option<PacketId>,
        device_queue: &mut Option<PacketId>,
    ) -> Option<usize> {
        if let Some(packet) = packet {
            let queue = if self.packets[packet].kind == PacketKind::Work {
                &mut *work_queue
            } else {
                &mut *device_queue
            };
            *queue = Some(self.append(packet, *queue));
        }
        let Some(work) = *work_queue else {
            return self.wait_current();
        };
        let count = self.packets[work].datum;
        if count >= DATA_SIZE {
            *work_queue = self.packets[work].link;
            return self.queue_packet(work);
        }
        let Some(device) = *device_queue else {
            return self.wait_current();
        };
        *device_queue = self.packets[device].link;
        self.packets[device].datum = self.packets[work].data[count];
        self.packets[work].datum = count + 1;
        self.queue_packet(device)
    }

    fn run_device(
        &mut self,
        packet: Option<PacketId>,
        pending: &mut Option<PacketId>,
    ) -> Option<usize> {
        match packet {
            None => match pending.take() {
                None => self.wait_current(),
                Some(held) => self.queue_packet(held),
            },
            Some(packet) => {
                *pending = Some(packet);
                self.hold_self()
            }
        }
    }

    fn hold_self(&mut self) -> Option<usize> {
        self.hold_count += 1;
        let task = self.task(self.current_identity);
        task.holding = true;
        task.link
    }

    fn wait_current(&mut self) -> Option<usize> {
        self.task(self.current_identity).waiting = true;
        Some(self.current_identity)
    }

    fn release(&mut self, identity: usize) -> Option<usize> {
        let current_priority = self.task(self.current_identity).priority;
        let task = self.task(identity);
        task.holding = false;
        Some(if task.priority > current_priority {
            identity
        } else {
            self.current_identity
        })
    }

    fn queue_packet(&mut self, packet: PacketId) -> Option<usize> {
        let target = self.packets[packet].identity;
        self.queue_packet_count += 1;
        self.packets[packet].link = None;
        self.packets[packet].identity = self.current_identity;
        let current_priority = self.task(self.current_identity).priority;
        let task = self.task(target);
        match task.queue {
            None => {
                task.queue = Some(packet);
                task.packet_pending = true;
                Some(if task.priority > current_priority {
                    target
                } else {
                    self.current_identity
                })
            }
            Some(head) => {
                let head = self.append(packet, Some(head));
                self.task(target).queue = Some(head);
                Some(self.current_identity)
            }
        }
    }

    /// Appends `packet` (unlinked first) to the end of `queue`; answers the new head.
    fn append(&mut self, packet: PacketId, queue: Option<PacketId>) -> PacketId {
        self.packets[packet].link = None;
        let Some(head) = queue else {
            return packet;
        };
        let mut last = head;
        while let Some(next) = self.packets[last].link {
            last = next;
        }
        self.packets[last].link = Some(packet);
        head
    }
}

#[cfg(test)]
mod tests;
