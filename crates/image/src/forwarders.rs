//! Resolving forwarders (class index 8) found in a file. Snapshots made by a
//! full-GC'ing VM have none, but SqueakJS-saved images do (headless-spur32 has
//! 44). The loader replaces every reference to a forwarder by the final target
//! of its chain, so the loaded space contains no forwarders; chains are followed
//! once each (O(n) overall) and cycles are reported, never looped on.

use crate::error::ImageError;
use std::collections::{HashMap, HashSet};

/// Where one step of a forwarding chain leads.
pub enum ForwardStep {
    /// To another forwarder, identified by its key.
    Forwarder(u64),
    /// To a real object: the value every forwarder on the chain resolves to.
    Object(u64),
}

/// Resolves every forwarder in `forwarders` (keys) to the value its chain ends at.
/// `step` answers where a forwarder points; `file_offset_of` names a forwarder
/// in errors.
pub fn resolve_forwarders(
    forwarders: &[u64],
    mut step: impl FnMut(u64) -> Result<ForwardStep, ImageError>,
    file_offset_of: impl Fn(u64) -> u64,
) -> Result<HashMap<u64, u64>, ImageError> {
    let mut resolved: HashMap<u64, u64> = HashMap::with_capacity(forwarders.len());
    let mut path: Vec<u64> = Vec::new();
    let mut on_path: HashSet<u64> = HashSet::new();
    for &start in forwarders {
        path.clear();
        on_path.clear();
        let mut current = start;
        let value = loop {
            if let Some(&value) = resolved.get(&current) {
                break value;
            }
            if !on_path.insert(current) {
                return Err(ImageError::BadForwarder {
                    file_offset: file_offset_of(current),
                });
            }
            path.push(current);
            match step(current)? {
                ForwardStep::Forwarder(next) => current = next,
                ForwardStep::Object(value) => break value,
            }
        };
        for &member in &path {
            resolved.insert(member, value);
        }
    }
    Ok(resolved)
}
