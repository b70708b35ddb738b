//! Scoring chunk by chunk when every column is a driver: the CPU's best
//! vector build chosen at run time, the values checked as each chunk
//! streams in, the next chunk prefetched while this one is computed.
//!
//! One of the core's uses of `unsafe`: calling the AVX2 and AVX-512
//! builds after checking that the CPU has them.

use super::outputs::EquationColumns;
use super::BatchPlan;
use crate::ahead::{Ahead, Span};
use crate::chunked::{self, Chunk, CHUNK};
use crate::drivers::check_driver_value;
use crate::error::Result;
use crate::kernel::tuning::FIRST_CALLS;
use crate::model::Model;

impl BatchPlan<'_> {
    /// [`BatchPlan::score`] when every column is a driver: chunk by chunk,
    /// with the CPU's best vector instructions.
    pub(super) fn score_drivers(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
    ) -> Result<usize> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the CPU has just been found to support AVX-512F.
                #[allow(unsafe_code)]
                return unsafe { self.score_drivers_avx512(columns, outputs, n, offset) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has just been found to support AVX2.
                #[allow(unsafe_code)]
                return unsafe { self.score_drivers_avx2(columns, outputs, n, offset) };
            }
        }
        self.score_drivers_here(columns, outputs, n, offset)
    }

    /// The same loop compiled for AVX-512: eight rows at a time.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    fn score_drivers_avx512(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
    ) -> Result<usize> {
        self.score_drivers_here(columns, outputs, n, offset)
    }

    /// The same loop compiled for AVX2: the same operations, four rows at a
    /// time, so the same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn score_drivers_avx2(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
    ) -> Result<usize> {
        self.score_drivers_here(columns, outputs, n, offset)
    }

    #[inline(always)]
    fn score_drivers_here(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
    ) -> Result<usize> {
        let model = self.model;
        let program = model.program();
        let mut chunk = Chunk::new(&program);
        let mut reached = Box::new([0.0; CHUNK]);
        let mut drivers: Vec<Option<&[f64]>> = Vec::with_capacity(self.driver_column.len());
        let mut spans: Vec<Span> = Vec::new();
        let mut calls = FIRST_CALLS;
        let mut start = 0;
        while start < n {
            let mut rows = (n - start).min(CHUNK);
            drivers.clear();
            drivers.extend(
                self.driver_column
                    .iter()
                    .map(|c| c.map(|c| &columns[c][start..start + rows])),
            );
            // The next chunk's input and output lines are fetched a few
            // at a time while this one is computed (`ahead`): without it the
            // kernel's loads and stores wait for each line (fetching the
            // outputs at all saved 13% of the time at 10^6 rows).
            let next = start + rows..(start + rows + CHUNK).min(n);
            spans.clear();
            spans.extend(
                self.driver_column
                    .iter()
                    .flatten()
                    .map(|&c| Span::of(&columns[c][next.clone()])),
            );
            for out in outputs.iter() {
                if let Some(s) = out.score.as_deref() {
                    spans.push(Span::of(&s[next.clone()]));
                }
                for c in [&out.band, &out.limiting, &out.root_driver] {
                    if let Some(c) = c.as_deref() {
                        spans.push(Span::of(&c[next.clone()]));
                    }
                }
                if let Some(p) = out.probability.as_deref() {
                    spans.push(Span::of(&p[next.clone()]));
                }
            }
            // The chunk's values are checked before it is scored: the check
            // is a light loop that streams the inputs in from memory at its
            // pace, and the scoring loops then read them from cache (scoring
            // first and checking after was about 10% slower at 10^6 rows).
            // The earliest bad row, and the first driver in it, is named;
            // the rows before it are scored and written.
            let mut bad: Option<(usize, usize)> = None;
            for &c in self.driver_column.iter().flatten() {
                let rows_here = &columns[c][start..start + rows];
                if !any_outside_unit(rows_here) {
                    continue;
                }
                let j = rows_here.iter().position(|&x| outside_unit(x));
                if let Some(j) = j.filter(|&j| bad.is_none_or(|(r, _)| j < r)) {
                    bad = Some((j, c));
                }
            }
            if let Some((j, _)) = bad {
                rows = j;
            }
            let mut ahead = Ahead::new(&spans, calls);
            chunked::evaluate(&program, &drivers, rows, &mut chunk, &mut ahead);
            ahead.finish();
            calls = ahead.calls();
            let range = start..start + rows;
            for (k, (out, lanes)) in outputs.iter_mut().zip(&chunk.equations).enumerate() {
                if out.probability.is_none() {
                    if let EquationColumns {
                        score: Some(s),
                        band: Some(b),
                        limiting: Some(l),
                        root_driver: Some(r),
                        ..
                    } = out
                    {
                        let range = range.clone();
                        if chunked::write_all(
                            &program,
                            lanes,
                            &mut s[range.clone()],
                            &mut b[range.clone()],
                            &mut l[range.clone()],
                            &mut r[range],
                        ) {
                            continue;
                        }
                    }
                }
                let scores = &lanes.scores[..rows];
                if let Some(s) = out.score.as_deref_mut() {
                    s[range.clone()].copy_from_slice(scores);
                }
                if let Some(b) = out.band.as_deref_mut() {
                    chunked::band_codes(&program, scores, &mut b[range.clone()], &mut reached);
                }
                if let Some(l) = out.limiting.as_deref_mut() {
                    chunked::codes(&lanes.limiting[..rows], &mut l[range.clone()]);
                }
                if let Some(r) = out.root_driver.as_deref_mut() {
                    chunked::codes(&lanes.roots[..rows], &mut r[range.clone()]);
                }
                if let Some(p) = out.probability.as_deref_mut() {
                    for (p, &score) in p[range.clone()].iter_mut().zip(scores) {
                        *p = probability(model, k, score);
                    }
                }
            }
            if let Some((j, c)) = bad {
                let x = columns[c][start + j];
                let message = check_driver_value("", x).unwrap_err().message().to_string();
                return Err(self.bad(c, offset + start + j, message));
            }
            start += rows;
        }
        Ok(n)
    }
}

/// Equation `k`'s calibrated probability for `score`; NaN when it has no
/// calibration.
pub(super) fn probability(model: &Model, k: usize, score: f64) -> f64 {
    model.spec().equations[k]
        .calibration
        .map_or(f64::NAN, |map| map.probability(score))
}

/// Outside [0, 1]; NaN (missing) compares false both ways, where
/// `!contains` would call it outside.
#[inline(always)]
#[allow(clippy::manual_range_contains)]
fn outside_unit(x: f64) -> bool {
    (x < 0.0) | (x > 1.0)
}

/// Whether any of `xs` is [`outside_unit`]: the least and greatest values
/// folded in eight lanes, one minimum and one maximum instruction per
/// eight values. (A fold of the comparisons takes twice the instructions;
/// a single running minimum does not vectorise, as the compiler may not
/// reorder it; and the two folds in one loop, or a short-circuit at the
/// end, come out shuffled.) A missing value compares false and is never taken.
#[inline(always)]
fn any_outside_unit(xs: &[f64]) -> bool {
    const LANES: usize = 8;
    let (mut lo, mut hi) = ([0.0f64; LANES], [1.0f64; LANES]);
    let mut blocks = xs.chunks_exact(LANES);
    for block in &mut blocks {
        for k in 0..LANES {
            lo[k] = if block[k] < lo[k] { block[k] } else { lo[k] };
        }
        for k in 0..LANES {
            hi[k] = if block[k] > hi[k] { block[k] } else { hi[k] };
        }
    }
    let mut outside = false;
    for k in 0..LANES {
        outside |= (lo[k] < 0.0) | (hi[k] > 1.0);
    }
    outside | blocks.remainder().iter().any(|&x| outside_unit(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch_plan::BatchOutputs;

    #[test]
    fn the_range_check_finds_any_value_outside_the_unit_interval() {
        let inside = [
            0.0,
            -0.0,
            1.0,
            0.5,
            f64::NAN,
            1e-300,
            0.999_999_999_999_999_9,
        ];
        let outside = [
            -1e-300,
            -0.5,
            1.000_000_000_000_000_2,
            2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Every length up to three blocks and a remainder, and every place.
        for len in 1..30 {
            let ok: Vec<f64> = (0..len).map(|j| inside[j % inside.len()]).collect();
            assert!(!any_outside_unit(&ok), "{ok:?}");
            for at in 0..len {
                for &bad in &outside {
                    let mut xs = ok.clone();
                    xs[at] = bad;
                    assert!(any_outside_unit(&xs), "{bad} at {at} of {len}");
                }
            }
        }
        assert!(!any_outside_unit(&[]));
    }

    #[test]
    fn the_portable_and_vector_builds_give_the_same_bits() {
        let mut spec: serde_json::Value =
            serde_json::from_str(crate::model::DEFAULT_MODEL_JSON).unwrap();
        let arbitrary = [
            0.3127, 0.2741, 0.1493, 0.2658, 0.5827, 0.4219, 0.1773, 0.3061, 0.6917,
        ];
        let mut weights = arbitrary.into_iter().cycle();
        for eq in spec["equations"].as_array_mut().unwrap() {
            for input in eq["inputs"].as_array_mut().unwrap() {
                input["weight"] = weights.next().unwrap().into();
            }
        }
        // The default model (products and roots) and arbitrary weights (logarithms).
        for model in [
            Model::embedded().clone(),
            Model::from_json(&spec.to_string()).unwrap(),
        ] {
            let names = model.drivers().collect::<Vec<_>>();
            let plan = model.batch_plan(&names).unwrap();
            let rows = 1000;
            let columns: Vec<Vec<f64>> = (0..names.len())
                .map(|c| {
                    (0..rows)
                        .map(|j| match (j * 7 + c * 13) % 31 {
                            0 => f64::NAN,
                            1 => 0.0,
                            2 => 1e-300,
                            r => f64::from(r as u32) / 31.0,
                        })
                        .collect()
                })
                .collect();
            let columns: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
            let run = |build: &dyn Fn(&mut BatchOutputs)| {
                let mut out = BatchOutputs::new(model.equations().len(), rows);
                build(&mut out);
                let bits: Vec<u64> = out.scores.iter().flatten().map(|x| x.to_bits()).collect();
                (bits, out.bands, out.limiting, out.root_drivers)
            };
            let portable = run(&|o| {
                plan.score_drivers_here(&columns, &mut o.columns(), rows, 0)
                    .unwrap();
            });
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU supports AVX2.
                    #[allow(unsafe_code)]
                    let avx2 = run(&|o| unsafe {
                        plan.score_drivers_avx2(&columns, &mut o.columns(), rows, 0)
                            .unwrap();
                    });
                    assert!(avx2 == portable, "AVX2 build differs");
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU supports AVX-512F.
                    #[allow(unsafe_code)]
                    let avx512 = run(&|o| unsafe {
                        plan.score_drivers_avx512(&columns, &mut o.columns(), rows, 0)
                            .unwrap();
                    });
                    assert!(avx512 == portable, "AVX-512 build differs");
                }
            }
            let chosen = run(&|o| {
                plan.score(&columns, &mut o.columns()).unwrap();
            });
            assert!(chosen == portable);
        }
    }
}
