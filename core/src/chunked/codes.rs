//! The chunk's results written out: band codes, limiting and root codes.

use super::lanes::select;
use super::{Lanes, CHUNK};
use crate::kernel::Program;

/// Band codes for up to [`CHUNK`] `scores` (-1 when missing): the number of band minimums
/// above the first that a score reaches, as [`crate::bands::band_index`] finds it.
/// `reached` is working space the caller keeps across chunks: clearing a
/// fresh array for every chunk cost more than the counting.
#[inline(always)]
pub(crate) fn band_codes(
    program: &Program<'_>,
    scores: &[f64],
    codes: &mut [i8],
    reached: &mut [f64; CHUNK],
) {
    let reached = &mut reached[..scores.len()];
    // Band by band over the rows, so the loops vectorise; the first band
    // sets the count, the others add to it.
    let bands = &program.bands[1..];
    match bands.first() {
        Some(first) => {
            for (n, &score) in reached.iter_mut().zip(scores) {
                *n = select(score >= first.min, 1.0, 0.0);
            }
        }
        None => reached.fill(0.0),
    }
    for band in bands.iter().skip(1) {
        for (n, &score) in reached.iter_mut().zip(scores) {
            *n += select(score >= band.min, 1.0, 0.0);
        }
    }
    for ((code, &n), &score) in codes.iter_mut().zip(&*reached).zip(scores) {
        *code = small_integer(select(score.is_nan(), -1.0, n));
    }
}

/// One equation's chunk written to the caller's columns in one pass when
/// all four are wanted: the score, the band code, the limiting input and
/// the root driver. Returns false, writing nothing, otherwise (or with more
/// than eight bands), and the caller writes them one by one. One loop, not
/// six, matters: each loop's start and end cost about as much as 30 rows.
#[inline(always)]
pub(crate) fn write_all(
    program: &Program<'_>,
    lanes: &Lanes,
    scores: &mut [f64],
    bands: &mut [i8],
    limiting: &mut [i8],
    roots: &mut [i8],
) -> bool {
    let minimums = &program.bands;
    let minimums = minimums.get(1..).unwrap_or_default();
    match minimums.len() {
        0 => write_all_bands::<0>(minimums, lanes, scores, bands, limiting, roots),
        1 => write_all_bands::<1>(minimums, lanes, scores, bands, limiting, roots),
        2 => write_all_bands::<2>(minimums, lanes, scores, bands, limiting, roots),
        3 => write_all_bands::<3>(minimums, lanes, scores, bands, limiting, roots),
        4 => write_all_bands::<4>(minimums, lanes, scores, bands, limiting, roots),
        5 => write_all_bands::<5>(minimums, lanes, scores, bands, limiting, roots),
        6 => write_all_bands::<6>(minimums, lanes, scores, bands, limiting, roots),
        7 => write_all_bands::<7>(minimums, lanes, scores, bands, limiting, roots),
        _ => return false,
    }
    true
}

/// [`write_all`] for `B` band minimums above the first band.
#[inline(always)]
pub(super) fn write_all_bands<const B: usize>(
    above_first: &[crate::bands::Band],
    lanes: &Lanes,
    scores: &mut [f64],
    bands: &mut [i8],
    limiting: &mut [i8],
    roots: &mut [i8],
) {
    let minimums: [f64; B] = std::array::from_fn(|b| above_first[b].min);
    let rows = scores.len();
    let (bands, limiting, roots) = (
        &mut bands[..rows],
        &mut limiting[..rows],
        &mut roots[..rows],
    );
    for j in 0..rows {
        let score = lanes.scores[j];
        scores[j] = score;
        // The number of band minimums above the first reached, as
        // [`band_codes`] counts them.
        let mut reached = 0.0;
        for &min in &minimums {
            reached += select(score >= min, 1.0, 0.0);
        }
        bands[j] = small_integer(select(score.is_nan(), -1.0, reached));
        limiting[j] = small_integer(lanes.limiting[j]);
        roots[j] = small_integer(lanes.roots[j]);
    }
}

/// Positions or indices held as `f64` (-1 for none) as `i8` codes.
#[inline(always)]
pub(crate) fn codes(values: &[f64], codes: &mut [i8]) {
    for (code, &v) in codes.iter_mut().zip(values) {
        *code = small_integer(v);
    }
}

/// A whole `f64` in [-128, 127] as an `i8`: adding 1.5 * 2^52 puts the
/// integer in the low bits, which vectorises where a saturating `as` does not.
#[inline(always)]
pub(super) fn small_integer(v: f64) -> i8 {
    (v + 6_755_399_441_055_744.0).to_bits() as i8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bands::band_index;

    #[test]
    fn small_integers_convert_exactly() {
        for v in -128..=127 {
            assert_eq!(small_integer(f64::from(v)), v as i8);
        }
    }

    #[test]
    fn band_codes_agree_with_band_index() {
        let model = crate::model::Model::embedded();
        let program = model.program();
        let scores: Vec<f64> = (0..=1000)
            .map(|i| f64::from(i) / 1000.0)
            .chain([0.4, 0.7, 0.39999999999999997, 0.6999999999999999, f64::NAN])
            .collect();
        let mut codes = vec![0; scores.len()];
        // Stale values in the working space must not matter.
        let mut reached = [7.0; CHUNK];
        for (s, c) in scores.chunks(CHUNK).zip(codes.chunks_mut(CHUNK)) {
            band_codes(&program, s, c, &mut reached);
        }
        for (&s, &c) in scores.iter().zip(&codes) {
            let want = band_index(program.bands, s).map_or(-1, |i| i as i8);
            assert_eq!(c, want, "score {s}");
        }
    }
}
