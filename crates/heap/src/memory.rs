//! The reserved address range that holds every heap object, and raw word/byte
//! access to it. This is one of the few modules allowed `unsafe`: every access
//! goes through the methods below, which check (in debug builds) that the address
//! lies inside the committed part of the range.
//!
//! ```text
//! base                                                          base + reserved
//! |<- committed (read/write) ----------------->|<- reserved, PROT_NONE ------>|
//! ```
//! The range is reserved once with `mmap(PROT_NONE)`, at the requested base when
//! it is free (so runs are reproducible), else wherever the kernel puts it. Parts
//! are committed with `mprotect` as spaces grow and given back with `madvise`.

use crate::error::HeapError;

/// A reserved, partly committed range of virtual memory.
pub struct Memory {
    base: u64,
    reserved_bytes: u64,
    is_at_requested_base: bool,
}

const PAGE_BYTES: u64 = 4096;

impl Memory {
    /// Reserves `reserved_bytes` (rounded up to pages), preferably at `requested_base`.
    pub fn reserve(requested_base: Option<u64>, reserved_bytes: u64) -> Result<Memory, HeapError> {
        let reserved_bytes = reserved_bytes.div_ceil(PAGE_BYTES) * PAGE_BYTES;
        if reserved_bytes == 0 {
            return Err(HeapError::ReservationFailed { bytes: 0 });
        }
        if let Some(base) = requested_base.filter(|b| b % PAGE_BYTES == 0 && *b != 0) {
            if let Some(address) = map_none(Some(base), reserved_bytes) {
                if address == base {
                    return Ok(Memory {
                        base,
                        reserved_bytes,
                        is_at_requested_base: true,
                    });
                }
                unmap(address, reserved_bytes);
            }
        }
        let base = map_none(None, reserved_bytes).ok_or(HeapError::ReservationFailed {
            bytes: reserved_bytes,
        })?;
        Ok(Memory {
            base,
            reserved_bytes,
            is_at_requested_base: requested_base.is_none(),
        })
    }

    /// First address of the range.
    #[inline(always)]
    pub fn base(&self) -> u64 {
        self.base
    }

    /// One past the last reserved address.
    #[inline(always)]
    pub fn limit(&self) -> u64 {
        self.base + self.reserved_bytes
    }

    /// True if the range sits where it was asked to (or no address was asked for).
    pub fn is_at_requested_base(&self) -> bool {
        self.is_at_requested_base
    }

    /// Makes `[start, start + bytes)` readable and writable (zero-filled on first use).
    pub fn commit(&self, start: u64, bytes: u64) -> Result<(), HeapError> {
        let (page_start, page_bytes) = self.page_span(start, bytes)?;
        // SAFETY: the span lies inside our own reservation (checked by page_span);
        // changing its protection cannot affect memory owned by anyone else.
        let result = unsafe {
            libc::mprotect(
                page_start as *mut libc::c_void,
                page_bytes as usize,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        if result == 0 {
            Ok(())
        } else {
            Err(HeapError::CommitFailed {
                address: start,
                bytes,
            })
        }
    }

    /// Gives `[start, start + bytes)` back to the system; it reads as zero when committed again.
    pub fn decommit(&self, start: u64, bytes: u64) -> Result<(), HeapError> {
        let (page_start, page_bytes) = self.page_span(start, bytes)?;
        // SAFETY: the span lies inside our reservation; no Rust reference into it
        // outlives this call because all access goes through `Memory`'s methods.
        unsafe {
            libc::madvise(
                page_start as *mut libc::c_void,
                page_bytes as usize,
                libc::MADV_DONTNEED,
            );
            libc::mprotect(
                page_start as *mut libc::c_void,
                page_bytes as usize,
                libc::PROT_NONE,
            );
        }
        Ok(())
    }

    /// Gives the whole pages inside `[start, start + bytes)` back to the
    /// system but keeps them committed: they read as zero when next touched.
    pub fn discard(&self, start: u64, bytes: u64) {
        let Some(end) = start.checked_add(bytes) else {
            return;
        };
        let page_start = start.div_ceil(PAGE_BYTES) * PAGE_BYTES;
        let page_end = end / PAGE_BYTES * PAGE_BYTES;
        if page_start >= page_end || page_start < self.base || page_end > self.limit() {
            return;
        }
        // SAFETY: whole pages inside our reservation; MADV_DONTNEED on private
        // anonymous memory only drops their contents (they refill with zeros).
        unsafe {
            libc::madvise(
                page_start as *mut libc::c_void,
                (page_end - page_start) as usize,
                libc::MADV_DONTNEED,
            );
        }
    }

    fn page_span(&self, start: u64, bytes: u64) -> Result<(u64, u64), HeapError> {
        let end = start.checked_add(bytes).ok_or(HeapError::CommitFailed {
            address: start,
            bytes,
        })?;
        if start < self.base || end > self.limit() {
            return Err(HeapError::CommitFailed {
                address: start,
                bytes,
            });
        }
        let page_start = start / PAGE_BYTES * PAGE_BYTES;
        let page_end = end.div_ceil(PAGE_BYTES) * PAGE_BYTES;
        Ok((page_start, page_end - page_start))
    }

    #[inline(always)]
    fn debug_check(&self, address: u64, bytes: u64) {
        debug_assert!(
            address >= self.base && address + bytes <= self.limit(),
            "heap access at {address:#x} (+{bytes}) outside [{:#x}, {:#x})",
            self.base,
            self.limit()
        );
    }

    /// Reads the 64-bit word at `address` (8-byte aligned, committed).
    #[inline(always)]
    pub fn read_u64(&self, address: u64) -> u64 {
        self.debug_check(address, 8);
        debug_assert!(address.is_multiple_of(8));
        // SAFETY: heap invariant: every address the heap computes from a valid oop
        // lies inside committed memory of this reservation and is 8-byte aligned.
        unsafe { std::ptr::read(address as *const u64) }
    }

    /// Writes the 64-bit word at `address` (8-byte aligned, committed).
    #[inline(always)]
    pub fn write_u64(&mut self, address: u64, value: u64) {
        self.debug_check(address, 8);
        debug_assert!(address.is_multiple_of(8));
        // SAFETY: as for read_u64; `&mut self` makes this the only access in flight.
        unsafe { std::ptr::write(address as *mut u64, value) }
    }

    /// Reads the byte at `address` (committed).
    #[inline(always)]
    pub fn read_u8(&self, address: u64) -> u8 {
        self.debug_check(address, 1);
        // SAFETY: as for read_u64.
        unsafe { std::ptr::read(address as *const u8) }
    }

    /// Writes the byte at `address` (committed).
    #[inline(always)]
    pub fn write_u8(&mut self, address: u64, value: u8) {
        self.debug_check(address, 1);
        // SAFETY: as for write_u64.
        unsafe { std::ptr::write(address as *mut u8, value) }
    }

    /// The committed bytes `[address, address + len)`.
    #[inline(always)]
    pub fn slice(&self, address: u64, len: usize) -> &[u8] {
        self.debug_check(address, len as u64);
        // SAFETY: the range is committed heap memory (heap invariant); the shared
        // borrow of `self` prevents writes through `Memory` while the slice lives.
        unsafe { std::slice::from_raw_parts(address as *const u8, len) }
    }

    /// The committed 8-byte words `[address, address + 8 × count)` (aligned).
    #[inline(always)]
    pub fn words(&self, address: u64, count: usize) -> &[u64] {
        self.debug_check(address, 8 * count as u64);
        debug_assert!(address.is_multiple_of(8));
        // SAFETY: as for slice; the words are aligned heap memory.
        unsafe { std::slice::from_raw_parts(address as *const u64, count) }
    }

    /// The committed 8-byte words `[address, address + 8 × count)`, writable.
    #[inline(always)]
    pub fn words_mut(&mut self, address: u64, count: usize) -> &mut [u64] {
        self.debug_check(address, 8 * count as u64);
        debug_assert!(address.is_multiple_of(8));
        // SAFETY: as for slice_mut; the words are aligned heap memory.
        unsafe { std::slice::from_raw_parts_mut(address as *mut u64, count) }
    }

    /// The committed bytes `[address, address + len)`, writable.
    #[inline(always)]
    pub fn slice_mut(&mut self, address: u64, len: usize) -> &mut [u8] {
        self.debug_check(address, len as u64);
        // SAFETY: as for slice; the exclusive borrow makes this the only view.
        unsafe { std::slice::from_raw_parts_mut(address as *mut u8, len) }
    }

    /// Copies `len` bytes from `from` to `to` (ranges may overlap).
    #[inline]
    pub fn copy(&mut self, from: u64, to: u64, len: usize) {
        self.debug_check(from, len as u64);
        self.debug_check(to, len as u64);
        // SAFETY: both ranges are committed heap memory; `copy` allows overlap.
        unsafe { std::ptr::copy(from as *const u8, to as *mut u8, len) }
    }

    /// Fills `[address, address + bytes)` with copies of `word` (8-byte aligned).
    #[inline]
    pub fn fill_words(&mut self, address: u64, bytes: u64, word: u64) {
        self.debug_check(address, bytes);
        let words = (bytes / 8) as usize;
        // SAFETY: committed, aligned heap memory; exclusive borrow of self.
        let slots = unsafe { std::slice::from_raw_parts_mut(address as *mut u64, words) };
        slots.fill(word);
    }
}

impl Drop for Memory {
    fn drop(&mut self) {
        unmap(self.base, self.reserved_bytes);
    }
}

/// A zero-filled array of words in its own anonymous mapping, for the
/// collectors' side tables: its pages are populated when it is made (one
/// system call, much cheaper than a page fault per page as the collector
/// first touches them), and all of it goes back to the system when dropped
/// (memory freed to `malloc` may stay in the process). Falls back to a `Vec`
/// if the mapping fails.
pub struct ZeroedWords {
    /// Start of the words: the mapping, or `_fallback`'s buffer.
    address: u64,
    len: usize,
    is_mapped: bool,
    /// Holds the words when the mapping failed (never resized).
    _fallback: Vec<u64>,
}

impl ZeroedWords {
    /// `len` zero words.
    pub fn new(len: usize) -> ZeroedWords {
        let bytes = (len as u64 * 8).div_ceil(PAGE_BYTES) * PAGE_BYTES;
        if let Some(address) = (bytes > 0).then(|| map_read_write(bytes)).flatten() {
            return ZeroedWords {
                address,
                len,
                is_mapped: true,
                _fallback: Vec::new(),
            };
        }
        let mut fallback = vec![0; len];
        ZeroedWords {
            address: fallback.as_mut_ptr() as u64,
            len,
            is_mapped: false,
            _fallback: fallback,
        }
    }
}

impl std::ops::Deref for ZeroedWords {
    type Target = [u64];

    #[inline(always)]
    fn deref(&self) -> &[u64] {
        // SAFETY: `address` is our own read/write mapping of at least `len`
        // words, or the buffer of `fallback` (never resized), alive until
        // drop; `&self` keeps them from being written.
        unsafe { std::slice::from_raw_parts(self.address as *const u64, self.len) }
    }
}

impl std::ops::DerefMut for ZeroedWords {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [u64] {
        // SAFETY: as for deref; `&mut self` makes this the only view.
        unsafe { std::slice::from_raw_parts_mut(self.address as *mut u64, self.len) }
    }
}

impl Drop for ZeroedWords {
    fn drop(&mut self) {
        if self.is_mapped {
            unmap(
                self.address,
                (self.len as u64 * 8).div_ceil(PAGE_BYTES) * PAGE_BYTES,
            );
        }
    }
}

fn map_read_write(bytes: u64) -> Option<u64> {
    // SAFETY: a fresh private anonymous mapping wherever the kernel likes
    // (populated now: every caller touches all of it).
    let address = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            bytes as usize,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_POPULATE,
            -1,
            0,
        )
    };
    (address != libc::MAP_FAILED).then_some(address as u64)
}

fn map_none(hint: Option<u64>, bytes: u64) -> Option<u64> {
    let flags = libc::MAP_PRIVATE
        | libc::MAP_ANONYMOUS
        | libc::MAP_NORESERVE
        | if hint.is_some() {
            libc::MAP_FIXED_NOREPLACE
        } else {
            0
        };
    // SAFETY: an anonymous PROT_NONE mapping; with MAP_FIXED_NOREPLACE the kernel
    // refuses (rather than clobbers) a range that is already in use.
    let address = unsafe {
        libc::mmap(
            hint.unwrap_or(0) as *mut libc::c_void,
            bytes as usize,
            libc::PROT_NONE,
            flags,
            -1,
            0,
        )
    };
    if address == libc::MAP_FAILED {
        None
    } else {
        Some(address as u64)
    }
}

fn unmap(address: u64, bytes: u64) {
    // SAFETY: unmapping exactly a range this module mapped and no longer uses.
    unsafe {
        libc::munmap(address as *mut libc::c_void, bytes as usize);
    }
}
