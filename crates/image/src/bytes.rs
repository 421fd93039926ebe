//! Bounds-checked little-endian reads from image bytes: every read either
//! answers the value or an `ImageError::Truncated`, never panics.

use crate::error::ImageError;

fn slice_at<'a, const N: usize>(
    bytes: &'a [u8],
    offset: usize,
    what: &'static str,
) -> Result<&'a [u8; N], ImageError> {
    let end = offset.checked_add(N);
    match end.and_then(|end| bytes.get(offset..end)) {
        Some(slice) => slice
            .try_into()
            .map_err(|_| truncated(bytes, offset, N, what)),
        None => Err(truncated(bytes, offset, N, what)),
    }
}

fn truncated(bytes: &[u8], offset: usize, len: usize, what: &'static str) -> ImageError {
    ImageError::Truncated {
        what,
        needed: (offset as u64).saturating_add(len as u64),
        available: bytes.len() as u64,
    }
}

/// The little-endian u16 at `offset`.
pub fn read_u16(bytes: &[u8], offset: usize, what: &'static str) -> Result<u16, ImageError> {
    slice_at::<2>(bytes, offset, what).map(|b| u16::from_le_bytes(*b))
}

/// The little-endian u32 at `offset`.
pub fn read_u32(bytes: &[u8], offset: usize, what: &'static str) -> Result<u32, ImageError> {
    slice_at::<4>(bytes, offset, what).map(|b| u32::from_le_bytes(*b))
}

/// The little-endian u64 at `offset`.
pub fn read_u64(bytes: &[u8], offset: usize, what: &'static str) -> Result<u64, ImageError> {
    slice_at::<8>(bytes, offset, what).map(|b| u64::from_le_bytes(*b))
}

/// The u64 at `offset`, or `None` past the end (for walks that already checked bounds).
pub fn get_u64(bytes: &[u8], offset: usize) -> Option<u64> {
    let end = offset.checked_add(8)?;
    let slice: &[u8; 8] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u64::from_le_bytes(*slice))
}

/// The u32 at `offset`, or `None` past the end.
pub fn get_u32(bytes: &[u8], offset: usize) -> Option<u32> {
    let end = offset.checked_add(4)?;
    let slice: &[u8; 4] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u32::from_le_bytes(*slice))
}

/// Stores `value` little-endian at `offset`; answers false (and writes nothing)
/// if it does not fit.
pub fn put_u64(bytes: &mut [u8], offset: usize, value: u64) -> bool {
    match offset
        .checked_add(8)
        .and_then(|end| bytes.get_mut(offset..end))
    {
        Some(slot) => {
            slot.copy_from_slice(&value.to_le_bytes());
            true
        }
        None => false,
    }
}
