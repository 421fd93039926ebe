//! `summarize`: what `stvm image info` prints about a loaded image — object and
//! class counts, methods per bytecode set, sizes, and the first classes of the
//! class table by name. Works on any bytes (a `LoadedImage`'s fields are
//! public), answering what it can find rather than failing.

use crate::space::SpaceView;
use crate::LoadedImage;
use std::fmt;
use stvm_object_model::class_index;

/// How many class-table entries `summarize` names.
pub const NAMED_CLASSES: usize = 24;
/// Slot of the class name in Squeak/Pharo-layout classes.
pub const CLASS_NAME_SLOT: u64 = 6;

/// Facts about a loaded image.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ImageSummary {
    /// Image format number of the file.
    pub format: u32,
    /// True if the file was 32-bit and converted.
    pub converted_from_32_bit: bool,
    /// True if any method uses Sista V1 (or the format says so).
    pub uses_sista: bool,
    /// Bytes of old space.
    pub total_bytes: u64,
    /// Objects other than free chunks (hidden ones included).
    pub object_count: u64,
    /// Free chunks.
    pub free_chunk_count: u64,
    /// Bytes in free chunks.
    pub free_bytes: u64,
    /// Non-nil class-table entries (an entry listed twice counts twice).
    pub class_count: u64,
    /// Compiled methods and blocks whose header selects V3PlusClosures.
    pub v3_plus_closures_methods: u64,
    /// Compiled methods and blocks whose header selects Sista V1.
    pub sista_v1_methods: u64,
    /// The first non-nil class-table entries: (class index, name or "?").
    pub first_classes: Vec<(u32, String)>,
}

/// Summarises `loaded`.
pub fn summarize(loaded: &LoadedImage) -> ImageSummary {
    let view = SpaceView::new(&loaded.old_space, loaded.target_base);
    let mut summary = ImageSummary {
        format: loaded.header.format,
        converted_from_32_bit: loaded.converted_from_32_bit,
        uses_sista: loaded.uses_sista,
        total_bytes: loaded.old_space.len() as u64,
        ..ImageSummary::default()
    };
    count_objects(&view, &mut summary);
    list_classes(&view, &mut summary);
    summary
}

fn count_objects(view: &SpaceView<'_>, summary: &mut ImageSummary) {
    for span in view.objects() {
        if span.header.class_index() == class_index::FREE {
            summary.free_chunk_count += 1;
            summary.free_bytes += span.end - span.start;
            continue;
        }
        summary.object_count += 1;
        if span.header.format().is_compiled_method() {
            let header =
                crate::bytes::get_u64(view.bytes(), span.body_offset() as usize).unwrap_or(0);
            if (header as i64) < 0 {
                summary.sista_v1_methods += 1;
            } else {
                summary.v3_plus_closures_methods += 1;
            }
        }
    }
}

fn list_classes(view: &SpaceView<'_>, summary: &mut ImageSummary) {
    for (page_number, page) in view.class_table_pages().into_iter().enumerate() {
        let Some(page) = page else { continue };
        let entries = view.object(page).map_or(0, |span| span.num_slots);
        for minor in 0..entries {
            let Some(class) = view
                .slot(page, minor)
                .filter(|&c| c & 7 == 0 && c != view.base())
            else {
                continue;
            };
            summary.class_count += 1;
            if summary.first_classes.len() < NAMED_CLASSES {
                let index =
                    (page_number as u32) << class_index::CLASS_TABLE_MAJOR_SHIFT | minor as u32;
                let name = class_name(view, class).unwrap_or_else(|| "?".to_string());
                summary.first_classes.push((index, name));
            }
        }
    }
}

/// The name of the class at `class`: slot 6 when it holds a byte string (the
/// Squeak/Pharo layout), else the first of slots 0–15 holding a byte string
/// that looks like a class name. A metaclass (which has no name) answers
/// "<name> class" through whichever of its slots holds its sole instance.
pub fn class_name(view: &SpaceView<'_>, class: u64) -> Option<String> {
    direct_name(view, class).or_else(|| metaclass_name(view, class))
}

fn direct_name(view: &SpaceView<'_>, class: u64) -> Option<String> {
    name_in_slot(view, class, CLASS_NAME_SLOT)
        .or_else(|| (0..16).find_map(|slot| name_in_slot(view, class, slot)))
}

fn metaclass_name(view: &SpaceView<'_>, metaclass: u64) -> Option<String> {
    (0..16).find_map(|slot| {
        let this_class = view.slot(metaclass, slot).filter(|oop| oop & 7 == 0)?;
        let class_index = view.object(this_class)?.header.class_index();
        if view.class_at_index(class_index) != Some(metaclass) {
            return None;
        }
        direct_name(view, this_class).map(|name| format!("{name} class"))
    })
}

fn name_in_slot(view: &SpaceView<'_>, class: u64, slot: u64) -> Option<String> {
    let oop = view.slot(class, slot)?;
    if oop & 7 != 0 {
        return None;
    }
    let bytes = view.byte_contents(oop)?;
    let looks_like_name = bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    looks_like_name.then(|| String::from_utf8_lossy(bytes).into_owned())
}

impl fmt::Display for ImageSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = if self.converted_from_32_bit {
            " (converted from 32-bit)"
        } else {
            ""
        };
        writeln!(f, "format:            {}{source}", self.format)?;
        writeln!(f, "old space:         {} bytes", self.total_bytes)?;
        writeln!(f, "objects:           {}", self.object_count)?;
        writeln!(
            f,
            "free chunks:       {} ({} bytes)",
            self.free_chunk_count, self.free_bytes
        )?;
        writeln!(f, "classes:           {}", self.class_count)?;
        writeln!(f, "methods V3+closures: {}", self.v3_plus_closures_methods)?;
        writeln!(f, "methods Sista V1:  {}", self.sista_v1_methods)?;
        writeln!(f, "uses Sista:        {}", self.uses_sista)?;
        writeln!(f, "first classes:")?;
        for (index, name) in &self.first_classes {
            writeln!(f, "  {index:>5}  {name}")?;
        }
        Ok(())
    }
}
