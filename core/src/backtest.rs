//! Backtests: how well an equation's scores, taken before the outcome,
//! predict it. An outcome is the equation's event happening (the account
//! renewed, expanded); the scores should be high where it did.

use crate::decimal::Plain;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How well scores predict an outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// Accounts with both a score and an outcome.
    pub accounts: usize,
    /// Accounts with an outcome but no score (coverage too low), left out.
    pub unscored: usize,
    /// The share of accounts where the outcome happened.
    pub outcome_rate: f64,
    /// The area under the ROC curve: the chance that an account where the
    /// outcome happened scored above one where it did not (ties count half).
    pub auc: f64,
    /// Among the 10% lowest-scored accounts, the rate of missed outcomes
    /// (churn, no expansion) over the overall rate: how much a list of the
    /// lowest scores concentrates the misses. 1 is no better than chance.
    pub lowest_decile_lift: f64,
    /// The lowest band read as a prediction of a missed outcome; `None`
    /// when no band codes were given.
    pub lowest_band: Option<BandPrediction>,
    /// The outcome rate per score decile, lowest scores first: whether a
    /// score of 0.8 means 80%.
    pub deciles: Vec<Decile>,
}

/// The lowest band (red) as a prediction that the outcome is missed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandPrediction {
    /// Accounts in the band.
    pub accounts: usize,
    /// Of those, the share whose outcome was missed; `None` when the band
    /// is empty.
    pub precision: Option<f64>,
    /// Of the missed outcomes, the share the band caught; `None` when no
    /// outcome was missed.
    pub recall: Option<f64>,
}

/// One tenth of the accounts, by score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decile {
    /// The lowest score in it.
    pub lowest: f64,
    /// The highest score in it.
    pub highest: f64,
    /// Its accounts.
    pub accounts: usize,
    /// Their mean score.
    pub mean_score: f64,
    /// The share of them where the outcome happened.
    pub outcome_rate: f64,
}

/// Backtests `scores` (NaN when missing) against `outcomes`; `bands` (the
/// batch API's codes, 0 the lowest band) adds the lowest band's precision
/// and recall. Errors name what cannot support a backtest: lengths that
/// differ, no scored account, or one outcome only.
pub fn backtest(scores: &[f64], bands: Option<&[i8]>, outcomes: &[bool]) -> Result<Backtest> {
    if outcomes.len() != scores.len() {
        return Err(Error::input(
            "outcome",
            format!("{} outcomes for {} scores", outcomes.len(), scores.len()),
        ));
    }
    if let Some(b) = bands.filter(|b| b.len() != scores.len()) {
        return Err(Error::input(
            "band",
            format!("{} band codes for {} scores", b.len(), scores.len()),
        ));
    }
    // Scored accounts in score order; ties keep the input's order.
    let mut scored: Vec<usize> = (0..scores.len()).filter(|&i| !scores[i].is_nan()).collect();
    scored.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let n = scored.len();
    let happened = scored.iter().filter(|&&i| outcomes[i]).count();
    if n == 0 {
        return Err(Error::input("score", "no account has a score to backtest"));
    }
    if happened == 0 || happened == n {
        return Err(Error::input(
            "outcome",
            format!(
                "every scored account has the same outcome ({}): a backtest needs both",
                if happened == 0 { "missed" } else { "happened" }
            ),
        ));
    }
    let missed = n - happened;
    let outcome_rate = happened as f64 / n as f64;

    let lowest = n.div_ceil(10);
    let missed_lowest = scored[..lowest].iter().filter(|&&i| !outcomes[i]).count();
    let lowest_decile_lift = (missed_lowest as f64 / lowest as f64) / (missed as f64 / n as f64);

    let lowest_band = bands.map(|codes| {
        let in_band: Vec<usize> = scored.iter().copied().filter(|&i| codes[i] == 0).collect();
        let caught = in_band.iter().filter(|&&i| !outcomes[i]).count();
        BandPrediction {
            accounts: in_band.len(),
            precision: (!in_band.is_empty()).then(|| caught as f64 / in_band.len() as f64),
            recall: Some(caught as f64 / missed as f64),
        }
    });

    let deciles = (0..10)
        .map(|d| &scored[d * n / 10..(d + 1) * n / 10])
        .filter(|part| !part.is_empty())
        .map(|part| Decile {
            lowest: scores[part[0]],
            highest: scores[part[part.len() - 1]],
            accounts: part.len(),
            mean_score: part.iter().map(|&i| scores[i]).sum::<f64>() / part.len() as f64,
            outcome_rate: part.iter().filter(|&&i| outcomes[i]).count() as f64 / part.len() as f64,
        })
        .collect();

    Ok(Backtest {
        accounts: n,
        unscored: scores.len() - n,
        outcome_rate,
        auc: auc(&scored, scores, outcomes, happened),
        lowest_decile_lift,
        lowest_band,
        deciles,
    })
}

/// The Mann-Whitney statistic over `order` (indices sorted by score): the
/// sum of the happened accounts' ranks, ties given their mean rank.
fn auc(order: &[usize], scores: &[f64], outcomes: &[bool], happened: usize) -> f64 {
    let n = order.len();
    let mut rank_sum = 0.0;
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        // Ranks start..end (from 1) share their mean.
        let mean_rank = (start + 1 + end) as f64 / 2.0;
        let ties_happened = order[start..end].iter().filter(|&&i| outcomes[i]).count();
        rank_sum += mean_rank * ties_happened as f64;
        start = end;
    }
    let (p, q) = (happened as f64, (n - happened) as f64);
    (rank_sum - p * (p + 1.0) / 2.0) / (p * q)
}

/// A holdout: the accounts to fit on and those to evaluate on. With
/// `dates`, the earliest `1 - evaluate` share is fitted and the latest is
/// evaluated (time respected; equal dates keep the input's order);
/// without, a seeded shuffle decides.
pub fn holdout(rows: usize, dates: Option<&[f64]>, evaluate: f64, seed: u64) -> Result<Holdout> {
    if !(evaluate > 0.0 && evaluate < 1.0) {
        return Err(Error::input(
            "holdout",
            format!(
                "the evaluated share must lie in (0, 1), got {}",
                Plain(evaluate)
            ),
        ));
    }
    let mut order: Vec<usize> = (0..rows).collect();
    match dates {
        Some(d) if d.len() != rows => {
            return Err(Error::input(
                "date",
                format!("{} dates for {rows} accounts", d.len()),
            ))
        }
        Some(d) => {
            if let Some(i) = d.iter().position(|x| !x.is_finite()) {
                return Err(Error::input("date", format!("account {i} has no date")));
            }
            order.sort_by(|&a, &b| d[a].total_cmp(&d[b]));
        }
        None => {
            // Fisher-Yates with splitmix64: the same split for the same seed.
            let mut random = crate::seeded::Seeded::new(seed);
            for i in (1..rows).rev() {
                let z = random.next_u64();
                order.swap(i, (z % (i as u64 + 1)) as usize);
            }
        }
    }
    let fit = rows - (rows as f64 * evaluate).round() as usize;
    let (fit, evaluated) = order.split_at(fit);
    Ok(Holdout {
        fit: fit.to_vec(),
        evaluate: evaluated.to_vec(),
    })
}

/// Account indices split for a holdout.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// The accounts to fit on.
    pub fit: Vec<usize>,
    /// The accounts to evaluate on.
    pub evaluate: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_known_orderings() {
        let scores = [0.1, 0.2, 0.3, 0.4];
        let perfect = backtest(&scores, None, &[false, false, true, true]).unwrap();
        assert_eq!(perfect.auc, 1.0);
        let reversed = backtest(&scores, None, &[true, true, false, false]).unwrap();
        assert_eq!(reversed.auc, 0.0);
        // Ties count half: all equal scores give 0.5.
        let flat = backtest(&[0.5; 4], None, &[true, false, true, false]).unwrap();
        assert_eq!(flat.auc, 0.5);
        // By hand: happened at 0.2 and 0.4, missed at 0.1 and 0.3: of the
        // four pairs, three have the happened account above.
        let mixed = backtest(&scores, None, &[false, true, false, true]).unwrap();
        assert_eq!(mixed.auc, 0.75);
    }

    #[test]
    fn lowest_decile_lift_band_and_deciles() {
        // 20 accounts scored 0.05, 0.10 ... 1.0; the lowest four missed,
        // and one more at 0.6.
        let scores: Vec<f64> = (1..=20).map(|i| f64::from(i) * 0.05).collect();
        let outcomes: Vec<bool> = (1..=20).map(|i| i > 4 && i != 12).collect();
        let bands: Vec<i8> = scores
            .iter()
            .map(|&s| if s < 0.4 { 0 } else { 1 })
            .collect();
        let b = backtest(&scores, Some(&bands), &outcomes).unwrap();
        assert_eq!((b.accounts, b.unscored), (20, 0));
        assert_eq!(b.outcome_rate, 15.0 / 20.0);
        // The lowest 2 accounts both missed: 100% against 25% overall.
        assert_eq!(b.lowest_decile_lift, 4.0);
        let red = b.lowest_band.unwrap();
        // Scores under 0.4: seven accounts, four of them missed; 4 of 5 misses caught.
        assert_eq!(red.accounts, 7);
        assert_eq!(red.precision, Some(4.0 / 7.0));
        assert_eq!(red.recall, Some(4.0 / 5.0));
        assert_eq!(b.deciles.len(), 10);
        assert_eq!(b.deciles.iter().map(|d| d.accounts).sum::<usize>(), 20);
        assert_eq!(b.deciles[0].outcome_rate, 0.0);
        assert_eq!(b.deciles[9].outcome_rate, 1.0);
        assert!((b.deciles[0].mean_score - 0.075).abs() < 1e-15);
    }

    #[test]
    fn missing_scores_are_left_out_and_counted() {
        let b = backtest(
            &[f64::NAN, 0.2, 0.8, f64::NAN],
            None,
            &[true, false, true, false],
        )
        .unwrap();
        assert_eq!((b.accounts, b.unscored), (2, 2));
        assert_eq!(b.auc, 1.0);
    }

    #[test]
    fn what_cannot_be_backtested_is_named() {
        let e = backtest(&[0.1, 0.2], None, &[true]).unwrap_err();
        assert_eq!(e.path(), "outcome");
        let e = backtest(&[0.1, 0.2], None, &[true, true]).unwrap_err();
        assert_eq!(e.path(), "outcome");
        assert!(e.message().contains("same outcome"), "{e}");
        let e = backtest(&[f64::NAN], None, &[true]).unwrap_err();
        assert_eq!(e.path(), "score");
        let e = backtest(&[0.1, 0.2], Some(&[0]), &[true, false]).unwrap_err();
        assert_eq!(e.path(), "band");
    }

    #[test]
    fn holdouts_respect_time_or_the_seed() {
        let dates = [5.0, 1.0, 4.0, 2.0, 3.0];
        let h = holdout(5, Some(&dates), 0.4, 0).unwrap();
        assert_eq!(h.fit, vec![1, 3, 4]);
        assert_eq!(h.evaluate, vec![2, 0]);
        let a = holdout(100, None, 0.3, 7).unwrap();
        let b = holdout(100, None, 0.3, 7).unwrap();
        let c = holdout(100, None, 0.3, 8).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!((a.fit.len(), a.evaluate.len()), (70, 30));
        let mut all: Vec<usize> = a.fit.iter().chain(&a.evaluate).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<_>>());
        assert_eq!(
            holdout(3, Some(&[1.0, f64::NAN, 2.0]), 0.3, 0)
                .unwrap_err()
                .path(),
            "date"
        );
        assert_eq!(holdout(3, None, 1.0, 0).unwrap_err().path(), "holdout");
    }
}
