//! Loading a 32-bit image (6521) by converting every object to 64-bit Spur
//! layout (the job of OpenSmalltalk's Spur32to64BitBootstrap, done at load).
//!
//! Pass 1 (plan) walks the 32-bit objects in place, decides each one's 64-bit
//! shape (`shape.rs`) and address, and records old → new in `NewOops`.
//! Forwarders are then resolved to their final targets. Pass 2 (emit) writes
//! every 64-bit object with its pointers already translated. Last, the class
//! table is fixed up for 64-bit: entry 3 (SmallInteger's odd-tag duplicate on
//! 32-bit) becomes nil, since index 3 is only the bridge pun on 64-bit; and if
//! entry 4 (SmallFloat64) is empty, the boxed-float class (entry 34) is entered
//! there too, so that the immediate floats made here have a class.
//!
//! Not done: LargeIntegers keep their bytes and class even when their value now
//! fits a 61-bit SmallInteger (no normalisation: object identity and any digit
//! buffers are preserved; arithmetic primitives normalise their own results).
//! Hidden-root objects 4096+ (mark stack, remembered set…) are converted like
//! any other object; their contents are raw VM data the heap must rebuild.

mod emit;
mod shape;
mod source;

use crate::error::ImageError;
use crate::fixed_objects::check_fixed_objects;
use crate::forwarders::{resolve_forwarders, ForwardStep};
use crate::header::ImageHeader;
use crate::load64::check_format;
use crate::segments::{SavedSegment, SegmentMap};
use crate::space::{check_class_indices, SpaceView};
use crate::walk::ObjectSpan;
use crate::LoadedImage;
use emit::Emitter;
use shape::{shape_of, Shape};
use source::{NewOops, Source32};
use stvm_object_model::header::bytes_for_slots;
use stvm_object_model::{class_index, header::header_prefix_bytes};

/// Loads the 32-bit image `bytes` whose header and segments are already read.
pub fn load_32_bit(
    bytes: &[u8],
    header: &ImageHeader,
    segments: &[SavedSegment],
    target_base: u64,
) -> Result<LoadedImage, ImageError> {
    let map = SegmentMap::new(segments);
    let source = Source32 {
        file: bytes,
        map: &map,
    };
    let floats_little_endian = header.floats_are_little_endian();
    let mut plan = plan_layout(&source, floats_little_endian, target_base)?;
    resolve_forwarded(&source, &mut plan)?;
    let (mut out, uses_sista) = emit_objects(&source, &plan, header)?;
    let special_objects = convert_special_objects(&plan.new_oops, &map, header)?;
    fix_class_table(&mut out, target_base);
    check_class_indices(&SpaceView::new(&out, target_base), |offset| offset)?;
    Ok(LoadedImage {
        header: ImageHeader {
            header_flags: header.header_flags | crate::header::FLOATS_LITTLE_ENDIAN_FLAG,
            ..*header
        },
        old_space: out,
        target_base,
        special_objects,
        last_hash: header.last_hash,
        converted_from_32_bit: true,
        uses_sista,
    })
}

/// Pass 2: writes every kept object; answers the space and whether any method
/// uses Sista V1.
fn emit_objects(
    source: &Source32<'_>,
    plan: &Layout,
    header: &ImageHeader,
) -> Result<(Vec<u8>, bool), ImageError> {
    let floats_little_endian = header.floats_are_little_endian();
    let mut out = vec![0u8; plan.total_bytes as usize];
    let mut emitter = Emitter {
        source,
        new_oops: &plan.new_oops,
        out: &mut out,
        cursor: 0,
        uses_sista: header.has_multiple_bytecode_sets_bit(),
        floats_little_endian,
    };
    source.for_each_object(|visit| {
        let shape = shape_of(
            source.file,
            &visit.span,
            visit.ordinal,
            floats_little_endian,
        )?;
        emitter.emit(visit, shape)
    })?;
    let uses_sista = emitter.uses_sista;
    Ok((out, uses_sista))
}

/// Where every 32-bit object goes.
struct Layout {
    new_oops: NewOops,
    forwarders: Vec<u64>,
    total_bytes: u64,
}

fn plan_layout(
    source: &Source32<'_>,
    floats_little_endian: bool,
    target_base: u64,
) -> Result<Layout, ImageError> {
    let mut new_oops = NewOops::for_space_bytes(source.map.total_object_bytes());
    let mut forwarders = Vec::new();
    let mut first_five = Vec::with_capacity(5);
    let mut cursor: u64 = 0;
    source.for_each_object(|visit| {
        check_format(&visit.span, visit.span.header_offset)?;
        if first_five.len() < 5 {
            first_five.push(visit.span);
        }
        let shape = shape_of(
            source.file,
            &visit.span,
            visit.ordinal,
            floats_little_endian,
        )?;
        let value = match shape {
            Shape::Dropped if visit.span.header.class_index() == class_index::FORWARDED => {
                forwarders.push(visit.space_offset);
                NewOops::FORWARDER
            }
            Shape::Dropped => NewOops::DROPPED,
            Shape::Immediate(immediate) => immediate,
            Shape::Object { slots, .. } => place_object(&mut cursor, slots, target_base)?,
        };
        new_oops.set(visit.space_offset, value);
        Ok(())
    })?;
    check_fixed_objects(&first_five, |offset| offset)?;
    Ok(Layout {
        new_oops,
        forwarders,
        total_bytes: cursor,
    })
}

/// The oop of an object of `slots` slots placed at `cursor`; advances it.
fn place_object(cursor: &mut u64, slots: u64, target_base: u64) -> Result<u64, ImageError> {
    let oop = target_base
        .checked_add(*cursor + header_prefix_bytes(slots))
        .ok_or(ImageError::BadTargetBase { target_base })?;
    *cursor += bytes_for_slots(slots);
    Ok(oop)
}

fn resolve_forwarded(source: &Source32<'_>, plan: &mut Layout) -> Result<(), ImageError> {
    let map = source.map;
    let new_oops = &plan.new_oops;
    let resolved = resolve_forwarders(
        &plan.forwarders,
        |forwarder| {
            let file_offset = map.file_offset_of(forwarder);
            let span = source
                .object_with_header_at(file_offset)
                .ok_or(ImageError::BadForwarder { file_offset })?;
            forward_step(source, new_oops, &span)
        },
        |forwarder| map.file_offset_of(forwarder),
    )?;
    for (forwarder, target) in resolved {
        plan.new_oops.set(forwarder, target);
    }
    Ok(())
}

fn forward_step(
    source: &Source32<'_>,
    new_oops: &NewOops,
    span: &ObjectSpan,
) -> Result<ForwardStep, ImageError> {
    let slot_offset = span.body_offset();
    let target = source.slot(span, 0).ok_or(ImageError::BadForwarder {
        file_offset: span.header_offset,
    })?;
    if target & 3 != 0 {
        return Err(ImageError::BadForwarder {
            file_offset: span.header_offset,
        });
    }
    let pointer = u64::from(target);
    let offset = source
        .map
        .space_offset_of(pointer)
        .ok_or(ImageError::PointerOutsideImage {
            file_offset: slot_offset,
            pointer,
        })?;
    match new_oops.get(offset) {
        NewOops::NONE => Err(ImageError::PointerIntoObject {
            file_offset: slot_offset,
            pointer,
        }),
        NewOops::DROPPED => Err(ImageError::PointerToFreeChunk {
            file_offset: slot_offset,
            pointer,
        }),
        NewOops::FORWARDER => Ok(ForwardStep::Forwarder(offset)),
        value => Ok(ForwardStep::Object(value)),
    }
}

fn convert_special_objects(
    new_oops: &NewOops,
    map: &SegmentMap,
    header: &ImageHeader,
) -> Result<u64, ImageError> {
    const FIELD_OFFSET: u64 = 16;
    let word = u32::try_from(header.special_objects_oop).unwrap_or(1);
    if word & 3 != 0 {
        return Err(ImageError::BadRootObject {
            what: "special objects array",
            file_offset: FIELD_OFFSET,
        });
    }
    new_oops.convert_oop(map, word, FIELD_OFFSET)
}

/// Class-table page 0 for 64-bit: entry 3 is the bridge pun, entry 4 SmallFloat64.
fn fix_class_table(out: &mut [u8], base: u64) {
    let view = SpaceView::new(out, base);
    let nil = base;
    let Some(page) = view.hidden_roots().and_then(|roots| view.slot(roots, 0)) else {
        return;
    };
    let Some(page_body) = view.object(page).map(|span| span.body_offset()) else {
        return;
    };
    let entry = |index: u32| view.class_at_index(index);
    let small_integer = entry(class_index::SMALL_INTEGER);
    let fixes = [
        (
            class_index::SEGMENT_BRIDGE,
            (entry(class_index::SEGMENT_BRIDGE) == small_integer && small_integer.is_some())
                .then_some(nil),
        ),
        (
            class_index::SMALL_FLOAT,
            entry(class_index::SMALL_FLOAT)
                .is_none()
                .then(|| entry(class_index::BOXED_FLOAT))
                .flatten(),
        ),
    ];
    for (index, value) in fixes {
        if let Some(value) = value {
            crate::bytes::put_u64(out, (page_body + u64::from(index) * 8) as usize, value);
        }
    }
}
