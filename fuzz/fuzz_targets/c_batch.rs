//! The C batch entry, called through the C ABI as a C caller would: any
//! sizes, names (NULL, bad UTF-8, unknown, repeated) and values, with
//! buffers as large as the call says. It returns a status, never crashes,
//! and refuses sizes beyond its documented limits before reading anything.
#![no_main]

use std::ffi::{c_char, c_void, CString};

use libfuzzer_sys::fuzz_target;

// The C library's own source (fuzz/c-library), linked into this target.
use valuevector_c as _;

extern "C" {
    fn vv_model_default(out: *mut *mut c_void) -> i32;
    fn vv_model_free(model: *mut c_void);
    fn vv_model_names_count(model: *const c_void, kind: i32, out: *mut usize) -> i32;
    fn vv_score_batch(
        model: *const c_void,
        names: *const *const c_char,
        columns: *const *const f64,
        n_columns: usize,
        n_rows: usize,
        scores: *const *mut f64,
        bands: *const *mut i8,
        limiting: *const *mut i8,
        root_drivers: *const *mut i8,
    ) -> i32;
}

const OK: i32 = 0;
const OUT_OF_RANGE: i32 = 5;
const NAMES: [&str; 8] = [
    "product",
    "nps",
    "relationship",
    "trust",
    "",
    "need",
    "weekly_active_ratio",
    "nps",
];

/// Reads the fuzzer's bytes in turn, as zeros once they run out.
struct Bytes<'a>(&'a [u8]);
impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }
    fn value(&mut self) -> f64 {
        match self.byte() % 8 {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -1.0,
            3 => f64::from(self.byte()) * 4.0,
            _ => f64::from(self.byte()) / 255.0,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let mut model = std::ptr::null_mut();
    assert_eq!(unsafe { vv_model_default(&mut model) }, OK);
    // The model's sizes: equations (one output each), and the drivers and
    // measures together (the most columns a call may name).
    let count = |kind: i32| {
        let mut n = 0usize;
        assert_eq!(unsafe { vv_model_names_count(model, kind, &mut n) }, OK);
        n
    };
    let (drivers, measures, equations) = (count(0), count(1), count(2));
    let names_known = drivers + measures;
    let shape = bytes.byte();
    // Sizes: mostly small and real, sometimes beyond any limit.
    let n_columns = match shape % 16 {
        0 => usize::MAX,
        1 => 1 << 40,
        2 => names_known + 1,
        k => usize::from(k % 9),
    };
    let n_rows = match (shape / 16) % 8 {
        0 => usize::MAX,
        1 => 1 << 62,
        2 => isize::MAX as usize / 8 + 1,
        k => usize::from(bytes.byte() % 40) * usize::from(k > 3),
    };
    let huge = n_columns > names_known || n_rows > isize::MAX as usize / 8;
    let small_columns = if huge { 0 } else { n_columns };
    let small_rows = if huge { 0 } else { n_rows };
    let owned: Vec<CString> = (0..small_columns)
        .map(|_| CString::new(NAMES[usize::from(bytes.byte()) % NAMES.len()]).unwrap())
        .collect();
    let mut names: Vec<*const c_char> = owned.iter().map(|n| n.as_ptr()).collect();
    let bad_utf8 = b"n\xffps\0";
    if let Some(name) = names.first_mut() {
        match bytes.byte() % 16 {
            0 => *name = std::ptr::null(),
            1 => *name = bad_utf8.as_ptr().cast(),
            _ => {}
        }
    }
    let values: Vec<Vec<f64>> = (0..small_columns)
        .map(|_| (0..small_rows).map(|_| bytes.value()).collect())
        .collect();
    let columns: Vec<*const f64> = values.iter().map(|c| c.as_ptr()).collect();
    let mut scores = vec![vec![0.0; small_rows]; equations];
    let mut codes = vec![vec![0i8; small_rows]; 3 * equations];
    let score_ptrs: Vec<*mut f64> = scores.iter_mut().map(|s| s.as_mut_ptr()).collect();
    let mut code_ptrs: Vec<*mut i8> = codes.iter_mut().map(|c| c.as_mut_ptr()).collect();
    let (bands, rest) = code_ptrs.split_at_mut(equations);
    let (limiting, roots) = rest.split_at_mut(equations);
    let skip = bytes.byte();
    let or_null = |on: bool, p: *const *mut i8| if on { p } else { std::ptr::null() };
    // Beyond the limits, arrays of one entry: reading past it is caught by
    // AddressSanitizer, so the sizes must be refused before any read.
    let one_name = [c"product".as_ptr()];
    let one_value = [0.5];
    let one_column = [one_value.as_ptr()];
    let (names_ptr, columns_ptr) = if huge {
        (one_name.as_ptr(), one_column.as_ptr())
    } else if small_columns == 0 {
        (std::ptr::null(), std::ptr::null())
    } else {
        (names.as_ptr(), columns.as_ptr())
    };
    let status = unsafe {
        vv_score_batch(
            model,
            names_ptr,
            columns_ptr,
            n_columns,
            n_rows,
            if skip & 1 == 0 {
                score_ptrs.as_ptr()
            } else {
                std::ptr::null()
            },
            or_null(skip & 2 == 0, bands.as_ptr()),
            or_null(skip & 4 == 0, limiting.as_ptr()),
            or_null(skip & 8 == 0, roots.as_ptr()),
        )
    };
    if huge {
        assert_eq!(
            status, OUT_OF_RANGE,
            "n_columns {n_columns}, n_rows {n_rows}"
        );
    }
    assert!(
        (0..=7).contains(&status) && status != 6,
        "status {status} (6 is a caught panic)"
    );
    if status == OK {
        for s in scores.iter().flatten() {
            assert!(s.is_nan() || (0.0..=1.0).contains(s), "score {s}");
        }
    }
    unsafe { vv_model_free(model) };
});
