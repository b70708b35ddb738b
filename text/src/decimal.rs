//! Numbers as text and back, with the standard library's results but
//! not its code: its float parsing and formatting (tables, and exact
//! modes for `{:.2}`) were about 35 KB of the WebAssembly module, which
//! has a size budget.
//!
//! Writing: the shortest digits that read back to the same bits come
//! from `ryu` (with its small tables) and are laid out as `{}` and `{:?}`
//! lay them out; fixed decimals (`{:.2}`) are rounded exactly in integers.
//!
//! Reading: the grammar and the correctly rounded result of
//! `str::parse::<f64>`.
//! Short inputs take the exact fast path (at most 15 digits and a power of
//! ten that is itself exact). Others start from an estimate and step to
//! the nearest double by comparing the decimal value exactly, in big
//! integers, with the midpoints between neighbouring doubles; ties go to
//! the even mantissa.

use std::cmp::Ordering;
use std::fmt;

/// A number written as the standard library's `Display` writes it
/// (`0.1`, `1`, `1000000000000000000000`, `-0`, `NaN`, `inf`), except
/// that when two equally short digit strings are equally near, the even
/// one is written (as serde_json does) where the standard library rounds
/// up: `1000000000000000.2` for 1000000000000000.25, not `.3`.
pub struct Plain(pub f64);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&plain(self.0))
    }
}

/// `x` as `format!("{x}")` writes it.
pub fn plain(x: f64) -> String {
    layout(x, false)
}

/// `x` as `format!("{x:?}")` writes it: always a point or an exponent
/// (`1.0`, `1e-7`, `1e16`).
pub fn debug(x: f64) -> String {
    layout(x, true)
}

fn layout(x: f64, debug: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("inf");
        return out;
    }
    if x == 0.0 {
        out.push_str(if debug { "0.0" } else { "0" });
        return out;
    }
    let (digits, point) = shortest(x.abs());
    let n = digits.len() as i32;
    let abs = x.abs();
    if debug && !(1e-4..1e16).contains(&abs) {
        out.push_str(digits.get(..1).unwrap_or_default());
        if n > 1 {
            out.push('.');
            out.push_str(digits.get(1..).unwrap_or_default());
        }
        out.push('e');
        out.push_str(&(point - 1).to_string());
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(&digits);
    } else if point < n {
        out.push_str(digits.get(..point as usize).unwrap_or_default());
        out.push('.');
        out.push_str(digits.get(point as usize..).unwrap_or_default());
    } else {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (point - n) as usize));
        if debug {
            out.push_str(".0");
        }
    }
    out
}

/// The shortest digits of a positive finite `x` that read back to it,
/// without leading or trailing zeros, and where the point goes: `x` is
/// `0.digits × 10^point`.
fn shortest(x: f64) -> (String, i32) {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(x);
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    // The mantissa's digits without the point or leading zeros, and how
    // many of them came before the point.
    let mut digits = String::with_capacity(mantissa.len());
    let mut before_point = 0;
    let mut seen_point = false;
    for c in mantissa.chars() {
        match c {
            '.' => seen_point = true,
            '0' if digits.is_empty() => {
                if seen_point {
                    before_point -= 1;
                }
            }
            c => {
                digits.push(c);
                if !seen_point {
                    before_point += 1;
                }
            }
        }
    }
    while digits.ends_with('0') {
        digits.pop();
    }
    (digits, before_point + exponent)
}

/// `x` with `decimals` digits after the point (at most 3), as
/// `format!("{x:.decimals$}")` writes it: the exact value rounded half to
/// even; `-0.00` for a small negative number.
pub fn fixed(x: f64, decimals: u32) -> String {
    let decimals = decimals.min(3);
    if !x.is_finite() {
        return plain(x);
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let (mantissa, power) = parts(x.abs());
    let scale = 10u64.pow(decimals);
    let scaled = if power >= 0 {
        // An integer: its digits, then zeros.
        let mut b = Big::from_u64(mantissa);
        b.shl(power as u32);
        out.push_str(&b.to_decimal());
        if decimals > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', decimals as usize));
        }
        return out;
    } else {
        // x × 10^decimals = n / 2^shift, rounded half to even; n < 2^63,
        // so from a shift of 64 on it rounds to 0.
        let n = mantissa * scale;
        let shift = power.unsigned_abs() as u32;
        if shift >= 64 {
            0
        } else {
            let (q, r) = (n >> shift, n & ((1u64 << shift) - 1));
            let half = 1u64 << (shift - 1);
            q + u64::from(r > half || (r == half && q & 1 == 1))
        }
    };
    out.push_str(&(scaled / scale).to_string());
    if decimals > 0 {
        let fraction = (scaled % scale).to_string();
        out.push('.');
        out.extend(std::iter::repeat_n('0', decimals as usize - fraction.len()));
        out.push_str(&fraction);
    }
    out
}

/// A share in [0, 1] as a percentage for people: one decimal, dropped
/// when it is 0 (`0.25` is `25%`, `1/3` is `33.3%`).
pub fn percent(share: f64) -> String {
    let mut text = fixed(share * 100.0, 1);
    if text.ends_with(".0") {
        text.truncate(text.len() - 2);
    }
    text.push('%');
    text
}

/// Significant digits kept; any further non-zero digit is remembered as a
/// final 1, which cannot change the rounding (a double's midpoints need
/// at most 768 significant digits).
const MAX_DIGITS: usize = 800;

/// `text` as `f64`, as `text.parse::<f64>()` gives it: an optional sign,
/// then `inf`, `infinity` or `nan` (any case), or digits with an optional
/// point and an optional exponent (`1`, `1.`, `.5`, `2.5e-3`, `1E+9`).
/// Out-of-range values become infinities or zeros. `None` for anything
/// else.
pub fn parse_f64(text: &str) -> Option<f64> {
    // `strip_prefix` rather than slicing: no panic path to link.
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        let decimal = Decimal::read(body.as_bytes())?;
        decimal.to_f64()
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A decimal number `digits × 10^exponent`, digits without leading zeros.
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    /// `Digit+ ('.' Digit*)? | '.' Digit+`, then `([eE] [+-]? Digit+)?`.
    fn read(bytes: &[u8]) -> Option<Decimal> {
        let mut digits = Vec::new();
        let mut exponent: i64 = 0;
        let mut seen_digit = false;
        let mut dropped_nonzero = false;
        let mut i = 0;
        let mut after_point = false;
        while i < bytes.len() {
            match bytes[i] {
                b'0'..=b'9' => {
                    seen_digit = true;
                    let d = bytes[i] - b'0';
                    if digits.is_empty() && d == 0 {
                        // A leading zero: only the point's position matters.
                        if after_point {
                            exponent -= 1;
                        }
                    } else if digits.len() < MAX_DIGITS {
                        digits.push(d);
                        if after_point {
                            exponent -= 1;
                        }
                    } else {
                        dropped_nonzero |= d != 0;
                        if !after_point {
                            exponent += 1;
                        }
                    }
                }
                b'.' if !after_point => after_point = true,
                _ => break,
            }
            i += 1;
        }
        if !seen_digit {
            return None;
        }
        if i < bytes.len() {
            if !matches!(bytes[i], b'e' | b'E') {
                return None;
            }
            i += 1;
            let negative = match bytes.get(i) {
                Some(b'-') => {
                    i += 1;
                    true
                }
                Some(b'+') => {
                    i += 1;
                    false
                }
                _ => false,
            };
            if i == bytes.len() {
                return None;
            }
            let mut e: i64 = 0;
            for &b in &bytes[i..] {
                if !b.is_ascii_digit() {
                    return None;
                }
                // Past any double's range: saturate rather than overflow.
                e = (e * 10 + i64::from(b - b'0')).min(1 << 40);
            }
            exponent += if negative { -e } else { e };
        }
        if dropped_nonzero {
            digits.push(1);
            exponent -= 1;
        }
        while digits.last() == Some(&0) {
            digits.pop();
            exponent += 1;
        }
        Some(Decimal { digits, exponent })
    }

    fn to_f64(&self) -> f64 {
        let n = self.digits.len() as i64;
        if n == 0 {
            return 0.0;
        }
        // The value is below 10^(n + exponent): far too small or large.
        if n + self.exponent < -330 {
            return 0.0;
        }
        if n + self.exponent > 310 {
            return f64::INFINITY;
        }
        if n <= 15 && self.exponent.abs() <= 22 {
            // Exact operands, one rounding: correctly rounded.
            let m = self.digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
            let p = POWERS[self.exponent.unsigned_abs() as usize];
            return if self.exponent < 0 { m / p } else { m * p };
        }
        self.nearest(self.estimate())
    }

    /// Within a few units in the last place: the first 19 digits scaled by
    /// powers of ten in steps that are each exact.
    fn estimate(&self) -> f64 {
        let head = self.digits.len().min(19);
        let mut x = self.digits[..head]
            .iter()
            .fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let mut e = self.exponent + (self.digits.len() - head) as i64;
        while e > 0 {
            let step = e.min(22);
            x *= POWERS[step as usize];
            e -= step;
        }
        while e < 0 {
            let step = (-e).min(22);
            x /= POWERS[step as usize];
            e += step;
        }
        x
    }

    /// Steps from `guess` to the double nearest the exact value.
    fn nearest(&self, guess: f64) -> f64 {
        let value = Big::from_digits(&self.digits);
        let mut c = if guess.is_finite() { guess } else { f64::MAX };
        loop {
            // Above the midpoint with the next double up: go up.
            let (m, p) = parts(c);
            let upper = self.compare(&value, 2 * m + 1, p - 1);
            if upper == Ordering::Greater || (upper == Ordering::Equal && m & 1 == 1) {
                if c == f64::MAX {
                    return f64::INFINITY;
                }
                c = next_up(c);
                continue;
            }
            if c == 0.0 {
                return 0.0;
            }
            // Below the midpoint with the next double down: go down.
            let (lm, lp) = if m == 1 << 52 && p > -1074 {
                (4 * m - 1, p - 2)
            } else {
                (2 * m - 1, p - 1)
            };
            let lower = self.compare(&value, lm, lp);
            if lower == Ordering::Less || (lower == Ordering::Equal && m & 1 == 1) {
                c = next_down(c);
                continue;
            }
            return c;
        }
    }

    /// How `value × 10^exponent` (value: the digits) compares with
    /// `k × 2^q`, exactly.
    fn compare(&self, value: &Big, k: u64, q: i64) -> Ordering {
        let mut left = value.clone();
        let mut right = Big::from_u64(k);
        let e = self.exponent;
        // value × 5^e × 2^e against k × 2^q, with no negative powers.
        let shift = if e >= 0 {
            left.mul_pow5(e as u32);
            e - q
        } else {
            right.mul_pow5((-e) as u32);
            e - q
        };
        if shift >= 0 {
            left.shl(shift as u32);
        } else {
            right.shl((-shift) as u32);
        }
        left.cmp(&right)
    }
}

/// 10^0 ..= 10^22, each exact in a double.
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A positive double or zero as `m × 2^p`, `m` below 2^53.
fn parts(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, exponent - 1075)
    }
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

/// An unsigned big integer, 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(x: u64) -> Big {
        let mut b = Big(vec![x as u32, (x >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        // Nine digits at a time.
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
            b.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// self = self × m + a.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in self.0.iter_mut() {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut e: u32) {
        // 5^13 is the largest power of five below 2^32.
        while e > 0 {
            let step = e.min(13);
            self.mul_add(5u32.pow(step), 0);
            e -= step;
        }
    }

    fn shl(&mut self, bits: u32) {
        let (words, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if words > 0 && !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    /// The decimal digits (`0` for zero).
    fn to_decimal(&self) -> String {
        let mut b = self.clone();
        let mut chunks = Vec::new();
        while !b.0.is_empty() {
            let mut rem = 0u64;
            for limb in b.0.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            b.trim();
            chunks.push(rem);
        }
        let mut out = chunks.pop().map_or("0".to_string(), |c| c.to_string());
        for c in chunks.iter().rev() {
            let c = c.to_string();
            out.extend(std::iter::repeat_n('0', 9 - c.len()));
            out.push_str(&c);
        }
        out
    }

    fn cmp(&self, other: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        assert_eq!(crate::fuzzing::reading_differs_from_std(text), None);
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn the_grammar_is_the_standard_librarys() {
        for text in [
            "0",
            "-0",
            "+0",
            "1",
            "1.",
            ".5",
            "-.5",
            "+1.5",
            "1e5",
            "1E+5",
            "1e-5",
            "2.5e-3",
            "inf",
            "-inf",
            "Infinity",
            "INF",
            "nan",
            "NaN",
            "-nan",
            "",
            "-",
            "+",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1 ",
            " 1",
            "0x10",
            "1_000",
            "00012",
            "0.000",
            "1e400",
            "1e-400",
            "123456789012345678901234567890",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "9007199254740993",
            "9007199254740992.5",
            "0.1",
            "0.30000000000000004",
            "1e23",
            "8.98846567431158e307",
            "2.2250738585072011e-308",
        ] {
            check(text);
        }
        let long_exponent = format!("1e{}", "9".repeat(30));
        check(&long_exponent);
        check(&format!("0.{}1e10", "0".repeat(900)));
        check(&format!("{}e-900", "7".repeat(1200)));
    }

    #[test]
    fn random_doubles_read_back() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..30_000 {
            let x = f64::from_bits(rng.next() >> 1);
            if !x.is_finite() {
                continue;
            }
            check(&format!("{x:e}"));
            check(&format!("{x:.20e}"));
            check(&format!("{x:.3e}"));
        }
    }

    #[test]
    fn random_digit_strings_round_like_the_standard_library() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..30_000 {
            let len = 1 + rng.next() % 40;
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + (rng.next() % 10) as u8))
                .collect();
            let e = (rng.next() % 700) as i64 - 350;
            check(&format!("{digits}e{e}"));
            check(&format!("0.{digits}"));
        }
    }

    fn check_writing(x: f64) {
        assert_eq!(crate::fuzzing::writing_differs_from_std(x), None);
    }

    #[test]
    fn numbers_are_written_as_the_standard_library_writes_them() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.125,
            0.375,
            2.5,
            1.5,
            0.005,
            0.015,
            0.045,
            99.995,
            1e-4,
            9.999e-5,
            1e16,
            9.999999999999998e15,
            1e21,
            1e22,
            1e300,
            f64::MAX,
            5e-324,
            1e-310,
            123456789.125,
            0.30000000000000004,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check_writing(x);
        }
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        for _ in 0..50_000 {
            let x = f64::from_bits(rng.next());
            check_writing(x);
            check_writing((rng.next() % 1_000_000) as f64 / 8.0);
            check_writing((rng.next() % 10_000) as f64 / 1000.0);
        }
    }

    /// The exact midpoints between neighbouring doubles: ties to even.
    #[test]
    fn halfway_cases_go_to_the_even_mantissa() {
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        for _ in 0..2_000 {
            let x = f64::from_bits(rng.next() >> 2);
            if !x.is_finite() || x == 0.0 {
                continue;
            }
            let (m, p) = parts(x);
            // (2m + 1) × 2^(p - 1) exactly in decimal.
            let mid = exact_decimal(2 * m + 1, p - 1);
            check(&mid);
            // Just above and below it.
            check(&format!("{mid}1"));
            let below = mid.trim_end_matches('5').to_string() + "4999";
            check(&below);
        }
    }

    /// `k × 2^q` written out exactly (q may be negative).
    fn exact_decimal(k: u64, q: i64) -> String {
        if q >= 0 {
            let mut b = Big::from_u64(k);
            b.shl(q as u32);
            return b.to_decimal();
        }
        // k × 2^q = k × 5^-q / 10^-q.
        let mut b = Big::from_u64(k);
        b.mul_pow5((-q) as u32);
        let digits = b.to_decimal();
        let point = (-q) as usize;
        if digits.len() > point {
            format!(
                "{}.{}",
                &digits[..digits.len() - point],
                &digits[digits.len() - point..]
            )
        } else {
            format!("0.{}{}", "0".repeat(point - digits.len()), digits)
        }
    }

    #[test]
    fn shares_read_as_percentages() {
        assert_eq!(super::percent(0.25), "25%");
        assert_eq!(super::percent(1.0 / 3.0), "33.3%");
        assert_eq!(super::percent(2.0 / 3.0), "66.7%");
        assert_eq!(super::percent(0.5), "50%");
        assert_eq!(super::percent(0.0), "0%");
    }
}
