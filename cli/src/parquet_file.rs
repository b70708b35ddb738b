//! Parquet files in and out. A Parquet input is read into the text a CSV
//! file of the same table would hold (numbers in their shortest exact
//! form, dates as YYYY-MM-DD, nulls empty), so that every command reads it
//! as it reads CSV, with the same rules and the same bits. Output rows go
//! into Parquet in row groups as they come: numbers as float64, text as
//! UTF-8, empty cells as nulls.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, RecordBatchReader, StringArray};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use valuevector_arrow::Cells;

use crate::Failure;

/// Rows per row group written.
const ROW_GROUP: usize = 65_536;

/// Whether `path` is a Parquet file: by its extension, or by the magic
/// bytes a Parquet file starts with.
pub fn is_parquet(path: &Path) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet") || e.eq_ignore_ascii_case("pq"));
    if by_name {
        return true;
    }
    let mut magic = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PAR1")
}

/// The Parquet file at `path` as CSV text: its header, then a line per
/// row. A column of a type with no text form (a list, a struct) is named.
pub fn read_as_csv(path: &Path) -> Result<String, Failure> {
    let fail = |e: &dyn std::fmt::Display| {
        Failure::Fatal(format!("cannot read Parquet {}: {e}", path.display()))
    };
    let file = File::open(path).map_err(|e| fail(&e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| fail(&e))?
        .build()
        .map_err(|e| fail(&e))?;
    let schema = reader.schema();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    out.write_record(&header).map_err(|e| fail(&e))?;
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for batch in reader {
        let batch = batch.map_err(|e| fail(&e))?;
        let cells: Vec<Cells<'_>> = batch
            .columns()
            .iter()
            .zip(schema.fields())
            .map(|(column, field)| {
                Cells::new(column.as_ref()).ok_or_else(|| {
                    Failure::Fatal(format!(
                        "{}: column '{}' is of Arrow type {}, which has no text form",
                        path.display(),
                        field.name(),
                        field.data_type()
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        for row in 0..batch.num_rows() {
            record.clear();
            record.extend(
                cells
                    .iter()
                    .map(|c| c.get(row).map(|t| t.into_owned()).unwrap_or_default()),
            );
            out.write_record(&record).map_err(|e| fail(&e))?;
        }
    }
    let bytes = out.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// Rows of text cells written as Parquet: each column text (UTF-8) or a
/// number (float64), an empty cell null.
pub struct ParquetRows<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: Arc<Schema>,
    /// Per column: its cells since the last row group.
    cells: Vec<Vec<String>>,
}

impl<W: Write + Send> ParquetRows<W> {
    /// A writer of `headers` (with `text[i]` when column i holds text).
    pub fn new(out: W, headers: &[String], text: &[bool]) -> Result<Self, Failure> {
        let fields: Vec<Field> = headers
            .iter()
            .zip(text)
            .map(|(name, &text)| {
                let kind = if text {
                    DataType::Utf8
                } else {
                    DataType::Float64
                };
                Field::new(name.as_str(), kind, true)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        // Snappy: what Spark, DuckDB and pyarrow write by default, and read everywhere.
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
            .map_err(|e| Failure::Fatal(format!("cannot write Parquet: {e}")))?;
        Ok(ParquetRows {
            writer,
            cells: vec![Vec::new(); headers.len()],
            schema,
        })
    }

    /// Adds a row (one cell per column).
    pub fn push(&mut self, row: Vec<String>) -> Result<(), Failure> {
        for (column, cell) in self.cells.iter_mut().zip(row) {
            column.push(cell);
        }
        if self.cells[0].len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Failure> {
        let rows = self.cells.first().map_or(0, Vec::len);
        if rows == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self
            .cells
            .iter_mut()
            .zip(self.schema.fields())
            .map(|(cells, field)| -> Result<ArrayRef, Failure> {
                let cells = std::mem::take(cells);
                Ok(match field.data_type() {
                    DataType::Utf8 => Arc::new(StringArray::from_iter(
                        cells.iter().map(|c| (!c.is_empty()).then_some(c.as_str())),
                    )),
                    _ => Arc::new(
                        cells
                            .iter()
                            .map(|c| match c.as_str() {
                                "" => Ok(None),
                                c => c.parse::<f64>().map(Some).map_err(|_| {
                                    Failure::Fatal(format!(
                                        "column '{}': '{c}' is not a number",
                                        field.name()
                                    ))
                                }),
                            })
                            .collect::<Result<Float64Array, Failure>>()?,
                    ),
                })
            })
            .collect::<Result<_, _>>()?;
        let batch = RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| Failure::Fatal(format!("cannot write Parquet: {e}")))?;
        self.writer.write(&batch).map_err(parquet_failure)?;
        self.writer.flush().map_err(parquet_failure)
    }

    /// Writes the last row group and the file's footer.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.flush()?;
        let mut out = self.writer.into_inner().map_err(parquet_failure)?;
        out.flush()?;
        Ok(())
    }
}

/// A Parquet writer's failure: a closed pipe ends quietly, as for text.
fn parquet_failure(e: parquet::errors::ParquetError) -> Failure {
    match e {
        parquet::errors::ParquetError::External(e) => match e.downcast::<std::io::Error>() {
            Ok(io) => (*io).into(),
            Err(e) => Failure::Fatal(format!("cannot write Parquet: {e}")),
        },
        e => Failure::Fatal(format!("cannot write Parquet: {e}")),
    }
}
