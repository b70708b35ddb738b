//! `valuevector clusters`: accounts grouped by the shape of their value
//! vector, each group with its root driver and first moves to green.

use std::io::Write;
use std::path::PathBuf;

use valuevector::io::to_json_pretty;
use valuevector::portfolio::{ClusterCount, ClusterOptions, Clusters, MAX_AUTO_K};
use valuevector::Account;

use crate::output::{csv_number, format_or_default, Table};
use crate::{input, model_cmd, Failure, Format, ModelArg};

#[derive(clap::Args)]
pub struct Args {
    /// Accounts as CSV or JSON (as for `score`); `-` reads stdin.
    path: PathBuf,
    #[command(flatten)]
    model: ModelArg,
    /// How many clusters: a number, or `auto` for the best mean silhouette
    /// over 2 to 8.
    #[arg(long, default_value = "auto", value_parser = parse_k)]
    k: ClusterCount,
    /// The equation whose scores, root drivers and bands are reported.
    #[arg(long, default_value = "renewal")]
    equation: String,
    /// The seed of k-means++ (the same seed, the same clusters).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Output format [default: table on a terminal, csv otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,
}

fn parse_k(text: &str) -> Result<ClusterCount, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(ClusterCount::Auto);
    }
    match text.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(ClusterCount::Fixed(k)),
        _ => Err(format!(
            "expected a number of clusters (1 or more) or 'auto', got '{text}'"
        )),
    }
}

pub fn run(args: Args) -> Result<(), Failure> {
    let bundle = model_cmd::load(&args.model)?;
    let text = input::read_text(&args.path)?;
    let rows = if input::is_json(&args.path, &text) {
        input::json_accounts(&text)?
    } else {
        input::csv_accounts(&text, &bundle)?.collect()
    };
    let mut bad = false;
    let mut accounts: Vec<Account> = Vec::with_capacity(rows.len());
    for row in rows {
        match row.account.account() {
            Ok(a) => accounts.push(a),
            Err(e) => {
                eprintln!("valuevector: {}: {e}", row.place);
                bad = true;
            }
        }
    }
    let options = ClusterOptions {
        k: args.k,
        equation: &args.equation,
        seed: args.seed,
    };
    let found = bundle
        .clusters(&accounts, &options)
        .map_err(|e| Failure::Fatal(format!("{}: {e}", args.path.display())))?;
    let mut out = std::io::stdout().lock();
    match format_or_default(args.format) {
        Format::Json => writeln!(out, "{}", to_json_pretty(&found))?,
        Format::Csv => table(&found, true).write_csv(&mut out)?,
        Format::Table => {
            writeln!(out, "{}", headline(&found))?;
            writeln!(out)?;
            table(&found, false).write(&mut out)?;
            writeln!(out)?;
            shapes(&found).write(&mut out)?;
        }
    }
    if bad {
        Err(Failure::BadRows)
    } else {
        Ok(())
    }
}

/// How k came about, in a line.
fn headline(c: &Clusters) -> String {
    match c.chosen_by {
        "silhouette" => format!(
            "{} clusters of {} accounts: the best mean silhouette ({:.3}) of k = 2..{}",
            c.k,
            c.members.len(),
            c.silhouette,
            c.tried.last().map_or(MAX_AUTO_K, |t| t.k)
        ),
        _ => format!(
            "{} clusters of {} accounts (mean silhouette {:.3})",
            c.k,
            c.members.len(),
            c.silhouette
        ),
    }
}

/// One row per cluster; in CSV with every centroid value.
fn table(c: &Clusters, csv: bool) -> Table {
    let eq = &c.equation;
    let mut headers: Vec<String> = ["cluster", "accounts", "arr", eq.as_str()]
        .map(String::from)
        .to_vec();
    headers.extend(["root_driver", "dimension", "root_accounts", "first_moves"].map(String::from));
    if csv {
        headers.extend(c.drivers.iter().cloned());
    }
    let mut table = Table::new(headers);
    for cluster in &c.clusters {
        let moves: Vec<String> = cluster
            .first_moves
            .iter()
            .map(|m| format!("{}: {} ({})", m.equation, m.driver, m.accounts))
            .collect();
        let number = |x: Option<f64>| match (x, csv) {
            (Some(v), false) => format!("{v:.2}"),
            (x, _) => csv_number(x),
        };
        let mut row = vec![
            cluster.cluster.to_string(),
            cluster.accounts.to_string(),
            if csv {
                csv_number(Some(cluster.arr))
            } else {
                format!("{:.0}", cluster.arr)
            },
            number(cluster.mean_score),
        ];
        match &cluster.root_driver {
            Some(r) => row.extend([
                r.driver.clone(),
                r.dimension.clone(),
                r.accounts.to_string(),
            ]),
            None => row.extend([String::new(), String::new(), "0".into()]),
        }
        row.push(moves.join("; "));
        if csv {
            row.extend(cluster.centroid.iter().map(|x| csv_number(Some(x.value))));
        }
        table.push(row);
    }
    table
}

/// The centroids for people: one row per driver, one column per cluster.
fn shapes(c: &Clusters) -> Table {
    let mut headers = vec!["driver / target".to_string()];
    headers.extend(c.clusters.iter().map(|x| format!("#{}", x.cluster)));
    let mut table = Table::new(headers);
    for (j, driver) in c.drivers.iter().enumerate() {
        let mut row = vec![driver.clone()];
        row.extend(
            c.clusters
                .iter()
                .map(|x| format!("{:.2}", x.centroid[j].value)),
        );
        table.push(row);
    }
    table
}
