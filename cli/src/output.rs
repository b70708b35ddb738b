//! Output helpers: the default format, numbers, aligned tables.

use std::io::{IsTerminal, Write};

use crate::Format;

/// The format asked for, else a table on a terminal and CSV when piped.
pub fn format_or_default(format: Option<Format>) -> Format {
    format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Csv
    })
}

/// A number for CSV: the shortest text that reads back to the same bits;
/// empty when missing.
pub fn csv_number(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// Columns of text, aligned for people: numbers to the right.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<String>) -> Self {
        Table {
            headers,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([self.headers[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..self.headers.len())
            .map(|c| {
                !self.rows.is_empty()
                    && self
                        .rows
                        .iter()
                        .all(|r| r[c].is_empty() || r[c].parse::<f64>().is_ok())
            })
            .collect();
        let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(c, s)| {
                    if numeric[c] {
                        format!("{s:>w$}", w = widths[c])
                    } else {
                        format!("{s:<w$}", w = widths[c])
                    }
                })
                .collect();
            writeln!(out, "{}", parts.join("  ").trim_end())
        };
        line(&self.headers, out)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("  "))?;
        for row in &self.rows {
            line(row, out)?;
        }
        Ok(())
    }

    /// The same rows as CSV, quoted where a cell needs it.
    pub fn write_csv(&self, out: &mut impl Write) -> std::io::Result<()> {
        // The csv crate wraps I/O errors; unwrapped, a closed pipe is
        // known as one and ends the command quietly.
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => e,
            other => std::io::Error::other(format!("{other:?}")),
        };
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers).map_err(io)?;
        for row in &self.rows {
            writer.write_record(row).map_err(io)?;
        }
        writer.flush()
    }
}
