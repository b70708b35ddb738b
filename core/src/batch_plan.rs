//! The columnar batch kernel: `f64` columns in (NaN for missing), caller
//! buffers out, no allocation per row. It calls the same functions as
//! [`Model::score`], so both give the same bits.

use crate::account::{driver_from_signals, unknown_name};
use crate::ahead::{Ahead, Span};
use crate::bands::band_index;
use crate::chunked::{self, Chunk, CHUNK};
use crate::decimal::Plain;
use crate::drivers::check_driver_value;
use crate::error::{Error, Result};
use crate::explain::root_driver;
use crate::kernel::tuning::FIRST_CALLS;
use crate::kernel::NONE;
use crate::model::Model;
use crate::names::Name;

/// What an input column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Driver(usize),
    Measure(usize),
}

/// A batch plan: the input columns resolved against a model once, reused
/// for any number of calls.
#[derive(Debug, Clone)]
pub struct BatchPlan<'m> {
    model: &'m Model,
    names: Vec<String>,
    roles: Vec<Role>,
    /// Per driver: the column giving it directly.
    driver_column: Vec<Option<usize>>,
    /// Per measure: the column giving it.
    measure_column: Vec<Option<usize>>,
}

/// Where to write one equation's results; any part may be left out.
#[derive(Debug, Default)]
pub struct EquationColumns<'a> {
    /// The outcome per row, NaN when missing.
    pub score: Option<&'a mut [f64]>,
    /// The band per row as an index into [`Model::bands`], -1 when missing.
    pub band: Option<&'a mut [i8]>,
    /// The limiting input per row as an index into the equation's inputs,
    /// -1 when none (outcome missing, or every input at its target).
    pub limiting: Option<&'a mut [i8]>,
    /// The root driver per row as an index into [`Model::drivers`], -1
    /// when none.
    pub root_driver: Option<&'a mut [i8]>,
    /// The probability of the equation's outcome per row, from its
    /// calibration (see [`Model::calibrate`]); NaN when the score is missing
    /// or the equation is not calibrated.
    pub probability: Option<&'a mut [f64]>,
}

/// Where to write, per account, what is not one equation's: the value
/// vector and realisation (what the CLI's CSV shows beside the outcomes),
/// and each equation's coverage. Any part may be left out.
#[derive(Debug, Default)]
pub struct AccountColumns<'a> {
    /// Per driver, in the model's order: its value (from the column giving
    /// it, else from its measures), NaN when missing. Empty, or one entry
    /// per driver.
    pub drivers: Vec<Option<&'a mut [f64]>>,
    /// The realisation per row, NaN when no driver is present.
    pub realisation: Option<&'a mut [f64]>,
    /// Per equation, in declaration order: the share of its weight present.
    /// Empty, or one entry per equation.
    pub coverage: Vec<Option<&'a mut [f64]>>,
}

/// Output buffers for every part of every equation, owned: for callers
/// that have no buffers of their own (the WebAssembly package, tests).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutputs {
    /// Per equation: the scores.
    pub scores: Vec<Vec<f64>>,
    /// Per equation: the band codes.
    pub bands: Vec<Vec<i8>>,
    /// Per equation: the limiting-input codes.
    pub limiting: Vec<Vec<i8>>,
    /// Per equation: the root-driver codes.
    pub root_drivers: Vec<Vec<i8>>,
}

impl BatchOutputs {
    /// Buffers for `equations` equations of `rows` rows.
    pub fn new(equations: usize, rows: usize) -> Self {
        BatchOutputs {
            scores: vec![vec![0.0; rows]; equations],
            bands: vec![vec![0; rows]; equations],
            limiting: vec![vec![0; rows]; equations],
            root_drivers: vec![vec![0; rows]; equations],
        }
    }

    /// Every buffer, as the batch kernel takes them.
    pub fn columns(&mut self) -> Vec<EquationColumns<'_>> {
        self.scores
            .iter_mut()
            .zip(&mut self.bands)
            .zip(&mut self.limiting)
            .zip(&mut self.root_drivers)
            .map(|(((s, b), l), r)| EquationColumns {
                score: Some(s),
                band: Some(b),
                limiting: Some(l),
                root_driver: Some(r),
                probability: None,
            })
            .collect()
    }
}

impl Model {
    /// Resolves column names (measures and/or drivers) for batch scoring.
    /// Unknown, duplicate and equation names are errors naming the column.
    pub fn batch_plan<S: AsRef<str>>(&self, columns: &[S]) -> Result<BatchPlan<'_>> {
        let d = self.spec().drivers.len();
        let mut plan = BatchPlan {
            model: self,
            names: Vec::with_capacity(columns.len()),
            roles: Vec::with_capacity(columns.len()),
            driver_column: vec![None; d],
            measure_column: vec![None; self.spec().measures.len()],
        };
        for (c, name) in columns.iter().enumerate() {
            let name = name.as_ref();
            let slot = match self.lookup(name) {
                Some(Name::Driver(i)) => {
                    plan.roles.push(Role::Driver(i));
                    &mut plan.driver_column[i]
                }
                Some(Name::Measure(j)) => {
                    plan.roles.push(Role::Measure(j));
                    &mut plan.measure_column[j]
                }
                Some(Name::Equation(_)) => {
                    return Err(Error::input(
                        name,
                        "is an equation: it is computed, not given",
                    ))
                }
                None => return Err(unknown_name(self, name)),
            };
            if slot.replace(c).is_some() {
                return Err(Error::input(name, "the column appears twice"));
            }
            plan.names.push(name.to_string());
        }
        Ok(plan)
    }
}

impl BatchPlan<'_> {
    /// The column names, in the order the columns must be passed.
    pub fn columns(&self) -> &[String] {
        &self.names
    }

    /// Scores `columns` (one slice per planned column, all of one length)
    /// into `outputs` (one entry per equation, in declaration order). With
    /// no column, every value is missing and the outputs' length gives the
    /// number of rows.
    ///
    /// An invalid value (infinity, a driver outside [0, 1], a value a unit
    /// scale cannot take) is an error naming the column and row; rows
    /// before it have been written, rows from it on have not.
    pub fn score(&self, columns: &[&[f64]], outputs: &mut [EquationColumns<'_>]) -> Result<usize> {
        self.score_at(columns, outputs, 0)
    }

    /// [`BatchPlan::score`] for rows that start at row `offset` of a larger
    /// batch: errors count rows from there.
    pub(crate) fn score_at(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        offset: usize,
    ) -> Result<usize> {
        let n = self.check_shapes(columns, outputs)?;
        // WebAssembly has a size budget and no runtime choice of vector
        // instructions: there the row path (the same bits) does it all.
        if !cfg!(target_arch = "wasm32") && self.measure_column.iter().all(Option::is_none) {
            return self.score_drivers(columns, outputs, n, offset);
        }
        self.score_rows(columns, outputs, n, offset, None)
    }

    /// [`BatchPlan::score`] writing, besides, the drivers, realisation and
    /// coverage that `accounts` asks for (account by account, without the
    /// chunked loops).
    pub fn score_accounts(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        accounts: &mut AccountColumns<'_>,
    ) -> Result<usize> {
        let n = self.check_shapes(columns, outputs)?;
        let model = self.model;
        let parts = [
            (
                "drivers",
                accounts.drivers.len(),
                model.spec().drivers.len(),
            ),
            ("coverage", accounts.coverage.len(), model.equations.len()),
        ];
        for (part, got, want) in parts {
            if got != 0 && got != want {
                return Err(Error::input(
                    part,
                    format!("expected {want} outputs (or none), got {got}"),
                ));
            }
        }
        let lens = accounts
            .drivers
            .iter()
            .chain(&accounts.coverage)
            .chain([&accounts.realisation])
            .flatten()
            .map(|c| c.len());
        if let Some(len) = lens.into_iter().find(|&l| l != n) {
            return Err(Error::input(
                "",
                format!("an output has {len} rows but the input has {n}"),
            ));
        }
        self.score_rows(columns, outputs, n, 0, Some(accounts))
    }

    /// Row by row, with measures.
    fn score_rows(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
        n: usize,
        offset: usize,
        mut accounts: Option<&mut AccountColumns<'_>>,
    ) -> Result<usize> {
        let model = self.model;
        let d = model.spec().drivers.len();
        let measures = &model.spec().measures;
        let mut nodes = vec![f64::NAN; d + model.equations.len()];
        let mut signals = vec![f64::NAN; measures.len()];
        let mut limiting = vec![NONE; model.equations.len()];
        let mut coverage = vec![0.0; model.equations.len()];
        for row in 0..n {
            for (j, column) in self.measure_column.iter().enumerate() {
                if let Some(c) = *column {
                    let x = columns[c][row];
                    signals[j] = if x.is_nan() {
                        x
                    } else if x.is_infinite() {
                        return Err(self.bad(
                            c,
                            offset + row,
                            format!("{} is not a valid value", Plain(x)),
                        ));
                    } else {
                        measures[j].scale.signal_of_finite(x).ok_or_else(|| {
                            self.bad(
                                c,
                                offset + row,
                                format!("{} is outside [0, 1] (unit scale)", Plain(x)),
                            )
                        })?
                    };
                }
            }
            for (i, node) in nodes[..d].iter_mut().enumerate() {
                *node = match self.driver_column[i] {
                    Some(c) => {
                        let x = columns[c][row];
                        let x = check_driver_value("", x)
                            .map_err(|e| self.bad(c, offset + row, e.message().to_string()))?;
                        if x.is_nan() {
                            driver_from_signals(model, i, |j| signals[j])
                        } else {
                            x
                        }
                    }
                    None => driver_from_signals(model, i, |j| signals[j]),
                };
            }
            model.evaluate(&mut nodes, &mut limiting, &mut coverage);
            if let Some(accounts) = accounts.as_deref_mut() {
                for (out, &x) in accounts.drivers.iter_mut().zip(&nodes[..d]) {
                    if let Some(out) = out.as_deref_mut() {
                        out[row] = x;
                    }
                }
                for (out, &c) in accounts.coverage.iter_mut().zip(&coverage) {
                    if let Some(out) = out.as_deref_mut() {
                        out[row] = c;
                    }
                }
                if let Some(out) = accounts.realisation.as_deref_mut() {
                    out[row] = crate::vector::realisation(model, &nodes[..d]);
                }
            }
            for (k, out) in outputs.iter_mut().enumerate() {
                let score = nodes[d + k];
                if let Some(s) = out.score.as_deref_mut() {
                    s[row] = score;
                }
                if let Some(b) = out.band.as_deref_mut() {
                    b[row] = band_index(&model.spec().bands, score).map_or(-1, |i| i as i8);
                }
                if let Some(l) = out.limiting.as_deref_mut() {
                    l[row] = if limiting[k] == NONE {
                        -1
                    } else {
                        limiting[k] as i8
                    };
                }
                if let Some(r) = out.root_driver.as_deref_mut() {
                    r[row] = root_driver(model, k, &limiting).map_or(-1, |i| i as i8);
                }
                if let Some(p) = out.probability.as_deref_mut() {
                    p[row] = probability(model, k, score);
                }
            }
        }
        Ok(n)
    }

    /// [`BatchPlan::score`] when every column is a driver: chunk by chunk,
    /// with the CPU's best vector instructions.
    fn score_drivers(
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

    /// Scores `columns` into new buffers holding every output.
    pub fn score_all(&self, columns: &[&[f64]]) -> Result<BatchOutputs> {
        let rows = columns.first().map_or(0, |c| c.len());
        let mut out = BatchOutputs::new(self.model.equations().len(), rows);
        self.score(columns, &mut out.columns())?;
        Ok(out)
    }

    pub(crate) fn check_shapes(
        &self,
        columns: &[&[f64]],
        outputs: &[EquationColumns<'_>],
    ) -> Result<usize> {
        if columns.len() != self.names.len() {
            return Err(Error::input(
                "",
                format!(
                    "expected {} columns ({}), got {}",
                    self.names.len(),
                    self.names.join(", "),
                    columns.len()
                ),
            ));
        }
        // Without a column (every value missing) the outputs give the rows.
        let n = match columns.first() {
            Some(c) => c.len(),
            None => outputs
                .iter()
                .flat_map(lengths)
                .flatten()
                .next()
                .unwrap_or(0),
        };
        for (name, column) in self.names.iter().zip(columns) {
            if column.len() != n {
                return Err(Error::input(
                    name.as_str(),
                    format!("has {} rows but '{}' has {n}", column.len(), self.names[0]),
                ));
            }
        }
        let equations: Vec<&str> = self.model.equations().collect();
        if outputs.len() != equations.len() {
            return Err(Error::input(
                "",
                format!(
                    "expected {} outputs ({}), got {}",
                    equations.len(),
                    equations.join(", "),
                    outputs.len()
                ),
            ));
        }
        for (eq, out) in equations.iter().zip(outputs) {
            for (part, len) in ["score", "band", "limiting", "root_driver", "probability"]
                .iter()
                .zip(lengths(out))
            {
                if let Some(len) = len.filter(|&l| l != n) {
                    return Err(Error::input(
                        format!("{eq}.{part}"),
                        format!("output has {len} rows but the input has {n}"),
                    ));
                }
            }
        }
        Ok(n)
    }

    fn bad(&self, column: usize, row: usize, message: String) -> Error {
        Error::input(self.names[column].as_str(), format!("row {row}: {message}"))
    }
}

/// The lengths of an equation's output buffers (score, band, limiting,
/// root driver, probability), None for those not asked for.
fn lengths(out: &EquationColumns<'_>) -> [Option<usize>; 5] {
    [
        out.score.as_ref().map(|s| s.len()),
        out.band.as_ref().map(|s| s.len()),
        out.limiting.as_ref().map(|s| s.len()),
        out.root_driver.as_ref().map(|s| s.len()),
        out.probability.as_ref().map(|s| s.len()),
    ]
}

/// Equation `k`'s calibrated probability for `score`; NaN when it has no
/// calibration.
fn probability(model: &Model, k: usize, score: f64) -> f64 {
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
        let mut weights = arbitrary.into_iter();
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
