//! Batch scoring on every core (feature `parallel`): the rows are cut into
//! blocks that rayon's threads score at once, each block exactly as
//! [`BatchPlan::score`] scores it, so the results are the same bits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::batch_plan::{BatchPlan, EquationColumns};
use crate::error::Result;

use crate::kernel::tuning::PARALLEL_BLOCK as BLOCK;

/// One block's outputs, and once scored, its result.
type Block<'o> = Mutex<(Vec<EquationColumns<'o>>, Option<Result<usize>>)>;

impl BatchPlan<'_> {
    /// [`BatchPlan::score`] with the rows spread over rayon's threads.
    ///
    /// The results are those of [`BatchPlan::score`], bit for bit. On an
    /// invalid value the error names the first bad row, as there; unlike
    /// there, rows after it may have been written too (other blocks run
    /// at the same time).
    pub fn score_parallel(
        &self,
        columns: &[&[f64]],
        outputs: &mut [EquationColumns<'_>],
    ) -> Result<usize> {
        let n = self.check_shapes(columns, outputs)?;
        let blocks = n.div_ceil(BLOCK);
        // Each block gets its own slice of every output the caller gave.
        let mut per_block: Vec<Vec<EquationColumns<'_>>> =
            (0..blocks).map(|_| Vec::new()).collect();
        for out in outputs.iter_mut() {
            let mut scores = out.score.as_deref_mut().map(|s| s.chunks_mut(BLOCK));
            let mut bands = out.band.as_deref_mut().map(|s| s.chunks_mut(BLOCK));
            let mut limiting = out.limiting.as_deref_mut().map(|s| s.chunks_mut(BLOCK));
            let mut roots = out.root_driver.as_deref_mut().map(|s| s.chunks_mut(BLOCK));
            let mut probabilities = out.probability.as_deref_mut().map(|s| s.chunks_mut(BLOCK));
            for block in per_block.iter_mut() {
                block.push(EquationColumns {
                    score: scores.as_mut().and_then(Iterator::next),
                    band: bands.as_mut().and_then(Iterator::next),
                    limiting: limiting.as_mut().and_then(Iterator::next),
                    root_driver: roots.as_mut().and_then(Iterator::next),
                    probability: probabilities.as_mut().and_then(Iterator::next),
                });
            }
        }
        let per_block: Vec<Block<'_>> = per_block
            .into_iter()
            .map(|outs| Mutex::new((outs, None)))
            .collect();
        // Every thread of the pool takes the next block until none is
        // left. A broadcast wakes them all: with a parallel iterator, a
        // call after a pause often ran on one thread alone (the pool woke
        // one sleeping thread, which did not wake the other), taking as
        // long as one core in a third of the calls at 10^6 rows.
        let next = AtomicUsize::new(0);
        rayon::broadcast(|_| loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            let Some(block) = per_block.get(b) else {
                break;
            };
            let rows = b * BLOCK..(b * BLOCK + BLOCK).min(n);
            let cols: Vec<&[f64]> = columns.iter().map(|c| &c[rows.clone()]).collect();
            // A block is taken by one thread only, so its lock is free; a
            // poisoned one (a panic elsewhere) still holds usable outputs.
            let mut block = block.lock().unwrap_or_else(|e| e.into_inner());
            let result = self.score_at(&cols, &mut block.0, rows.start);
            block.1 = Some(result);
        });
        // Blocks are in row order: the first error is the first bad row.
        for block in per_block {
            let (_, result) = block.into_inner().unwrap_or_else(|e| e.into_inner());
            if let Some(result) = result {
                result?;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use crate::batch_plan::BatchOutputs;
    use crate::{ErrorKind, Model};

    fn columns(rows: usize) -> Vec<Vec<f64>> {
        (0..6)
            .map(|c| {
                (0..rows)
                    .map(|j| match (j * 7 + c * 13) % 37 {
                        0 => f64::NAN,
                        1 => 0.0,
                        r => f64::from(r as u32) / 37.0,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn parallel_scores_are_the_serial_ones() {
        let model = Model::embedded();
        // The success equations' six drivers (the ladder's go missing).
        let names: Vec<&str> = model.drivers().take(6).collect();
        let plan = model.batch_plan(&names).unwrap();
        let rows = 3 * super::BLOCK + 123;
        let data = columns(rows);
        let cols: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
        let mut serial = BatchOutputs::new(model.equations().len(), rows);
        let mut parallel = BatchOutputs::new(model.equations().len(), rows);
        plan.score(&cols, &mut serial.columns()).unwrap();
        assert_eq!(
            plan.score_parallel(&cols, &mut parallel.columns()).unwrap(),
            rows
        );
        let bits = |o: &BatchOutputs| -> Vec<u64> {
            o.scores.iter().flatten().map(|x| x.to_bits()).collect()
        };
        assert_eq!(bits(&serial), bits(&parallel));
        assert_eq!(serial.bands, parallel.bands);
        assert_eq!(serial.limiting, parallel.limiting);
        assert_eq!(serial.root_drivers, parallel.root_drivers);
    }

    #[test]
    fn the_first_bad_row_is_named_with_its_row_in_the_whole_batch() {
        let model = Model::embedded();
        // The success equations' six drivers (the ladder's go missing).
        let names: Vec<&str> = model.drivers().take(6).collect();
        let plan = model.batch_plan(&names).unwrap();
        let rows = 2 * super::BLOCK + 10;
        let mut data = columns(rows);
        let late = 2 * super::BLOCK + 3;
        let early = super::BLOCK + 5;
        data[4][late] = 7.0;
        data[1][early] = -1.0;
        let cols: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
        let mut out = BatchOutputs::new(model.equations().len(), rows);
        let e = plan.score_parallel(&cols, &mut out.columns()).unwrap_err();
        assert_eq!((e.kind(), e.path()), (ErrorKind::Input, "outcomes"));
        assert!(e.message().starts_with(&format!("row {early}:")), "{e}");
        // Shapes are checked before anything runs.
        let e = plan
            .score_parallel(&cols[..5], &mut out.columns())
            .unwrap_err();
        assert!(e.message().contains("expected 6 columns"), "{e}");
    }
}
