//! The stack zone: one contiguous vector of oop slots cut into fixed-size stack
//! pages that hold Smalltalk frames. Every slot in use holds a valid oop (non-oop
//! frame fields are stored as SmallIntegers), so the GC can visit a page's used
//! slots as plain roots without understanding frames.
//!
//! Frame layout (the stack grows towards higher indices; `fp` is a slot index):
//!
//! ```text
//!  index           slot                                      pushed by
//!  ─────────────   ─────────────────────────────────────     ─────────
//!  page.start      caller context of the page's base frame   (page)
//!                  (a Context, nil, or unused for inner frames)
//!  fp-numArgs-1    receiver / closure (blocks)               caller
//!  fp-numArgs ..   arguments 1 .. numArgs                    caller
//!  fp-1
//!  fp+0            saved caller ip  (SmallInteger byte offset)  callee
//!  fp+1            saved caller fp  (SmallInteger; 0 = base frame of its page)
//!  fp+2            method (CompiledMethod, or CompiledBlock for full blocks)
//!  fp+3            context married to this frame, or nil
//!  fp+4            flags: SmallInteger numArgs | isBlock << 8
//!  fp+5            receiver (for blocks: the closure's receiver)
//!  fp+6 ..         all temps: copies of the arguments 1 .. numArgs, then
//!                  the other temps (block: copied values first), then the
//!                  operand stack
//!  sp              top of stack (index of the last pushed slot)
//! ```
//!
//! The callee copies its arguments above the header so that temp `i` is
//! always slot `fp + 6 + i` (no test against numArgs on every temp access).
//! Smalltalk cannot assign to arguments, and everything that reads or writes
//! temps (contexts, the debugger's `tempAt:put:`) goes through `temp_index`,
//! so the copies are the arguments; the caller's slots only give the
//! receiver's position, where the result goes.
//!
//! A page's base frame has saved fp 0 and finds its caller through the context
//! in `page.start`. When the interpreter leaves a page that still holds frames
//! (a send that overflows onto a new page, a process switch), the page records
//! its head frame's fp, sp and ip. The interpreter owns the policy (marrying,
//! divorcing); this module owns the slots and the page bookkeeping.
//!
//! Slot access needs no bounds check: the slot array always has `ZONE_SLOTS`
//! slots (a power of two; at most `MAX_NUM_PAGES` pages use them) and every
//! index is masked with `ZONE_SLOTS - 1`, which leaves valid indices unchanged. A frame never grows past its page: the
//! interpreter checks room at activation (`limit`) and every push against the
//! page's end (`page_end_of`), failing cleanly with `InterpreterError::StackOverflow`.
use stvm_object_model::Oop;

/// Slots in one stack page.
pub const PAGE_SLOTS: usize = 4096;
/// Pages in a default stack zone.
pub const DEFAULT_NUM_PAGES: usize = 64;
/// Most pages a stack zone can have.
pub const MAX_NUM_PAGES: usize = 64;
/// Slots in the slot array (whether or not all pages exist).
const ZONE_SLOTS: usize = MAX_NUM_PAGES * PAGE_SLOTS;
/// Mask that keeps a slot index inside the slot array.
const SLOT_MASK: usize = ZONE_SLOTS - 1;
/// Slots allocated past `ZONE_SLOTS` (never used by pages), so that a
/// [`FramePointer`] at any masked index reaches every frame offset in bounds
/// (a power of two: offsets are masked with `FRAME_OFFSET_PADDING - 1`).
const FRAME_OFFSET_PADDING: usize = 512;
/// Slots kept free at the end of a page for a frame's operand stack: a new frame
/// starts only if its header, temps and largest stack fit below `limit`.
pub(crate) const PAGE_HEADROOM: usize = 64;

/// Offsets from fp of the frame fields (see the module diagram).
pub mod frame {
    /// Saved caller ip.
    pub const SAVED_IP: usize = 0;
    /// Saved caller fp (0 for a base frame).
    pub const SAVED_FP: usize = 1;
    /// Method or CompiledBlock.
    pub const METHOD: usize = 2;
    /// Married context or nil.
    pub const CONTEXT: usize = 3;
    /// numArgs | isBlock << 8.
    pub const FLAGS: usize = 4;
    /// Receiver.
    pub const RECEIVER: usize = 5;
    /// First temp beyond the arguments.
    pub const FIRST_TEMP: usize = 6;
    /// Bit of FLAGS marking a block activation.
    pub const IS_BLOCK_FLAG: i64 = 1 << 8;
    /// FLAGS from this bit on: the caller's code base + 1, or 0 when unknown.
    /// The fast loop's sends note it so that their returns find the caller's
    /// ops without a probe (`fast_path/sends.rs`); it is cleared whenever
    /// bases may have become invalid (`StackZone::forget_caller_code_bases`).
    pub const CALLER_CODE_SHIFT: u32 = 16;
}

/// One page's bookkeeping.
#[derive(Clone, Debug, Default)]
pub struct StackPage {
    /// First slot (holds the base frame's caller context).
    pub start: usize,
    /// Frames must end below this slot.
    pub limit: usize,
    /// fp of the topmost frame while the page is not current.
    pub head_fp: usize,
    /// sp of the topmost frame while the page is not current.
    pub head_sp: usize,
    /// ip of the topmost frame while the page is not current.
    pub head_ip: usize,
    /// True while the page holds frames.
    pub is_in_use: bool,
    /// Use stamp for least-recently-used replacement.
    pub last_used: u64,
}

/// The stack zone: slots and pages.
pub struct StackZone {
    /// All slots of all pages and the padding (allocated once, never replaced).
    slots: Box<[Oop; ZONE_SLOTS + FRAME_OFFSET_PADDING]>,
    /// Page bookkeeping, in slot order.
    pub pages: Vec<StackPage>,
    /// Index of the page the interpreter runs on.
    pub current_page: usize,
    use_clock: u64,
}

/// The slot array's address and mask, for the fast loop to keep in registers.
///
/// Valid as long as the zone that handed it out: the slot array is allocated
/// once and never moves, grows or shrinks. Only the interpreter's fast loop
/// holds one, within its `&mut Interpreter` borrow, and takes a fresh one after
/// anything else has run.
#[derive(Clone, Copy)]
pub(crate) struct SlotPointer {
    base: *mut Oop,
}

impl SlotPointer {
    /// Slot `index`.
    #[inline(always)]
    pub(crate) fn at(self, index: usize) -> Oop {
        // SAFETY: `base` points at the zone's slot array of `ZONE_SLOTS` slots,
        // alive and unmoved while the zone is (see the type's comment); the
        // masked index is in bounds.
        unsafe { *self.base.add(index & SLOT_MASK) }
    }

    /// Stores slot `index`.
    #[inline(always)]
    pub(crate) fn put(self, index: usize, value: Oop) {
        // SAFETY: as in `at`; the fast loop writes slots only through this pointer.
        unsafe { *self.base.add(index & SLOT_MASK) = value }
    }

    /// The slot index of `frame` (made by this zone's `frame`).
    #[inline(always)]
    pub(crate) fn index_of(self, frame: FramePointer) -> usize {
        (frame.first as usize - self.base as usize) / size_of::<Oop>()
    }

    /// The frame at slot `fp` (masked into the zone).
    #[inline(always)]
    pub(crate) fn frame(self, fp: usize) -> FramePointer {
        FramePointer {
            // SAFETY: the masked index is below ZONE_SLOTS, inside the slot
            // array `base` points at.
            first: unsafe { self.base.add(fp & SLOT_MASK) },
        }
    }
}

/// The slots of one frame, by offset from its fp slot: one load or store
/// each (the fast loop's temps, receiver and frame fields). Offsets are masked
/// with `FRAME_OFFSET_PADDING - 1`, which costs nothing for the offsets the
/// loop uses (a byte plus a small constant) and leaves them unchanged: frames
/// hold at most `FIRST_TEMP` + 255 slots below the operand stack.
///
/// Points at a slot of the zone's slot array below `ZONE_SLOTS` (made only by
/// [`SlotPointer::frame`], which masks), so every masked offset lies in the
/// array thanks to `FRAME_OFFSET_PADDING`. Valid as long as its `SlotPointer`.
#[derive(Clone, Copy)]
pub(crate) struct FramePointer {
    first: *mut Oop,
}

impl FramePointer {
    /// The slot `offset` slots above fp.
    #[inline(always)]
    pub(crate) fn at(self, offset: usize) -> Oop {
        // SAFETY: `first` is below ZONE_SLOTS in the slot array, which has
        // FRAME_OFFSET_PADDING more slots; the masked offset is below that.
        unsafe { *self.first.add(offset & (FRAME_OFFSET_PADDING - 1)) }
    }

    /// Stores the slot `offset` slots above fp.
    #[inline(always)]
    pub(crate) fn put(self, offset: usize, value: Oop) {
        // SAFETY: as in `at`.
        unsafe { *self.first.add(offset & (FRAME_OFFSET_PADDING - 1)) = value }
    }

    /// A frame field as an integer.
    #[inline(always)]
    pub(crate) fn int_at(self, offset: usize) -> usize {
        self.at(offset).small_integer_value() as usize
    }

    /// Writes the six header slots of a new frame.
    #[inline(always)]
    pub(crate) fn put_header(self, header: [Oop; frame::FIRST_TEMP]) {
        for (offset, value) in header.into_iter().enumerate() {
            self.put(offset, value);
        }
    }
}

impl StackZone {
    /// The slot array's address for the fast loop.
    #[inline(always)]
    pub(crate) fn slot_pointer(&mut self) -> SlotPointer {
        SlotPointer {
            base: self.slots.as_mut_ptr(),
        }
    }

    /// A zone of `num_pages` (2 to `MAX_NUM_PAGES`) empty pages, every slot `fill`.
    pub fn new(num_pages: usize, fill: Oop) -> StackZone {
        let num_pages = num_pages.clamp(2, MAX_NUM_PAGES);
        let slots: Box<[Oop]> = vec![fill; ZONE_SLOTS + FRAME_OFFSET_PADDING].into_boxed_slice();
        let Ok(slots) = slots.try_into() else {
            unreachable!("the vector has exactly ZONE_SLOTS + FRAME_OFFSET_PADDING slots");
        };
        let pages = (0..num_pages)
            .map(|index| StackPage {
                start: index * PAGE_SLOTS,
                limit: (index + 1) * PAGE_SLOTS - PAGE_HEADROOM,
                ..StackPage::default()
            })
            .collect();
        StackZone {
            slots,
            pages,
            current_page: 0,
            use_clock: 0,
        }
    }

    /// The page holding slot `index`.
    #[inline(always)]
    pub fn page_of(&self, index: usize) -> usize {
        index / PAGE_SLOTS
    }

    /// A free page, if any.
    pub fn free_page(&self) -> Option<usize> {
        self.pages.iter().position(|page| !page.is_in_use)
    }

    /// The least recently used page other than `except`.
    pub fn least_recently_used_page(&self, except: usize) -> usize {
        let mut best = if except == 0 { 1 } else { 0 };
        for (index, page) in self.pages.iter().enumerate() {
            if index != except && page.last_used < self.pages[best].last_used {
                best = index;
            }
        }
        best
    }

    /// Marks `page` in use and current.
    pub fn make_current(&mut self, page: usize) {
        self.use_clock += 1;
        self.pages[page].is_in_use = true;
        self.pages[page].last_used = self.use_clock;
        self.current_page = page;
    }

    /// Marks `page` free.
    pub fn free(&mut self, page: usize) {
        self.pages[page].is_in_use = false;
    }

    /// Number of pages holding frames.
    pub fn pages_in_use(&self) -> usize {
        self.pages.iter().filter(|page| page.is_in_use).count()
    }

    /// Every slot, read-only.
    pub fn slots(&self) -> &[Oop] {
        &self.slots[..ZONE_SLOTS]
    }

    /// Every slot, writable.
    pub fn slots_mut(&mut self) -> &mut [Oop] {
        &mut self.slots[..ZONE_SLOTS]
    }

    /// Number of slots the pages cover (`pages.len() · PAGE_SLOTS`).
    pub fn pages_len(&self) -> usize {
        self.pages.len() * PAGE_SLOTS
    }

    /// One past the last slot a frame on the page holding slot `index` may use.
    #[inline(always)]
    pub fn page_end_of(&self, index: usize) -> usize {
        (index / PAGE_SLOTS + 1) * PAGE_SLOTS
    }

    /// Slot `index`.
    #[inline(always)]
    pub fn at(&self, index: usize) -> Oop {
        self.slots[index & SLOT_MASK]
    }

    /// Stores slot `index`.
    #[inline(always)]
    pub fn put(&mut self, index: usize, value: Oop) {
        self.slots[index & SLOT_MASK] = value;
    }

    /// A frame field as an integer (ip, fp, flags).
    #[inline(always)]
    pub fn int_at(&self, index: usize) -> usize {
        self.at(index).small_integer_value() as usize
    }

    /// Stores an integer frame field.
    #[inline(always)]
    pub fn put_int(&mut self, index: usize, value: usize) {
        self.put(index, Oop::small_integer_unchecked(value as i64));
    }

    /// Number of arguments of the frame at `fp`.
    #[inline(always)]
    pub fn frame_num_args(&self, fp: usize) -> usize {
        (self.at(fp + frame::FLAGS).small_integer_value() & 0xFF) as usize
    }

    /// True if the frame at `fp` is a block activation.
    #[inline(always)]
    pub fn frame_is_block(&self, fp: usize) -> bool {
        self.at(fp + frame::FLAGS).small_integer_value() & frame::IS_BLOCK_FLAG != 0
    }

    /// True if the frame at `fp` is the base frame of its page.
    #[inline(always)]
    pub fn frame_is_base(&self, fp: usize) -> bool {
        self.int_at(fp + frame::SAVED_FP) == 0
    }

    /// Slot index of the receiver/closure the caller pushed for the frame at `fp`.
    #[inline(always)]
    pub fn frame_stacked_receiver_index(&self, fp: usize) -> usize {
        fp - self.frame_num_args(fp) - 1
    }

    /// Slot index of temp `index` (0-based, arguments first) of the frame at `fp`.
    #[inline(always)]
    pub fn temp_index(&self, fp: usize, index: usize) -> usize {
        fp + frame::FIRST_TEMP + index
    }

    /// Forgets the caller code bases frames note in their flags (see
    /// `frame::CALLER_CODE_SHIFT`), on every page; `current_fp` is the head of
    /// the current page.
    pub fn forget_caller_code_bases(&mut self, current_fp: usize) {
        let heads: Vec<usize> = (self.pages.iter().enumerate())
            .filter(|(_, page)| page.is_in_use)
            .map(|(index, page)| {
                if index == self.current_page {
                    current_fp
                } else {
                    page.head_fp
                }
            })
            .filter(|head| *head != 0)
            .collect();
        let frames: Vec<usize> = (heads.into_iter())
            .flat_map(|head| self.frames_of_page(head))
            .collect();
        for fp in frames {
            let flags = self.at(fp + frame::FLAGS).small_integer_value();
            let kept = flags & ((1 << frame::CALLER_CODE_SHIFT) - 1);
            self.put(fp + frame::FLAGS, Oop::small_integer_unchecked(kept));
        }
    }

    /// The fps of the frames on `page`, head first, given its head fp.
    pub fn frames_of_page(&self, head_fp: usize) -> Vec<usize> {
        let mut frames = vec![head_fp];
        let mut fp = head_fp;
        while !self.frame_is_base(fp) {
            fp = self.int_at(fp + frame::SAVED_FP);
            frames.push(fp);
        }
        frames
    }
}

#[cfg(test)]
mod tests;
