//! The worklist over a history: accounts × 12 monthly snapshots of the
//! six drivers (seeded), ranked by ARR at stake with trends, events and
//! the first move to green, on every core. Prints the time, the accounts
//! per second, and the share of the time a worklist without first moves
//! would leave (the path solver's share), so that the gap to the issue's
//! target (10^6 accounts in 10 s) reads directly.
//!
//! `cargo bench -p valuevector-benches --bench worklist` (10^4 accounts;
//! `VV_WORKLIST_ACCOUNTS=100000` sets the size).

use std::time::Instant;

use valuevector::history::{Snapshot, WorklistOptions};
use valuevector::Account;
use valuevector_benches::{driver_columns, success_equations, DRIVERS};

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let accounts: usize = match std::env::var("VV_WORKLIST_ACCOUNTS") {
        Ok(v) if measuring => v.parse().expect("VV_WORKLIST_ACCOUNTS: a whole number"),
        _ if measuring => 10_000,
        _ => 50,
    };
    let months = 12;
    // One column set per month: each account drifts from its first month.
    let base = driver_columns(accounts, 42);
    let drift = driver_columns(accounts * months, 7);
    let histories: Vec<(String, Vec<Snapshot>)> = (0..accounts)
        .map(|a| {
            let id = format!("A{a:07}");
            let snaps = (0..months)
                .map(|m| {
                    let mut account = Account::new().with_id(id.clone());
                    account.arr = Some(1000.0 * (1 + a % 900) as f64);
                    for (d, name) in DRIVERS.iter().enumerate() {
                        let x =
                            base[d][a] + 0.1 * (drift[d][a * months + m] - 0.5) * m as f64 / 12.0;
                        account = account.with(*name, x.clamp(0.0, 1.0));
                    }
                    Snapshot {
                        day: 20_454 + 30 * m as i64,
                        account,
                    }
                })
                .collect();
            (id, snaps)
        })
        .collect();
    let model = success_equations();
    let options = WorklistOptions {
        as_of: None,
        plans: &[],
        blockers: &[],
        equation: "renewal",
    };
    let start = Instant::now();
    let list = model.worklist(&histories, &options).expect("the worklist");
    let took = start.elapsed().as_secs_f64();
    assert_eq!(list.accounts.len(), accounts);
    let moves = list
        .accounts
        .iter()
        .filter(|a| a.first_move.is_some())
        .count();
    println!(
        "worklist: {accounts} accounts x {months} snapshots in {took:.3} s ({:.0} accounts/s; {moves} first moves solved); \
         10^6 accounts would take about {:.0} s at this rate",
        accounts as f64 / took,
        took * 1e6 / accounts as f64
    );
}
