//! Fast access to the fields of a CompiledMethod / CompiledBlock header
//! (reference §7.2), read straight from the untagged SmallInteger in slot 0.
use stvm_heap::Heap;
use stvm_object_model::Oop;

/// The untagged header word of a compiled method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MethodHeaderBits(pub i64);

impl MethodHeaderBits {
    /// The header of `method` (which must be compiled code).
    #[inline(always)]
    pub fn of(heap: &Heap, method: Oop) -> MethodHeaderBits {
        MethodHeaderBits(heap.fetch_pointer(method, 0).small_integer_value())
    }
    /// Number of literals.
    #[inline(always)]
    pub fn num_literals(self) -> usize {
        (self.0 & 0x7FFF) as usize
    }
    /// Number of temporaries including arguments.
    #[inline(always)]
    pub fn num_temps(self) -> usize {
        ((self.0 >> 18) & 0x3F) as usize
    }
    /// Number of arguments.
    #[inline(always)]
    pub fn num_args(self) -> usize {
        ((self.0 >> 24) & 0xF) as usize
    }
    /// True if the first bytecode is a callPrimitive.
    #[inline(always)]
    pub fn has_primitive(self) -> bool {
        self.0 & 0x1_0000 != 0
    }
    /// True if the activation needs a large frame (56 stack slots).
    #[inline(always)]
    pub fn is_large_frame(self) -> bool {
        self.0 & 0x2_0000 != 0
    }
    /// True for the Sista V1 set (sign bit), false for V3PlusClosures.
    #[inline(always)]
    pub fn is_sista(self) -> bool {
        self.0 < 0
    }
    /// Byte offset (0-based, within the object body) of the first bytecode.
    #[inline(always)]
    pub fn initial_ip(self) -> usize {
        (self.num_literals() + 1) * 8
    }
    /// Stack slots a context of this method needs (16 or 56).
    #[inline(always)]
    pub fn frame_slots(self) -> usize {
        if self.is_large_frame() {
            56
        } else {
            16
        }
    }
}

/// True if `oop` is compiled code (format ≥ 24) with a SmallInteger header.
pub(crate) fn is_compiled_code(heap: &Heap, oop: Oop) -> bool {
    oop.is_pointer()
        && heap.format_of(oop).is_compiled_method()
        && heap.num_slots(oop) > 0
        && heap.fetch_pointer(oop, 0).is_small_integer()
}

/// The primitive number of `method` (0 if none), from its callPrimitive prefix.
pub(crate) fn primitive_index_of(heap: &Heap, method: Oop) -> u16 {
    let header = MethodHeaderBits::of(heap, method);
    if !header.has_primitive() {
        return 0;
    }
    let start = header.initial_ip();
    if start + 3 > heap.byte_size(method) {
        return 0;
    }
    let opcode = heap.fetch_byte(method, start);
    let low = u16::from(heap.fetch_byte(method, start + 1));
    let high = u16::from(heap.fetch_byte(method, start + 2));
    match (header.is_sista(), opcode) {
        (true, 248) => low | (high & 0x7F) << 8,
        (false, 139) => low | high << 8,
        _ => 0,
    }
}
