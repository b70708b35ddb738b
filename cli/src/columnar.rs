//! The fast way through `score` for the common case, a CSV portfolio to
//! CSV without `--explain` or `--blockers`: the portfolio is read into
//! columns, scored by the core's batch API (the kernel every path shares,
//! so the same bits), and its rows written on every core. A bad row sends
//! the whole input back to the row-by-row path, which reports each bad row
//! where it is; nothing is written before that is known.

use std::fmt::Write as _;
use std::io::Write;

use rayon::prelude::*;
use valuevector::batch::{AccountColumns, EquationColumns, Part};
use valuevector::{Bundle, Model};

use crate::input::{check_account_headers, number, open_csv};
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
    /// Per equation: its probabilities when calibrated, else empty.
    probabilities: Vec<Vec<f64>>,
    drivers: Vec<Vec<f64>>,
    realisation: Vec<f64>,
    coverage: Vec<Vec<f64>>,
}

/// What the columnar path wrote: its number of rows, and the ids that more
/// than one of them has, with their rows.
pub struct Written {
    pub rows: usize,
    pub repeated: Vec<(String, Vec<usize>)>,
}

/// Scores `text` (a CSV portfolio) into `out` as CSV with `header`. `None`
/// when some row is bad, or an id repeats under `strict`: nothing has been
/// written, and the caller scores row by row to report it.
pub fn score_csv(
    text: &str,
    bundle: &Bundle,
    header: &[String],
    strict: bool,
    out: &mut impl Write,
) -> Result<Option<Written>, Failure> {
    // Only a single model's portfolio comes this way: one model, one plan.
    let model = bundle.otherwise();
    let (reader, headers) = open_csv(text)?;
    check_account_headers(&headers, bundle)?;
    // The body starts where the csv reader left the header, whatever ended
    // it (LF, CRLF or CR alone). Pieces of whole lines are read and scored
    // on every core. Without a quote in the text no record spans lines, so
    // cutting after an LF is safe; with one, the text is read as one piece.
    let body = text.get(reader.position().byte() as usize..).unwrap_or("");
    let pieces = if text.contains('"') {
        vec![body]
    } else {
        pieces_of(body, PIECE)
    };
    let scored: Vec<Option<(Portfolio, Scored)>> = pieces
        .par_iter()
        .map(|piece| {
            let portfolio = read(piece, &headers)?;
            let scored = score(&portfolio, model)?;
            Some((portfolio, scored))
        })
        .collect();
    let Some(scored) = scored.into_iter().collect::<Option<Vec<_>>>() else {
        return Ok(None);
    };
    // Only the repeated ids are copied out: the columnar path is for large
    // portfolios, and copying every id cost more than the check.
    let ids = scored
        .iter()
        .flat_map(|(p, _)| p.ids.iter().map(String::as_str));
    let repeated: Vec<(String, Vec<usize>)> = valuevector::score::repeated_ids(ids)
        .into_iter()
        .map(|(id, rows)| (id.to_string(), rows))
        .collect();
    if strict && !repeated.is_empty() {
        return Ok(None);
    }
    let rows = scored.iter().map(|(p, _)| p.ids.len()).sum();
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(header)
        .map_err(|e| Failure::Fatal(e.to_string()))?;
    w.flush()?;
    drop(w);
    let blocks: Vec<(&Portfolio, &Scored, std::ops::Range<usize>)> = scored
        .iter()
        .flat_map(|(p, s)| {
            let rows = p.ids.len();
            (0..rows)
                .step_by(BLOCK)
                .map(move |start| (p, s, start..(start + BLOCK).min(rows)))
        })
        .collect();
    // Rendered a few blocks at a time on every core while the blocks before
    // are written: a bounded queue keeps memory in check.
    let group = rayon::current_num_threads().max(1) * 2;
    let (send, receive) = std::sync::mpsc::sync_channel::<Result<Vec<u8>, Failure>>(2 * group);
    let blocks = &blocks;
    std::thread::scope(|scope| {
        // The sender moves in, so the queue ends when rendering does.
        scope.spawn(move || {
            for blocks in blocks.chunks(group) {
                let texts: Vec<Result<Vec<u8>, Failure>> = blocks
                    .par_iter()
                    .map(|(p, s, rows)| render(p, s, model, rows.clone()))
                    .collect();
                for text in texts {
                    if send.send(text).is_err() {
                        return; // The writer stopped on an error.
                    }
                }
            }
        });
        for text in receive {
            out.write_all(&text?)?;
        }
        Ok::<(), Failure>(())
    })?;
    Ok(Some(Written { rows, repeated }))
}

/// Lines per piece read on one core.
const PIECE: usize = 1 << 16;

/// `body` cut after every `lines`-th newline.
fn pieces_of(body: &str, lines: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let cut = rest
            .match_indices('\n')
            .nth(lines - 1)
            .map_or(rest.len(), |(i, _)| i + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    pieces
}

/// A piece's columns, or `None` when a cell is not a number or the CSV is
/// malformed (the row-by-row path says which).
fn read(piece: &str, headers: &csv::StringRecord) -> Option<Portfolio> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .has_headers(false)
        .from_reader(piece.as_bytes());
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
            Err(_) => return None,
        }
        if record.len() != headers.len() {
            return None;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        p.ids.push(cell(id).to_string());
        p.segments.push(cell(segment).to_string());
        match number("arr", cell(arr)) {
            Ok(x) if x.is_nan() || x.is_finite() && x >= 0.0 => p.arr.push(x),
            _ => return None,
        }
        for (values, &i) in p.values.iter_mut().zip(&value_columns) {
            match number(&headers[i], cell(Some(i))) {
                Ok(x) => values.push(x),
                Err(_) => return None,
            }
        }
    }
    Some(p)
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
        probabilities: model
            .spec()
            .equations
            .iter()
            .map(|eq| vec![0.0; if eq.calibration.is_some() { rows } else { 0 }])
            .collect(),
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
        .zip(&mut s.probabilities)
        .map(|((((score, band), limiting), root), p)| EquationColumns {
            score: Some(score),
            band: Some(band),
            limiting: Some(limiting),
            root_driver: Some(root),
            probability: (!p.is_empty()).then_some(p.as_mut_slice()),
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
    let columns = crate::score::output_columns(model, false);
    fn name<'a>(names: &[&'a str], code: i8) -> &'a str {
        usize::try_from(code)
            .ok()
            .and_then(|c| names.get(c))
            .copied()
            .unwrap_or("")
    }
    let fail = |e: csv::Error| Failure::Fatal(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::with_capacity(range.len() * 256));
    // Numbers as `csv_number` writes them, into one reused buffer.
    let mut buffer = String::new();
    let mut number = |w: &mut csv::Writer<Vec<u8>>, x: f64| {
        buffer.clear();
        if !x.is_nan() {
            let _ = write!(buffer, "{x}");
        }
        w.write_field(&buffer)
    };
    for r in range {
        w.write_field(&p.ids[r]).map_err(fail)?;
        w.write_field(&p.segments[r]).map_err(fail)?;
        number(&mut w, p.arr[r]).map_err(fail)?;
        for c in &s.drivers {
            number(&mut w, c[r]).map_err(fail)?;
        }
        number(&mut w, s.realisation[r]).map_err(fail)?;
        // The columns of the row-by-row path's header, in its order.
        for c in &columns {
            let k = c.equation;
            match c.part {
                Part::Score => number(&mut w, s.scores[k][r]),
                Part::Probability => number(&mut w, s.probabilities[k][r]),
                Part::Band => w.write_field(name(&bands, s.bands[k][r])),
                Part::Coverage => number(&mut w, s.coverage[k][r]),
                Part::Limiting => w.write_field(name(&inputs[k], s.limiting[k][r])),
                Part::RootDriver => w.write_field(name(&drivers, s.roots[k][r])),
                // Lifts are in --explain's output, which takes the row path.
                Part::Lift(_) => w.write_field(""),
            }
            .map_err(fail)?;
        }
        w.write_record(None::<&[u8]>).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Failure::Fatal(e.to_string()))
}
