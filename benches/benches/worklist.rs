//! The worklist over a history: accounts × 12 monthly snapshots of the
//! six drivers (seeded; 2% of values missing), ranked by ARR at stake
//! with trends, events and the first move to green, on every core. The
//! history is held as columns (`HistoryColumns`, what the CLI reads a
//! history file into); up to 10^5 accounts the same history held as
//! accounts (`Model::worklist` on snapshots, what the JSON entry points
//! read) runs too, as the baseline, and must give the same worklist.
//! Prints the time, the accounts per second and the process's peak
//! resident memory (history included), against the target:
//! 10^6 accounts in under 10 s and 2 GB on two cores.
//!
//! `cargo bench -p valuevector-benches --bench worklist` (10^5 accounts;
//! `VV_WORKLIST_ACCOUNTS=1000000` sets the size).

use std::time::Instant;

use valuevector::history::{HistoryColumns, HistoryRow, Snapshot, WorklistOptions};
use valuevector::Account;
use valuevector_benches::{success_equations, uniform, DRIVERS};

const MONTHS: usize = 12;

/// Account `a`'s drivers in each month: a seeded start that drifts.
fn months_of(next: &mut impl FnMut() -> f64) -> Vec<[f64; 6]> {
    let mut base = [0.0; 6];
    for x in &mut base {
        *x = next();
    }
    (0..MONTHS)
        .map(|m| {
            let mut row = [0.0; 6];
            for (d, x) in row.iter_mut().enumerate() {
                let drift = 0.1 * (next() - 0.5) * m as f64 / 12.0;
                *x = if next() < 0.02 {
                    f64::NAN
                } else {
                    (base[d] + drift).clamp(0.0, 1.0)
                };
            }
            row
        })
        .collect()
}

fn arr_of(a: usize) -> f64 {
    1000.0 * (1 + a % 900) as f64
}

/// The day of month `m`.
fn day_of(m: usize) -> i64 {
    20_454 + 30 * m as i64
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let accounts: usize = match std::env::var("VV_WORKLIST_ACCOUNTS") {
        Ok(v) if measuring => v.parse().expect("VV_WORKLIST_ACCOUNTS: a whole number"),
        _ if measuring => 100_000,
        _ => 50,
    };
    let names: Vec<String> = DRIVERS.iter().map(|d| d.to_string()).collect();
    let mut history = HistoryColumns::new(names);
    history.reserve(accounts * MONTHS);
    let mut next = uniform(42);
    let mut id = String::new();
    for a in 0..accounts {
        id.clear();
        id.push_str(&format!("A{a:07}"));
        for (m, values) in months_of(&mut next).iter().enumerate() {
            history
                .push(HistoryRow {
                    id: &id,
                    day: day_of(m),
                    arr: Some(arr_of(a)),
                    segment: Some(if a % 5 == 0 { "enterprise" } else { "smb" }),
                    parent: None,
                    values,
                })
                .expect("a row");
        }
    }
    let held = peak_mb().map_or("unknown".into(), |mb| format!("{mb:.0} MB"));
    let model = success_equations();
    let options = WorklistOptions {
        as_of: None,
        plans: &[],
        blockers: &[],
        equation: "renewal",
    };
    let start = Instant::now();
    let list = model
        .history_worklist(&history, &options)
        .expect("the worklist");
    let took = start.elapsed().as_secs_f64();
    assert_eq!(list.accounts.len(), accounts);
    let moves = list
        .accounts
        .iter()
        .filter(|a| a.first_move.is_some())
        .count();
    let peak = peak_mb().map_or("unknown".into(), |mb| format!("{mb:.0} MB"));
    println!(
        "worklist (columns): {accounts} accounts x {MONTHS} snapshots in {took:.3} s \
         ({:.0} accounts/s; {moves} first moves); peak memory {peak} ({held} holding the history)",
        accounts as f64 / took
    );
    if accounts > 100_000 {
        return;
    }
    // The baseline: the same history as accounts.
    drop(history);
    let mut next = uniform(42);
    let histories: Vec<(String, Vec<Snapshot>)> = (0..accounts)
        .map(|a| {
            let id = format!("A{a:07}");
            let snaps = months_of(&mut next)
                .iter()
                .enumerate()
                .map(|(m, values)| {
                    let mut account = Account::new().with_id(id.clone());
                    account.arr = Some(arr_of(a));
                    account.segment = Some(if a % 5 == 0 { "enterprise" } else { "smb" }.into());
                    for (name, &x) in DRIVERS.iter().zip(values) {
                        account = account.with(*name, x);
                    }
                    Snapshot {
                        day: day_of(m),
                        account,
                    }
                })
                .collect();
            (id, snaps)
        })
        .collect();
    let start = Instant::now();
    let baseline = model.worklist(&histories, &options).expect("the worklist");
    let took_accounts = start.elapsed().as_secs_f64();
    assert!(baseline == list, "the two ways in must agree");
    println!(
        "worklist (accounts): {accounts} accounts in {took_accounts:.3} s; \
         columns {:.2}x faster",
        took_accounts / took
    );
}
