//! Loading a 64-bit image (68021/68533): segments are copied end to end without
//! their bridges, and every pointer is relocated from the saved address space
//! to `target_base`, after checking it lands on an object header.
//!
//! Passes: copy → index (object-start bitmap, forwarders, the five fixed
//! objects) → resolve forwarders → relocate every object → erase forwarders
//! into free chunks → relocate the special objects oop → check class indices.
//! Free chunks and the free-lists object keep their sizes but get zeroed slots
//! (their contents are raw addresses the heap rebuilds).

use crate::bytes::{get_u64, put_u64};
use crate::error::ImageError;
use crate::fixed_objects::{check_fixed_objects, FixedObjects};
use crate::forwarders::{resolve_forwarders, ForwardStep};
use crate::header::{ImageHeader, FLOATS_LITTLE_ENDIAN_FLAG};
use crate::segments::{SavedSegment, SegmentMap};
use crate::space::{check_class_indices, SpaceView};
use crate::starts::ObjectStarts;
use crate::walk::{object_at, ObjectSpan, WalkFault};
use crate::{LoadedImage, WordSize};
use std::collections::HashMap;
use stvm_object_model::{class_index, ObjectHeader};

/// Loads the 64-bit image `bytes` whose header and segments are already read.
pub fn load_64_bit(
    bytes: &[u8],
    header: &ImageHeader,
    segments: &[SavedSegment],
    target_base: u64,
) -> Result<LoadedImage, ImageError> {
    let map = SegmentMap::new(segments);
    if target_base.checked_add(map.total_object_bytes()).is_none() {
        return Err(ImageError::BadTargetBase { target_base });
    }
    let mut space = concatenate_segments(bytes, &map)?;
    let index = index_objects(&space, &map)?;
    let (special_objects, uses_sista) = relocate(&mut space, &map, &index, header, target_base)?;
    check_class_indices(&SpaceView::new(&space, target_base), |offset| {
        map.file_offset_of(offset)
    })?;
    let mut header = *header;
    header.header_flags |= FLOATS_LITTLE_ENDIAN_FLAG;
    Ok(LoadedImage {
        header,
        old_space: space,
        target_base,
        special_objects,
        last_hash: header.last_hash,
        converted_from_32_bit: false,
        uses_sista,
    })
}

/// Resolves forwarders, relocates every object, erases the forwarders and
/// answers the relocated special objects oop and whether Sista V1 is used.
fn relocate(
    space: &mut [u8],
    map: &SegmentMap,
    index: &ObjectIndex,
    header: &ImageHeader,
    target_base: u64,
) -> Result<(u64, bool), ImageError> {
    let forwarders = resolve_forwarders(
        &index.forwarders,
        |offset| forward_step(space, map, &index.starts, offset),
        |offset| map.file_offset_of(offset),
    )?;
    let relocator = Relocator {
        map,
        starts: &index.starts,
        forwarders,
        target_base,
    };
    let mut relocation = Relocation {
        relocator: &relocator,
        fixed: index.fixed,
        floats_need_swap: !header.floats_are_little_endian(),
        uses_sista: header.has_multiple_bytecode_sets_bit(),
    };
    for_each_object_mut(space, map, |space, span| {
        relocation.relocate_object(space, span)
    })?;
    erase_forwarders(space, &index.forwarders);
    let field_offset = header_field_offset(header);
    let special_objects = relocator.translate(space, header.special_objects_oop, field_offset)?;
    Ok((special_objects, relocation.uses_sista))
}

/// File offset of the special-objects field, named when it is a bad pointer.
fn header_field_offset(header: &ImageHeader) -> u64 {
    2 * 4 + 2 * header.word_size.bytes()
}

fn concatenate_segments(bytes: &[u8], map: &SegmentMap) -> Result<Vec<u8>, ImageError> {
    let mut space = Vec::with_capacity(map.total_object_bytes() as usize);
    for segment in map.segments() {
        let start = segment.file_offset as usize;
        let end = start + segment.object_bytes as usize;
        let objects = bytes.get(start..end).ok_or(ImageError::Truncated {
            what: "segment",
            needed: end as u64,
            available: bytes.len() as u64,
        })?;
        space.extend_from_slice(objects);
    }
    Ok(space)
}

/// The object at `position` of the segment whose objects end at `end`.
fn span_at(
    space: &[u8],
    map: &SegmentMap,
    position: u64,
    end: u64,
) -> Result<ObjectSpan, ImageError> {
    object_at(space, position, end, WordSize::Bits64)
        .map_err(|fault| walk_error(fault, map.file_offset_of(position)))
}

/// Calls `visit` on every object of every segment, in address order.
fn for_each_object(
    space: &[u8],
    map: &SegmentMap,
    mut visit: impl FnMut(&ObjectSpan) -> Result<(), ImageError>,
) -> Result<(), ImageError> {
    for segment in map.segments() {
        let end = segment.space_offset + segment.object_bytes;
        let mut position = segment.space_offset;
        while position < end {
            let span = span_at(space, map, position, end)?;
            visit(&span)?;
            position = span.end;
        }
    }
    Ok(())
}

/// As `for_each_object`, letting `visit` change object bodies (never headers).
fn for_each_object_mut(
    space: &mut [u8],
    map: &SegmentMap,
    mut visit: impl FnMut(&mut [u8], &ObjectSpan) -> Result<(), ImageError>,
) -> Result<(), ImageError> {
    for segment in map.segments() {
        let end = segment.space_offset + segment.object_bytes;
        let mut position = segment.space_offset;
        while position < end {
            let span = span_at(space, map, position, end)?;
            visit(space, &span)?;
            position = span.end;
        }
    }
    Ok(())
}

/// The error for a walk fault at `file_offset`.
pub fn walk_error(fault: WalkFault, file_offset: u64) -> ImageError {
    match fault {
        WalkFault::Overrun => ImageError::ObjectOverrunsSegment { file_offset },
        WalkFault::BadOverflowHeader => ImageError::BadOverflowHeader { file_offset },
    }
}

/// What the first walk learns.
struct ObjectIndex {
    starts: ObjectStarts,
    forwarders: Vec<u64>,
    fixed: FixedObjects,
}

fn index_objects(space: &[u8], map: &SegmentMap) -> Result<ObjectIndex, ImageError> {
    let mut starts = ObjectStarts::for_space_bytes(space.len() as u64);
    let mut forwarders = Vec::new();
    let mut first_five = Vec::with_capacity(5);
    for_each_object(space, map, |span| {
        check_format(span, map.file_offset_of(span.header_offset))?;
        starts.insert(span.header_offset);
        if span.header.class_index() == class_index::FORWARDED {
            forwarders.push(span.header_offset);
        }
        if first_five.len() < 5 {
            first_five.push(*span);
        }
        Ok(())
    })?;
    let fixed = check_fixed_objects(&first_five, |offset| map.file_offset_of(offset))?;
    Ok(ObjectIndex {
        starts,
        forwarders,
        fixed,
    })
}

/// Rejects the formats no object may have: 6 and 8 (unused), and 7 on
/// anything but a forwarder; forwarders need a slot for their target.
pub fn check_format(span: &ObjectSpan, file_offset: u64) -> Result<(), ImageError> {
    let format = span.header.format().value();
    let is_forwarder = span.header.class_index() == class_index::FORWARDED;
    if format == 6 || format == 8 || (format == 7 && !is_forwarder) {
        return Err(ImageError::InvalidFormat {
            file_offset,
            format,
        });
    }
    if is_forwarder && span.num_slots == 0 {
        return Err(ImageError::BadForwarder { file_offset });
    }
    Ok(())
}

fn forward_step(
    space: &[u8],
    map: &SegmentMap,
    starts: &ObjectStarts,
    forwarder: u64,
) -> Result<ForwardStep, ImageError> {
    let slot_offset = forwarder + 8;
    let file_offset = map.file_offset_of(slot_offset);
    let target =
        get_u64(space, slot_offset as usize).ok_or(ImageError::BadForwarder { file_offset })?;
    if target & 7 != 0 {
        return Err(ImageError::BadForwarder {
            file_offset: map.file_offset_of(forwarder),
        });
    }
    let offset = locate_object(map, starts, target, file_offset)?;
    match ObjectHeader(get_u64(space, offset as usize).unwrap_or(0)).class_index() {
        class_index::FORWARDED => Ok(ForwardStep::Forwarder(offset)),
        class_index::FREE | class_index::SEGMENT_BRIDGE => Err(ImageError::PointerToFreeChunk {
            file_offset,
            pointer: target,
        }),
        _ => Ok(ForwardStep::Object(offset)),
    }
}

/// The space offset of the object header at saved address `pointer`.
fn locate_object(
    map: &SegmentMap,
    starts: &ObjectStarts,
    pointer: u64,
    file_offset: u64,
) -> Result<u64, ImageError> {
    let offset = map
        .space_offset_of(pointer)
        .ok_or(ImageError::PointerOutsideImage {
            file_offset,
            pointer,
        })?;
    if !starts.contains(offset) {
        return Err(ImageError::PointerIntoObject {
            file_offset,
            pointer,
        });
    }
    Ok(offset)
}

/// Translates saved pointers to relocated ones.
struct Relocator<'a> {
    map: &'a SegmentMap,
    starts: &'a ObjectStarts,
    forwarders: HashMap<u64, u64>,
    target_base: u64,
}

impl Relocator<'_> {
    /// The relocated oop for the saved `pointer` held at `file_offset`.
    #[inline]
    fn translate(&self, space: &[u8], pointer: u64, file_offset: u64) -> Result<u64, ImageError> {
        let offset = locate_object(self.map, self.starts, pointer, file_offset)?;
        let class = ObjectHeader(get_u64(space, offset as usize).unwrap_or(0)).class_index();
        let offset = match class {
            class_index::FORWARDED => {
                *self
                    .forwarders
                    .get(&offset)
                    .ok_or(ImageError::BadForwarder {
                        file_offset: self.map.file_offset_of(offset),
                    })?
            }
            class_index::FREE | class_index::SEGMENT_BRIDGE => {
                return Err(ImageError::PointerToFreeChunk {
                    file_offset,
                    pointer,
                })
            }
            _ => offset,
        };
        Ok(self.target_base + offset)
    }

    /// Relocates the oop in the slot at space offset `slot`.
    #[inline]
    fn relocate_slot(&self, space: &mut [u8], slot: u64) -> Result<(), ImageError> {
        let Some(word) = get_u64(space, slot as usize) else {
            return Err(ImageError::ObjectOverrunsSegment {
                file_offset: self.map.file_offset_of(slot),
            });
        };
        match word & 7 {
            0 => {
                let relocated = self.translate(space, word, self.map.file_offset_of(slot))?;
                put_u64(space, slot as usize, relocated);
                Ok(())
            }
            1 | 2 | 4 => Ok(()),
            _ => Err(ImageError::InvalidImmediate {
                file_offset: self.map.file_offset_of(slot),
                value: word,
            }),
        }
    }
}

/// The relocation pass over every object.
struct Relocation<'a> {
    relocator: &'a Relocator<'a>,
    fixed: FixedObjects,
    floats_need_swap: bool,
    uses_sista: bool,
}

impl Relocation<'_> {
    fn relocate_object(&mut self, space: &mut [u8], span: &ObjectSpan) -> Result<(), ImageError> {
        let class = span.header.class_index();
        let format = span.header.format();
        if class == class_index::FREE || span.header_offset == self.fixed.free_lists {
            zero_slots(space, span);
        } else if class == class_index::FORWARDED {
            // Erased after every reference to it has been redirected.
        } else if format.is_pointers() {
            self.relocate_slots(space, span, span.num_slots)?;
        } else if format.is_compiled_method() {
            let literals = self.method_literal_count(space, span)?;
            self.relocate_slots_from(space, span, 1, literals + 1)?;
        } else if class == class_index::BOXED_FLOAT && self.floats_need_swap {
            swap_float_halves(space, span);
        }
        Ok(())
    }

    fn relocate_slots(
        &self,
        space: &mut [u8],
        span: &ObjectSpan,
        count: u64,
    ) -> Result<(), ImageError> {
        self.relocate_slots_from(space, span, 0, count)
    }

    fn relocate_slots_from(
        &self,
        space: &mut [u8],
        span: &ObjectSpan,
        first: u64,
        end: u64,
    ) -> Result<(), ImageError> {
        for index in first..end {
            self.relocator
                .relocate_slot(space, span.body_offset() + index * 8)?;
        }
        Ok(())
    }

    /// The literal count of a method, checking its header is a SmallInteger
    /// and its literals fit; notes whether it uses the Sista V1 set.
    fn method_literal_count(&mut self, space: &[u8], span: &ObjectSpan) -> Result<u64, ImageError> {
        let file_offset = self.relocator.map.file_offset_of(span.header_offset);
        let bad = ImageError::BadMethodHeader { file_offset };
        let method_header = get_u64(space, span.body_offset() as usize).ok_or(bad)?;
        if span.num_slots == 0 || method_header & 7 != 1 {
            return Err(ImageError::BadMethodHeader { file_offset });
        }
        let value = (method_header as i64) >> 3;
        self.uses_sista |= value < 0;
        let literals = (value & 0x7FFF) as u64;
        if literals + 1 > span.num_slots {
            return Err(ImageError::BadMethodHeader { file_offset });
        }
        Ok(literals)
    }
}

fn zero_slots(space: &mut [u8], span: &ObjectSpan) {
    let start = span.body_offset() as usize;
    if let Some(body) = space.get_mut(start..span.end as usize) {
        body.fill(0);
    }
}

/// Boxed floats saved most-significant word first become native little-endian.
fn swap_float_halves(space: &mut [u8], span: &ObjectSpan) {
    let start = span.body_offset() as usize;
    if let Some(value) = get_u64(space, start) {
        put_u64(space, start, value.rotate_left(32));
    }
}

/// Turns each (now unreferenced) forwarder into a free chunk of the same size.
fn erase_forwarders(space: &mut [u8], forwarders: &[u64]) {
    for &offset in forwarders {
        let Some(header) = get_u64(space, offset as usize).map(ObjectHeader) else {
            continue;
        };
        let free = ObjectHeader::new(0, Default::default(), class_index::FREE)
            .with_raw_num_slots(header.raw_num_slots());
        put_u64(space, offset as usize, free.bits());
        let slots = if header.has_overflow_slots() {
            get_u64(space, offset as usize - 8)
                .map_or(0, stvm_object_model::header::overflow_word_slots)
        } else {
            header.raw_num_slots()
        };
        let body = offset as usize + 8;
        if let Some(bytes) = space.get_mut(body..body + slots.max(1) as usize * 8) {
            bytes.fill(0);
        }
    }
}
