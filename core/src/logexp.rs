//! The natural logarithm and exponential as the kernel computes them:
//! basic arithmetic and bit operations only, no branch, no table, so that
//! they give the same bits on every target and vectorise in the batch
//! loops (a geometric mean with arbitrary weights is `exp(Σ w ln x)`).
//! Both are within about an ulp; they are not correctly rounded.

/// ln 2 in two parts: `LN2_HI` has its low bits zero, so `k * LN2_HI` is
/// exact for the exponents that occur.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// `ln m = 2s + 2s z P(z)` with `s = (m - 1)/(m + 1)` and `z = s²`, where
/// `P(z) = 1/3 + z/5 + z²/7 + ...` is replaced by the polynomial of degree
/// 6 with the least relative error on `0 <= z <= ((√2 - 1)/(√2 + 1))²`:
/// 2^-51.0, which `z` scales down to 2^-57.6 of `ln m`. Fitted by Remez
/// exchange (`scripts/fit_logexp.py`); the Taylor series needed eleven terms.
const LOG_SERIES: [f64; 7] = [
    0.333_333_333_333_333_5,
    0.199_999_999_999_495_9,
    0.142_857_143_130_530_88,
    0.111_111_055_579_131_34,
    0.090_914_451_846_639_92,
    0.076_658_420_012_188_95,
    0.073_084_378_636_831_18,
];

/// `(e^r - 1)/r = 1 + r/2 + r²/6 + ...` replaced by the polynomial of
/// degree 10 with the least relative error on `|r| <= ln2 / 2`: 2^-55.7.
/// Fitted as [`LOG_SERIES`] was; the Taylor series needed fourteen terms.
/// The constant term rounds to 1.
const EXP_SERIES: [f64; 11] = [
    1.0,
    0.500_000_000_000_000_6,
    0.166_666_666_666_665_63,
    0.041_666_666_666_573_905,
    0.008_333_333_333_397_834,
    0.001_388_888_893_225_888_2,
    0.000_198_412_697_074_672_23,
    2.480_150_460_214_848e-5,
    2.755_741_478_996_597_4e-6,
    2.762_626_278_810_536e-7,
    2.505_209_632_569_198e-8,
];

/// `2^52`: a whole number below it added to it sits in the low bits.
const TWO_TO_52: f64 = 4_503_599_627_370_496.0;

/// `1.5 * 2^52`: adding it rounds to an integer, which then sits in the
/// low bits.
const ROUND: f64 = 6_755_399_441_055_744.0;

/// `if c { a } else { b }` on bits.
#[inline(always)]
fn select(c: bool, a: f64, b: f64) -> f64 {
    let mask = 0u64.wrapping_sub(u64::from(c));
    f64::from_bits((a.to_bits() & mask) | (b.to_bits() & !mask))
}

/// `ln x` for `x >= 0`: `-inf` at 0 (NaN stays NaN; `x` above the normal
/// range is not needed here and not handled).
///
/// `x = 2^e m` with `m` in [√½, √2); `ln m = 2 atanh(s)` with
/// `s = (m - 1) / (m + 1)`, `|s| < 0.172`, as `2s + 2s z P(z)` with
/// `z = s²` and the fitted [`LOG_SERIES`] for `P`.
#[inline(always)]
pub(crate) fn ln(x: f64) -> f64 {
    select(x.is_nan(), x, ln_of_number(x))
}

/// [`ln`] for `x` that is not NaN (for NaN, some value): what the batch
/// takes for whole columns, whose missing values it leaves out anyway.
#[inline(always)]
pub(crate) fn ln_of_number(x: f64) -> f64 {
    // Subnormals: scale up by 2^54 first.
    let tiny = x < f64::MIN_POSITIVE;
    let y = select(tiny, x * 18_014_398_509_481_984.0, x);
    let bits = y.to_bits();
    // The exponent field as a double (`x` is not negative), without an
    // integer conversion: 2^52 + field, less 2^52 and the bias, exactly.
    let biased = f64::from_bits((bits >> 52) | TWO_TO_52.to_bits());
    let bias = select(tiny, TWO_TO_52 + 1023.0 + 54.0, TWO_TO_52 + 1023.0);
    // The mantissa with the exponent of 1, in [1, 2); halved above √2.
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let high = m > std::f64::consts::SQRT_2;
    let m = select(high, m * 0.5, m);
    let e = (biased - bias) + select(high, 1.0, 0.0);
    let s = (m - 1.0) / (m + 1.0);
    let z = s * s;
    // P(z) in Estrin's order: pairs, then pairs of pairs, so that the
    // chain of dependent operations is four long rather than twelve.
    let c = &LOG_SERIES;
    let (z2, z4) = (z * z, (z * z) * (z * z));
    let first_four = (c[0] + c[1] * z) + (c[2] + c[3] * z) * z2;
    let last_three = (c[4] + c[5] * z) + c[6] * z2;
    let series = first_four + last_three * z4;
    let ln_m = 2.0 * s + 2.0 * s * (z * series);
    let value = e * LN2_HI + (e * LN2_LO + ln_m);
    select(x == 0.0, f64::NEG_INFINITY, value)
}

/// `e^x` for `x <= 0` (as the kernel needs: the logarithm of a mean of
/// values in [0, 1]); 0 below the subnormal range.
///
/// `x = k ln 2 + r` with `|r| <= ln2 / 2`; `e^r` from the fitted
/// [`EXP_SERIES`]; then times `2^k`, in two steps so that each factor is a
/// normal number.
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    // As a comparison and choice: one maximum instruction.
    let x = if x < -746.0 { -746.0 } else { x };
    let k = (x * std::f64::consts::LOG2_E + ROUND) - ROUND;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // e^r = 1 + r (1 + r U(r)), with U from the series' other terms in
    // Estrin's order; the two outer steps by Horner's, so that U's
    // rounding errors are scaled down by r² in the result.
    let c = &EXP_SERIES;
    let (r2, r4) = (r * r, (r * r) * (r * r));
    let low = (c[1] + c[2] * r) + (c[3] + c[4] * r) * r2;
    let mid = (c[5] + c[6] * r) + (c[7] + c[8] * r) * r2;
    let high = c[9] + c[10] * r;
    let u = (low + mid * r4) + high * (r4 * r4);
    let e_r = (u * r + c[0]) * r + 1.0;
    // 2^k as 2^first * 2^rest, each a normal number, with `first` at
    // least -1021 so that e_r 2^first is normal, hence exact: the product
    // is e_r 2^k rounded once, subnormal results included.
    let first = if k > -1021.0 { k } else { -1021.0 };
    let rest = k - first;
    // 2^n from its biased exponent's bits; the integer comes out of the
    // rounding constant rather than an `as u64` conversion, which has no
    // vector instruction before AVX-512DQ and was done lane by lane.
    let two_to = |n: f64| f64::from_bits(((n + (1023.0 + ROUND)).to_bits() & 0x7ff) << 52);
    let value = e_r * two_to(first) * two_to(rest);
    select(x <= -746.0, 0.0, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(got: f64, want: f64) -> f64 {
        (got - want).abs() / (want.abs() * f64::EPSILON).max(f64::MIN_POSITIVE)
    }

    #[test]
    fn logarithms_are_within_an_ulp_or_two() {
        let mut worst: f64 = 0.0;
        let mut x = 1e-300;
        while x <= 1.0 {
            for m in [1.0, 1.0001, 1.2, 1.41, 1.4143, 1.7, 1.999] {
                let v = x * m;
                if v <= 1.0 {
                    let want = libm::log(v);
                    worst = worst.max(ulps(ln(v), want));
                }
            }
            x *= 1.9;
        }
        // Near 1, where ln is small, check the absolute error against x's ulp.
        for v in [0.9999999, 0.99, 0.75, 0.5, 0.3] {
            assert!(
                (ln(v) - libm::log(v)).abs()
                    <= 2.0 * f64::EPSILON * libm::log(v).abs().max(f64::EPSILON),
                "{v}"
            );
        }
        assert!(worst <= 2.0, "worst {worst} ulps");
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(f64::NAN).is_nan());
        let sub = 4e-320;
        assert!(ulps(ln(sub), libm::log(sub)) <= 2.0);
    }

    #[test]
    fn exponentials_are_within_an_ulp_or_two() {
        let mut worst: f64 = 0.0;
        let mut x = -700.0;
        while x <= 0.0 {
            worst = worst.max(ulps(exp(x), libm::exp(x)));
            x += 0.0137;
        }
        assert!(worst <= 2.0, "worst {worst} ulps");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        // Into the subnormals: within one of their steps (2^-1074).
        let mut x = -745.0;
        while x < -708.4 {
            let step = (exp(x) - libm::exp(x)).abs() / f64::from_bits(1);
            assert!(step <= 1.0, "exp({x}) is {step} steps off");
            x += 0.0071;
        }
    }
}
