//! Arbitrary-precision integers for the LargeInteger primitives: a sign and a
//! magnitude of little-endian 32-bit digits, always normalized (no leading zero
//! digits; zero is never negative).

use std::cmp::Ordering;

/// A signed arbitrary-precision integer.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BigInt {
    /// True for values below zero.
    pub negative: bool,
    /// Little-endian base-2^32 digits, no leading zeros.
    pub digits: Vec<u32>,
}

fn trim(digits: &mut Vec<u32>) {
    while digits.last() == Some(&0) {
        digits.pop();
    }
}

/// Compares two magnitudes.
pub fn compare_magnitudes(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

fn add_magnitudes(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut result = Vec::with_capacity(long.len() + 1);
    let mut carry = 0u64;
    for (i, &digit) in long.iter().enumerate() {
        let sum = digit as u64 + *short.get(i).unwrap_or(&0) as u64 + carry;
        result.push(sum as u32);
        carry = sum >> 32;
    }
    if carry != 0 {
        result.push(carry as u32);
    }
    result
}

/// `a - b` for magnitudes with `a >= b`.
fn subtract_magnitudes(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut result = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &digit) in a.iter().enumerate() {
        let mut difference = digit as i64 - *b.get(i).unwrap_or(&0) as i64 - borrow;
        borrow = if difference < 0 { 1 } else { 0 };
        if difference < 0 {
            difference += 1 << 32;
        }
        result.push(difference as u32);
    }
    trim(&mut result);
    result
}

fn multiply_magnitudes(a: &[u32], b: &[u32]) -> Vec<u32> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut result = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = x as u64 * y as u64 + result[i + j] as u64 + carry;
            result[i + j] = t as u32;
            carry = t >> 32;
        }
        result[i + b.len()] = carry as u32;
    }
    trim(&mut result);
    result
}

fn divide_by_digit(a: &[u32], divisor: u32) -> (Vec<u32>, u32) {
    let mut quotient = vec![0u32; a.len()];
    let mut remainder = 0u64;
    for i in (0..a.len()).rev() {
        let current = (remainder << 32) | a[i] as u64;
        quotient[i] = (current / divisor as u64) as u32;
        remainder = current % divisor as u64;
    }
    trim(&mut quotient);
    (quotient, remainder as u32)
}

/// Knuth's algorithm D on magnitudes; `b` has at least two digits and `a >= b`.
fn divide_long(a: &[u32], b: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let shift = b[b.len() - 1].leading_zeros();
    let divisor = shift_left_digits(b, shift);
    let mut dividend = shift_left_digits(a, shift);
    if dividend.len() == a.len() {
        dividend.push(0);
    }
    let n = divisor.len();
    let m = dividend.len() - n;
    let mut quotient = vec![0u32; m];
    let top = divisor[n - 1] as u64;
    let second = divisor[n - 2] as u64;
    for j in (0..m).rev() {
        let numerator = ((dividend[j + n] as u64) << 32) | dividend[j + n - 1] as u64;
        let mut estimate = numerator / top;
        let mut rest = numerator % top;
        while estimate >= 1 << 32
            || (estimate as u128) * (second as u128)
                > (((rest as u128) << 32) | dividend[j + n - 2] as u128)
        {
            estimate -= 1;
            rest += top;
            if rest >= 1 << 32 {
                break;
            }
        }
        let mut borrow = 0i64;
        let mut carry = 0u64;
        for i in 0..n {
            let product = estimate * divisor[i] as u64 + carry;
            carry = product >> 32;
            let t = dividend[i + j] as i64 - borrow - (product & 0xFFFF_FFFF) as i64;
            dividend[i + j] = t as u32;
            borrow = if t < 0 { 1 } else { 0 };
        }
        let t = dividend[j + n] as i64 - borrow - carry as i64;
        dividend[j + n] = t as u32;
        if t < 0 {
            estimate -= 1;
            let mut carry = 0u64;
            for i in 0..n {
                let sum = dividend[i + j] as u64 + divisor[i] as u64 + carry;
                dividend[i + j] = sum as u32;
                carry = sum >> 32;
            }
            dividend[j + n] = dividend[j + n].wrapping_add(carry as u32);
        }
        quotient[j] = estimate as u32;
    }
    trim(&mut quotient);
    dividend.truncate(n);
    let mut remainder = shift_right_digits(&dividend, shift);
    trim(&mut remainder);
    (quotient, remainder)
}

fn shift_left_digits(a: &[u32], bits: u32) -> Vec<u32> {
    if bits == 0 {
        return a.to_vec();
    }
    let mut result = Vec::with_capacity(a.len() + 1);
    let mut carry = 0u32;
    for &digit in a {
        result.push((digit << bits) | carry);
        carry = digit >> (32 - bits);
    }
    if carry != 0 {
        result.push(carry);
    }
    result
}

fn shift_right_digits(a: &[u32], bits: u32) -> Vec<u32> {
    if bits == 0 {
        return a.to_vec();
    }
    let mut result = vec![0u32; a.len()];
    for i in 0..a.len() {
        let high = if i + 1 < a.len() {
            a[i + 1] << (32 - bits)
        } else {
            0
        };
        result[i] = (a[i] >> bits) | high;
    }
    result
}

/// Quotient and remainder of magnitudes (truncated); `None` if `b` is zero.
pub fn divide_magnitudes(a: &[u32], b: &[u32]) -> Option<(Vec<u32>, Vec<u32>)> {
    match b.len() {
        0 => None,
        _ if compare_magnitudes(a, b) == Ordering::Less => Some((Vec::new(), a.to_vec())),
        1 => {
            let (q, r) = divide_by_digit(a, b[0]);
            let mut r = vec![r];
            trim(&mut r);
            Some((q, r))
        }
        _ => Some(divide_long(a, b)),
    }
}

impl BigInt {
    /// Zero.
    pub fn zero() -> BigInt {
        BigInt::default()
    }

    /// A value from its sign and magnitude digits (normalizing them).
    pub fn from_parts(negative: bool, mut digits: Vec<u32>) -> BigInt {
        trim(&mut digits);
        let negative = negative && !digits.is_empty();
        BigInt { negative, digits }
    }

    /// A value from a sign and little-endian magnitude bytes.
    pub fn from_magnitude_bytes(negative: bool, bytes: &[u8]) -> BigInt {
        let digits = bytes
            .chunks(4)
            .map(|chunk| {
                let mut word = [0u8; 4];
                word[..chunk.len()].copy_from_slice(chunk);
                u32::from_le_bytes(word)
            })
            .collect();
        BigInt::from_parts(negative, digits)
    }

    /// The magnitude as little-endian bytes without leading zero bytes.
    pub fn magnitude_bytes(&self) -> Vec<u8> {
        let mut bytes: Vec<u8> = self.digits.iter().flat_map(|d| d.to_le_bytes()).collect();
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        bytes
    }

    /// A value from an i128.
    pub fn from_i128(value: i128) -> BigInt {
        let magnitude = value.unsigned_abs();
        let digits = (0..4).map(|i| (magnitude >> (32 * i)) as u32).collect();
        BigInt::from_parts(value < 0, digits)
    }

    /// The value as an i128 if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        if self.digits.len() > 4 {
            return None;
        }
        let mut magnitude = 0u128;
        for (i, &d) in self.digits.iter().enumerate() {
            magnitude |= (d as u128) << (32 * i);
        }
        if self.negative {
            if magnitude > 1u128 << 127 {
                return None;
            }
            Some((magnitude as i128).wrapping_neg())
        } else {
            i128::try_from(magnitude).ok()
        }
    }

    /// The value as an i64 if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.to_i128().and_then(|v| i64::try_from(v).ok())
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The number of significant bits of the magnitude.
    pub fn bit_length(&self) -> u64 {
        match self.digits.last() {
            None => 0,
            Some(top) => 32 * (self.digits.len() as u64 - 1) + (32 - top.leading_zeros()) as u64,
        }
    }

    /// `-self`.
    pub fn negated(&self) -> BigInt {
        BigInt::from_parts(!self.negative, self.digits.clone())
    }

    /// `self + other`.
    pub fn add(&self, other: &BigInt) -> BigInt {
        if self.negative == other.negative {
            return BigInt::from_parts(self.negative, add_magnitudes(&self.digits, &other.digits));
        }
        match compare_magnitudes(&self.digits, &other.digits) {
            Ordering::Less => BigInt::from_parts(
                other.negative,
                subtract_magnitudes(&other.digits, &self.digits),
            ),
            _ => BigInt::from_parts(
                self.negative,
                subtract_magnitudes(&self.digits, &other.digits),
            ),
        }
    }

    /// `self - other`.
    pub fn subtract(&self, other: &BigInt) -> BigInt {
        self.add(&other.negated())
    }

    /// `self * other`.
    pub fn multiply(&self, other: &BigInt) -> BigInt {
        BigInt::from_parts(
            self.negative != other.negative,
            multiply_magnitudes(&self.digits, &other.digits),
        )
    }

    /// Truncated quotient and remainder (`quo:` / `rem:`); `None` for a zero divisor.
    pub fn divide_truncated(&self, other: &BigInt) -> Option<(BigInt, BigInt)> {
        let (q, r) = divide_magnitudes(&self.digits, &other.digits)?;
        Some((
            BigInt::from_parts(self.negative != other.negative, q),
            BigInt::from_parts(self.negative, r),
        ))
    }

    /// Floored quotient and modulo (`//` / `\\`); `None` for a zero divisor.
    pub fn divide_floored(&self, other: &BigInt) -> Option<(BigInt, BigInt)> {
        let (q, r) = self.divide_truncated(other)?;
        if !r.is_zero() && (r.negative != other.negative) {
            let one = BigInt::from_i128(1);
            Some((q.subtract(&one), r.add(other)))
        } else {
            Some((q, r))
        }
    }

    /// Compares values.
    pub fn compare(&self, other: &BigInt) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => compare_magnitudes(&self.digits, &other.digits),
            (true, true) => compare_magnitudes(&other.digits, &self.digits),
        }
    }

    /// Magnitude shifted left by `bits` (sign kept).
    pub fn shift_magnitude_left(&self, bits: u64) -> BigInt {
        if self.is_zero() {
            return BigInt::zero();
        }
        let mut digits = vec![0u32; (bits / 32) as usize];
        digits.extend(shift_left_digits(&self.digits, (bits % 32) as u32));
        BigInt::from_parts(self.negative, digits)
    }

    /// Magnitude shifted right by `bits` (sign kept, truncating toward zero).
    pub fn shift_magnitude_right(&self, bits: u64) -> BigInt {
        let skip = (bits / 32) as usize;
        if skip >= self.digits.len() {
            return BigInt::zero();
        }
        let digits = shift_right_digits(&self.digits[skip..], (bits % 32) as u32);
        BigInt::from_parts(self.negative, digits)
    }

    /// Arithmetic shift (`bitShift:`): left for positive counts, floored right otherwise.
    pub fn bit_shift(&self, count: i64) -> BigInt {
        if count >= 0 {
            return self.shift_magnitude_left(count as u64);
        }
        let bits = count.unsigned_abs();
        if !self.negative {
            return self.shift_magnitude_right(bits);
        }
        // floor(-m / 2^k) = -(((m - 1) >> k) + 1)
        let one = BigInt::from_i128(1);
        let less = self.negated().subtract(&one);
        less.shift_magnitude_right(bits).add(&one).negated()
    }

    /// Two's-complement digits of `self`, sign-extended to `length` digits.
    fn twos_complement(&self, length: usize) -> Vec<u32> {
        let mut digits = self.digits.clone();
        digits.resize(length, 0);
        if self.negative {
            let mut carry = 1u64;
            for d in digits.iter_mut() {
                let t = (!*d) as u64 + carry;
                *d = t as u32;
                carry = t >> 32;
            }
        }
        digits
    }

    fn from_twos_complement(mut digits: Vec<u32>) -> BigInt {
        let negative = digits.last().is_some_and(|d| d >> 31 == 1);
        if negative {
            let mut carry = 1u64;
            for d in digits.iter_mut() {
                let t = (!*d) as u64 + carry;
                *d = t as u32;
                carry = t >> 32;
            }
        }
        BigInt::from_parts(negative, digits)
    }

    /// A bitwise operation on two's-complement values of any sign.
    pub fn bitwise(&self, other: &BigInt, op: impl Fn(u32, u32) -> u32) -> BigInt {
        let length = self.digits.len().max(other.digits.len()) + 1;
        let a = self.twos_complement(length);
        let b = other.twos_complement(length);
        BigInt::from_twos_complement(a.iter().zip(&b).map(|(&x, &y)| op(x, y)).collect())
    }

    /// The value as the nearest f64 (infinite when too large).
    pub fn to_f64(&self) -> f64 {
        let mut value = 0f64;
        for &d in self.digits.iter().rev() {
            value = value * 4_294_967_296.0 + d as f64;
        }
        if self.negative {
            -value
        } else {
            value
        }
    }

    /// True if any magnitude bit in `start..=stop` (1-based) is set.
    pub fn any_bit_of_magnitude(&self, start: u64, stop: u64) -> bool {
        (start.max(1)..=stop.min(self.bit_length())).any(|bit| {
            let index = (bit - 1) as usize;
            self.digits[index / 32] >> (index % 32) & 1 == 1
        })
    }
}
