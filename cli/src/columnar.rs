//! The fast way through `score` for the common case, a CSV portfolio to
//! CSV without `--explain` or `--blockers`: the portfolio is read into
//! columns, scored by the core's batch API (the kernel every path shares,
//! so the same bits), and its rows written on every core. A bad row sends
//! the whole input back to the row-by-row path, which reports each bad row
//! where it is; nothing is written before that is known.

use std::io::Write;

use rayon::prelude::*;
use valuevector::{AccountColumns, EquationColumns, Model};

use crate::input::{check_account_headers, number, open_csv};
use crate::output::csv_number;
use crate::Failure;

/// Rows rendered per task.
const BLOCK: usize = 8192;

/// The portfolio as columns.
struct Portfolio {
    ids: Vec<String>,
    segments: Vec<String>,
    arr: Vec<f64>,
    /// The model's measures and drivers given, by name, and their values.
    names: Vec<String>,
    values: Vec<Vec<f64>>,
}

/// What the batch API gives back.
struct Scored {
    scores: Vec<Vec<f64>>,
    bands: Vec<Vec<i8>>,
    limiting: Vec<Vec<i8>>,
    roots: Vec<Vec<i8>>,
    drivers: Vec<Vec<f64>>,
    realisation: Vec<f64>,
    coverage: Vec<Vec<f64>>,
}

/// Scores `text` (a CSV portfolio) into `out` as CSV with `header`. `None`
/// when some row is bad: nothing has been written, and the caller scores
/// row by row to report it.
pub fn score_csv(
    text: &str,
    model: &Model,
    header: &[String],
    out: &mut impl Write,
) -> Result<Option<()>, Failure> {
    let Some(portfolio) = read(text, model)? else {
        return Ok(None);
    };
    let Some(scored) = score(&portfolio, model) else {
        return Ok(None);
    };
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(header)
        .map_err(|e| Failure::Fatal(e.to_string()))?;
    w.flush()?;
    drop(w);
    let rows = portfolio.ids.len();
    let starts: Vec<usize> = (0..rows).step_by(BLOCK).collect();
    // Rendered a few blocks at a time, so that memory stays bounded.
    for group in starts.chunks(rayon::current_num_threads().max(1) * 2) {
        let texts: Vec<Result<Vec<u8>, Failure>> = group
            .par_iter()
            .map(|&start| render(&portfolio, &scored, model, start..(start + BLOCK).min(rows)))
            .collect();
        for text in texts {
            out.write_all(&text?)?;
        }
    }
    Ok(Some(()))
}

/// The portfolio's columns, or `None` when a cell is not a number or the
/// CSV is malformed (the row-by-row path says which).
fn read(text: &str, model: &Model) -> Result<Option<Portfolio>, Failure> {
    let (mut reader, headers) = open_csv(text)?;
    check_account_headers(&headers, model)?;
    let value_columns: Vec<usize> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !matches!(*h, "id" | "segment" | "arr"))
        .map(|(i, _)| i)
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (id, segment, arr) = (column("id"), column("segment"), column("arr"));
    let mut p = Portfolio {
        ids: Vec::new(),
        segments: Vec::new(),
        arr: Vec::new(),
        names: value_columns
            .iter()
            .map(|&i| headers[i].to_string())
            .collect(),
        values: vec![Vec::new(); value_columns.len()],
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Ok(None),
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        p.ids.push(cell(id).to_string());
        p.segments.push(cell(segment).to_string());
        match number("arr", cell(arr)) {
            Ok(x) if x.is_nan() || x.is_finite() && x >= 0.0 => p.arr.push(x),
            _ => return Ok(None),
        }
        for (values, &i) in p.values.iter_mut().zip(&value_columns) {
            match number(&headers[i], cell(Some(i))) {
                Ok(x) => values.push(x),
                Err(_) => return Ok(None),
            }
        }
    }
    Ok(Some(p))
}

/// Every output of the batch API, or `None` when a value is invalid.
fn score(p: &Portfolio, model: &Model) -> Option<Scored> {
    let rows = p.ids.len();
    let (e, d) = (model.equations().count(), model.drivers().count());
    let mut s = Scored {
        scores: vec![vec![0.0; rows]; e],
        bands: vec![vec![0; rows]; e],
        limiting: vec![vec![0; rows]; e],
        roots: vec![vec![0; rows]; e],
        drivers: vec![vec![0.0; rows]; d],
        realisation: vec![0.0; rows],
        coverage: vec![vec![0.0; rows]; e],
    };
    let plan = model.batch_plan(&p.names).ok()?;
    let columns: Vec<&[f64]> = p.values.iter().map(Vec::as_slice).collect();
    let mut outputs: Vec<EquationColumns> = s
        .scores
        .iter_mut()
        .zip(&mut s.bands)
        .zip(&mut s.limiting)
        .zip(&mut s.roots)
        .map(|(((score, band), limiting), root)| EquationColumns {
            score: Some(score),
            band: Some(band),
            limiting: Some(limiting),
            root_driver: Some(root),
        })
        .collect();
    let mut accounts = AccountColumns {
        drivers: s
            .drivers
            .iter_mut()
            .map(|c| Some(c.as_mut_slice()))
            .collect(),
        realisation: Some(&mut s.realisation),
        coverage: s
            .coverage
            .iter_mut()
            .map(|c| Some(c.as_mut_slice()))
            .collect(),
    };
    plan.score_accounts(&columns, &mut outputs, &mut accounts)
        .ok()?;
    Some(s)
}

/// Rows `range` as CSV, in the columns of the row-by-row path.
fn render(
    p: &Portfolio,
    s: &Scored,
    model: &Model,
    range: std::ops::Range<usize>,
) -> Result<Vec<u8>, Failure> {
    let bands: Vec<&str> = model.bands().collect();
    let drivers: Vec<&str> = model.drivers().collect();
    let inputs: Vec<Vec<&str>> = model
        .equations()
        .map(|eq| model.equation_inputs(eq).unwrap_or_default())
        .collect();
    let name = |names: &[&str], code: i8| -> String {
        usize::try_from(code)
            .ok()
            .and_then(|c| names.get(c))
            .map_or_else(String::new, |n| n.to_string())
    };
    let present = |x: f64| (!x.is_nan()).then_some(x);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(range.len() * 256));
    let mut record: Vec<String> = Vec::new();
    for r in range {
        record.clear();
        record.extend([
            p.ids[r].clone(),
            p.segments[r].clone(),
            csv_number(present(p.arr[r])),
        ]);
        record.extend(s.drivers.iter().map(|c| csv_number(present(c[r]))));
        record.push(csv_number(present(s.realisation[r])));
        for (k, inputs) in inputs.iter().enumerate() {
            record.extend([
                csv_number(present(s.scores[k][r])),
                name(&bands, s.bands[k][r]),
                csv_number(Some(s.coverage[k][r])),
                name(inputs, s.limiting[k][r]),
                name(&drivers, s.roots[k][r]),
            ]);
        }
        w.write_record(&record)
            .map_err(|e| Failure::Fatal(e.to_string()))?;
    }
    w.into_inner().map_err(|e| Failure::Fatal(e.to_string()))
}
