//! The scores of a record batch as Arrow arrays: float64 with null where
//! the core says NaN, and codes (bands, limiting inputs, root drivers) as
//! int8 with null where the core says -1, dictionary-encoded with their
//! names unless codes are asked for. Validity is worked out block by
//! block, while the block's results are still in cache.

use std::ops::Range;
use std::sync::Arc;

use arrow_array::types::Int8Type;
use arrow_array::{ArrayRef, DictionaryArray, Float64Array, Int8Array};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};
use valuevector::batch::EquationColumns;
use valuevector::{Error, Result};

/// One output column under way: its values and its validity, 64 rows to a
/// word.
pub(crate) struct Building<T> {
    values: Vec<T>,
    valid: Vec<u64>,
}

impl<T: Copy + Default> Building<T> {
    fn new(rows: usize) -> Self {
        Building {
            values: crate::pages::reserved(rows),
            valid: vec![0; rows.div_ceil(64)],
        }
    }

    /// Rows `rows` (the next ones) to be written: the buffer grows by them
    /// just before the core writes them, while they are in cache, rather
    /// than in a pass of its own over the whole column first.
    fn next(&mut self, rows: Range<usize>) -> &mut [T] {
        debug_assert_eq!(rows.start, self.values.len());
        self.values.resize(rows.end, T::default());
        &mut self.values[rows]
    }

    /// Marks rows `rows` (starting on a multiple of 64) valid or not by
    /// `is_valid`: a flag byte per row (a loop the compiler vectorises),
    /// then eight flags packed into a byte by one multiplication.
    fn mark(&mut self, rows: Range<usize>, is_valid: impl Fn(T) -> bool) {
        debug_assert_eq!(rows.start % 64, 0);
        let words = &mut self.valid[rows.start / 64..rows.end.div_ceil(64)];
        let mut flags = [0u8; 64];
        for (word, values) in words.iter_mut().zip(self.values[rows].chunks(64)) {
            // Most words have no invalid row: one vectorised pass, no stores.
            if values.iter().fold(true, |all, &x| all & is_valid(x)) {
                *word = u64::MAX;
                continue;
            }
            for (flag, &x) in flags.iter_mut().zip(values) {
                *flag = u8::from(is_valid(x));
            }
            *word = pack_word(&flags);
        }
    }

    /// The validity as Arrow keeps it: none when every row is valid.
    fn nulls(valid: Vec<u64>, rows: usize) -> Option<NullBuffer> {
        let bits = BooleanBuffer::new(Buffer::from_vec(valid), 0, rows);
        Some(NullBuffer::new(bits)).filter(|n| n.null_count() > 0)
    }
}

impl Building<i8> {
    /// [`Building::mark`] for codes (valid when not negative), folding the
    /// greatest code into `greatest` in the same pass.
    fn mark_codes(&mut self, rows: Range<usize>, greatest: &mut i8) {
        debug_assert_eq!(rows.start % 64, 0);
        let words = &mut self.valid[rows.start / 64..rows.end.div_ceil(64)];
        let codes = &self.values[rows];
        // Two plain loops, each vectorised: the greatest code, then the flags.
        *greatest = codes.iter().fold(*greatest, |m, &c| m.max(c));
        let mut flags = [0u8; 64];
        for (word, codes) in words.iter_mut().zip(codes.chunks(64)) {
            for (flag, &c) in flags.iter_mut().zip(codes) {
                *flag = u8::from(c >= 0);
            }
            *word = pack_word(&flags);
        }
    }
}

/// One equation's outputs under way.
pub(crate) struct EquationBuilding {
    score: Building<f64>,
    probability: Option<Building<f64>>,
    band: Building<i8>,
    limiting: Building<i8>,
    root_driver: Building<i8>,
    /// The greatest band, limiting and root driver code written.
    greatest: [i8; 3],
}

impl EquationBuilding {
    /// Buffers for `rows` rows; a probability when the equation is calibrated.
    pub fn new(rows: usize, calibrated: bool) -> Self {
        EquationBuilding {
            score: Building::new(rows),
            probability: calibrated.then(|| Building::new(rows)),
            band: Building::new(rows),
            limiting: Building::new(rows),
            root_driver: Building::new(rows),
            greatest: [i8::MIN; 3],
        }
    }

    /// Where the core writes rows `rows`, the rows after those written.
    pub fn columns(&mut self, rows: Range<usize>) -> EquationColumns<'_> {
        EquationColumns {
            score: Some(self.score.next(rows.clone())),
            band: Some(self.band.next(rows.clone())),
            limiting: Some(self.limiting.next(rows.clone())),
            root_driver: Some(self.root_driver.next(rows.clone())),
            probability: self.probability.as_mut().map(|p| p.next(rows.clone())),
        }
    }

    /// Marks the validity of rows `rows`, just written.
    pub fn mark(&mut self, rows: Range<usize>) {
        let number = |x: f64| !x.is_nan();
        self.score.mark(rows.clone(), number);
        if let Some(p) = &mut self.probability {
            p.mark(rows.clone(), number);
        }
        let [band, limiting, root_driver] = &mut self.greatest;
        // A band is missing exactly where the score is (the core's rule:
        // bands start at 0 and cover every score): its validity is the
        // score's, and only its greatest code is looked for.
        let words = rows.start / 64..rows.end.div_ceil(64);
        self.band.valid[words.clone()].copy_from_slice(&self.score.valid[words]);
        *band = self.band.values[rows.clone()]
            .iter()
            .fold(*band, |m, &c| m.max(c));
        self.limiting.mark_codes(rows.clone(), limiting);
        self.root_driver.mark_codes(rows, root_driver);
    }

    /// The finished arrays in the order of the model's output columns
    /// (score, probability, band, limiting, root driver), codes with their
    /// `names` (band, limiting, root driver) or as plain int8.
    pub fn finish(self, names: [&ArrayRef; 3], codes: bool) -> Result<Vec<ArrayRef>> {
        let rows = self.score.values.len();
        let mut arrays = vec![float(self.score, rows)];
        if let Some(p) = self.probability {
            arrays.push(float(p, rows));
        }
        let parts = [self.band, self.limiting, self.root_driver];
        for ((building, names), greatest) in parts.into_iter().zip(names).zip(self.greatest) {
            let keys = Int8Array::new(
                ScalarBuffer::from(building.values),
                Building::<i8>::nulls(building.valid, rows),
            );
            arrays.push(if codes {
                Arc::new(keys)
            } else {
                Arc::new(dictionary(keys, names, greatest)?)
            });
        }
        Ok(arrays)
    }
}

fn float(building: Building<f64>, rows: usize) -> ArrayRef {
    Arc::new(Float64Array::new(
        ScalarBuffer::from(building.values),
        Building::<f64>::nulls(building.valid, rows),
    ))
}

/// Codes as a dictionary of `names`. The codes were checked as they were
/// marked (`greatest`, and nulls wherever a code is negative), which spares
/// Arrow's own check, a second pass over every key.
fn dictionary(
    keys: Int8Array,
    names: &ArrayRef,
    greatest: i8,
) -> Result<DictionaryArray<Int8Type>> {
    if usize::try_from(greatest).is_ok_and(|g| g >= names.len()) {
        return Err(Error::input(
            "",
            format!("a code {greatest} beyond the {} names", names.len()),
        ));
    }
    // SAFETY: every non-null key is in 0..=greatest (a negative key is
    // null by `mark`), and greatest < names.len(); the key type is int8
    // and the values a string array, as the dictionary's type says.
    #[allow(unsafe_code)]
    Ok(unsafe { DictionaryArray::<Int8Type>::new_unchecked(keys, names.clone()) })
}

/// 64 flags as a validity word. Past the last row the flags are stale:
/// never read as rows, since Arrow reads bits up to the length alone.
fn pack_word(flags: &[u8; 64]) -> u64 {
    let mut bits = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().expect("eight flags"));
        bits |= pack(eight) << (8 * k);
    }
    bits
}

/// Eight flags (bytes of 0 or 1, the first lowest) as the eight low bits,
/// the first flag lowest: the multiplication moves byte i's bit to bit
/// 56 + i, with no two partial products on the same bit (so no carries).
pub(crate) fn pack(flags: u64) -> u64 {
    flags.wrapping_mul(0x0102_0408_1020_4080) >> 56
}
