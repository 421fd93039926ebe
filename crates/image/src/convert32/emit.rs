//! Writing one 32-bit object as a 64-bit object at the next output position:
//! header with the same class index, hash and flags but recomputed format and
//! slot count; slots widened; bytes copied; method headers re-tagged; the pcs
//! of Contexts and BlockClosures moved by the growth of their method's literal
//! frame (a pc is a byte index that counts the header and literals).

use super::shape::{method_header_32, Body, Shape};
use super::source::{NewOops, Source32, Visit};
use crate::bytes::put_u64;
use crate::error::ImageError;
use crate::walk::ObjectSpan;
use stvm_object_model::header::{needs_overflow_word, overflow_word};
use stvm_object_model::oop::MIN_SMALL_INTEGER;
use stvm_object_model::{class_index, layout, ObjectFormat, Oop};

/// Writes converted objects into `out`, one after another.
pub struct Emitter<'a> {
    /// The 32-bit source.
    pub source: &'a Source32<'a>,
    /// What each source object became.
    pub new_oops: &'a NewOops,
    /// The output space.
    pub out: &'a mut [u8],
    /// Next free output offset.
    pub cursor: u64,
    /// True once a method selects the Sista V1 set.
    pub uses_sista: bool,
    /// True if boxed floats are saved least-significant word first.
    pub floats_little_endian: bool,
}

impl Emitter<'_> {
    /// Writes the object `visit` with the `shape` planned for it.
    pub fn emit(&mut self, visit: &Visit, shape: Shape) -> Result<(), ImageError> {
        let Shape::Object {
            slots,
            format,
            class_index,
            body,
        } = shape
        else {
            return Ok(());
        };
        let header_offset = self.write_header(&visit.span, slots, format, class_index);
        let body_offset = header_offset + 8;
        match body {
            Body::Pointers => {
                self.widen_slots(&visit.span, body_offset, 0, visit.span.num_slots)?
            }
            Body::Zeroed => {}
            Body::Bits { bytes } => self.copy_bits(&visit.span, body_offset, 0, bytes, class_index),
            Body::Method {
                literals,
                bytecodes,
            } => self.write_method(&visit.span, body_offset, literals, bytecodes)?,
        }
        self.adjust_pcs(&visit.span, class_index, body_offset);
        self.cursor = header_offset + 8 + 8 * slots.max(1);
        Ok(())
    }

    fn write_header(
        &mut self,
        span: &ObjectSpan,
        slots: u64,
        format: ObjectFormat,
        class: u32,
    ) -> u64 {
        let mut header_offset = self.cursor;
        let raw_slots = if needs_overflow_word(slots) {
            put_u64(self.out, header_offset as usize, overflow_word(slots));
            header_offset += 8;
            255
        } else {
            slots
        };
        let header = span
            .header
            .with_class_index(class)
            .with_format(format)
            .with_raw_num_slots(raw_slots);
        put_u64(self.out, header_offset as usize, header.bits());
        header_offset
    }

    fn widen_slots(
        &mut self,
        span: &ObjectSpan,
        body: u64,
        first: u64,
        end: u64,
    ) -> Result<(), ImageError> {
        for index in first..end {
            let slot_offset = span.body_offset() + index * 4;
            let word = self
                .source
                .slot(span, index)
                .ok_or(ImageError::ObjectOverrunsSegment {
                    file_offset: slot_offset,
                })?;
            let oop = self
                .new_oops
                .convert_oop(self.source.map, word, slot_offset)?;
            put_u64(self.out, (body + index * 8) as usize, oop);
        }
        Ok(())
    }

    fn copy_bits(&mut self, span: &ObjectSpan, body: u64, skip: u64, bytes: u64, class: u32) {
        let from = (span.body_offset() + skip) as usize;
        let to = body as usize;
        let (Some(source), Some(target)) = (
            self.source.file.get(from..from + bytes as usize),
            self.out.get_mut(to..to + bytes as usize),
        ) else {
            return;
        };
        target.copy_from_slice(source);
        if class == class_index::BOXED_FLOAT && bytes == 8 && !self.floats_little_endian {
            target.rotate_left(4);
        }
    }

    fn write_method(
        &mut self,
        span: &ObjectSpan,
        body: u64,
        literals: u64,
        bytecodes: u64,
    ) -> Result<(), ImageError> {
        let bad = ImageError::BadMethodHeader {
            file_offset: span.header_offset,
        };
        let header = method_header_32(self.source.file, span).ok_or(bad)?;
        let value = i64::from(header as i32 >> 1);
        self.uses_sista |= value < 0;
        let fields = value & 0x3FFF_FFFF;
        let widened = if value < 0 {
            fields + MIN_SMALL_INTEGER
        } else {
            value
        };
        put_u64(
            self.out,
            body as usize,
            Oop::small_integer_unchecked(widened).bits(),
        );
        self.widen_slots(span, body, 1, literals + 1)?;
        self.copy_literal_tail(span, body, literals, bytecodes);
        Ok(())
    }

    fn copy_literal_tail(&mut self, span: &ObjectSpan, body: u64, literals: u64, bytecodes: u64) {
        let frame_32 = (literals + 1) * 4;
        let frame_64 = (literals + 1) * 8;
        self.copy_bits(span, body + frame_64, frame_32, bytecodes, 0);
    }

    /// Contexts (class index 36) and BlockClosures (37) hold pcs into methods
    /// whose literal frames just doubled in size.
    fn adjust_pcs(&mut self, span: &ObjectSpan, class: u32, body: u64) {
        let method = match class {
            class_index::CONTEXT => self.source.slot(span, layout::context::METHOD as u64),
            class_index::BLOCK_CLOSURE => self
                .source
                .slot(span, layout::block_closure::OUTER_CONTEXT as u64)
                .and_then(|outer| self.source.object_at_saved(u64::from(outer)))
                .and_then(|outer| self.source.slot(&outer, layout::context::METHOD as u64)),
            _ => return,
        };
        let pc_index = layout::context::PC as u64; // == block_closure::START_PC
        let (Some(delta), Some(pc)) = (
            method.and_then(|m| self.literal_frame_growth(m)),
            self.source.slot(span, pc_index),
        ) else {
            return;
        };
        if pc & 1 == 1 {
            let moved = i64::from(pc as i32 >> 1) + delta as i64;
            put_u64(
                self.out,
                (body + pc_index * 8) as usize,
                Oop::small_integer_unchecked(moved).bits(),
            );
        }
    }

    /// Bytes the literal frame of the 32-bit method at `method` grows by.
    fn literal_frame_growth(&self, method: u32) -> Option<u64> {
        if method & 3 != 0 {
            return None;
        }
        let span = self.source.object_at_saved(u64::from(method))?;
        if !span.header.format().is_compiled_method() {
            return None;
        }
        let header = method_header_32(self.source.file, &span)?;
        Some((u64::from((header >> 1) & 0x7FFF) + 1) * 4)
    }
}
