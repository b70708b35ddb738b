//! `valuevector classify`: blocker texts to dimensions, with the words that decided.

use std::io::{BufRead, Write};

use serde_json::json;

use crate::output::{format_or_default, Table};
use crate::{model_cmd, Failure, Format, ModelArg};

#[derive(clap::Args)]
pub struct Args {
    /// Blocker texts; without any, one per line from stdin.
    texts: Vec<String>,
    #[command(flatten)]
    model: ModelArg,
    /// Output format [default: table on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
}

pub fn run(args: Args) -> Result<(), Failure> {
    // A bundle's blocker dimensions are its fallback model's.
    let bundle = model_cmd::load(&args.model)?;
    let model = bundle.otherwise();
    let texts = if args.texts.is_empty() {
        let mut lines = Vec::new();
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| Failure::Fatal(format!("cannot read stdin: {e}")))?;
            if !line.trim().is_empty() {
                lines.push(line);
            }
        }
        lines
    } else {
        args.texts
    };
    let results: Vec<_> = texts.iter().map(|t| (t, model.classify(t))).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format_or_default(args.format) {
        Format::Json => {
            let items: Vec<_> = results
                .iter()
                .map(|(t, c)| json!({"text": t, "dimension": c.dimension, "confidence": c.confidence, "matched": c.matched}))
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).expect("JSON values serialise")
            )?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let record = |w: &mut csv::Writer<_>, r: [&str; 4]| {
                w.write_record(r).map_err(|e| Failure::Fatal(e.to_string()))
            };
            record(&mut w, ["text", "dimension", "confidence", "matched"])?;
            for (t, c) in &results {
                record(
                    &mut w,
                    [
                        t,
                        &c.dimension,
                        &c.confidence.to_string(),
                        &c.matched.join(";"),
                    ],
                )?;
            }
            w.flush()?;
        }
        Format::Table => {
            let mut table = Table::new(
                ["dimension", "confidence", "matched", "text"]
                    .map(String::from)
                    .to_vec(),
            );
            for (t, c) in &results {
                table.push(vec![
                    c.dimension.clone(),
                    format!("{:.2}", c.confidence),
                    c.matched.join(", "),
                    t.to_string(),
                ]);
            }
            table.write(&mut out)?;
        }
    }
    out.flush()?;
    Ok(())
}
