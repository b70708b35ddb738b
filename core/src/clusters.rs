//! Clusters: accounts grouped by the shape of their value vector, each
//! with its size, ARR, centroid, most common root driver and dimension,
//! and most common first moves to green — the method's "group customers
//! into clusters, then apply the same framework".
//!
//! An account's shape is each driver against its target (`value /
//! target`, at most 1: beyond the model customer counts as at it). A
//! missing driver takes the portfolio's mean of that driver for the
//! grouping only; a driver no account has is left out. Groups are found
//! by k-means (squared Euclidean distance) seeded by k-means++ from a
//! seeded generator, the best of [`RESTARTS`] seedings by within-cluster
//! sum of squares, so the same portfolio and seed give the same clusters
//! on every platform. With `k` automatic, each k from 2 to [`MAX_AUTO_K`]
//! is tried and the one with the highest mean silhouette kept (ties to
//! the smaller k), over at most [`SILHOUETTE_SAMPLE`] accounts (a seeded
//! sample beyond). Clusters are numbered from 1, the largest first.

use serde::Serialize;

use crate::account::Account;
use crate::bundle::Bundle;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::order::stable_order;
use crate::scoring::Scorecard;
use crate::seeded::Seeded;

/// The largest k tried when k is automatic.
pub const MAX_AUTO_K: usize = 8;
/// k-means++ seedings per k; the one with the least within-cluster sum of
/// squares is kept.
pub const RESTARTS: usize = 8;
/// Lloyd iterations per seeding at most (they stop when nothing moves).
pub const MAX_ITERATIONS: usize = 100;
/// The silhouette is computed over at most this many accounts.
pub const SILHOUETTE_SAMPLE: usize = 2000;
/// First moves listed per cluster.
pub const MOVES_SHOWN: usize = 3;

/// How many clusters to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterCount {
    /// Chosen by the best mean silhouette over 2..=[`MAX_AUTO_K`].
    Auto,
    /// Exactly this many.
    Fixed(usize),
}

/// What [`Model::clusters`] is asked.
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions<'a> {
    /// How many clusters.
    pub k: ClusterCount,
    /// The equation whose score, root driver and band the clusters report.
    pub equation: &'a str,
    /// The seed of k-means++ and of the silhouette's sample.
    pub seed: u64,
}

/// A k tried, with its mean silhouette.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trial {
    /// The number of clusters.
    pub k: usize,
    /// The mean silhouette (−1 to 1; higher separates better).
    pub silhouette: f64,
}

/// A driver's mean shape in a cluster (value / target, at most 1).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Centre {
    /// The driver.
    pub driver: String,
    /// Its mean against its target.
    pub value: f64,
}

/// How many accounts of a cluster share a root driver.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RootCount {
    /// The driver.
    pub driver: String,
    /// The taxonomy's dimension that works on it.
    pub dimension: String,
    /// How many of the cluster's accounts have it as root driver.
    pub accounts: usize,
}

/// How many accounts of a cluster share a first move to green.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MoveCount {
    /// The outcome the move is for (the focus of the account's path).
    pub equation: String,
    /// The driver to move first.
    pub driver: String,
    /// The dimension that works on it.
    pub dimension: String,
    /// How many of the cluster's accounts have it as first move.
    pub accounts: usize,
}

/// One cluster.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cluster {
    /// Its number, from 1, the largest first.
    pub cluster: usize,
    /// How many accounts.
    pub accounts: usize,
    /// Their ARR (accounts without ARR count 0).
    pub arr: f64,
    /// The mean shape of its accounts, driver by driver.
    pub centroid: Vec<Centre>,
    /// The mean score of the equation, over the accounts that have one.
    pub mean_score: Option<f64>,
    /// The most common root driver of the equation (ties: the model's
    /// driver order).
    pub root_driver: Option<RootCount>,
    /// The most common first moves to green, the most common first.
    pub first_moves: Vec<MoveCount>,
    /// Its accounts' ids, in the input's order.
    pub ids: Vec<String>,
}

/// Accounts grouped by the shape of their value vector.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Clusters {
    /// The equation reported.
    pub equation: String,
    /// The number of clusters.
    pub k: usize,
    /// `given`, or `silhouette` when k was chosen.
    pub chosen_by: &'static str,
    /// The mean silhouette of the clusters found.
    pub silhouette: f64,
    /// Each k tried when k was chosen.
    pub tried: Vec<Trial>,
    /// The drivers the shapes were compared on.
    pub drivers: Vec<String>,
    /// The clusters, the largest first.
    pub clusters: Vec<Cluster>,
    /// Each account's cluster, in the input's order.
    pub members: Vec<usize>,
}

impl Model {
    /// Groups `accounts` by the shape of their value vector (see the
    /// module notes). Errors name the account (`A0003: ...`), an unknown
    /// equation, or a `k` out of range.
    pub fn clusters(&self, accounts: &[Account], options: &ClusterOptions<'_>) -> Result<Clusters> {
        clusters_by(self, accounts, options, &|_| self)
    }
}

impl Bundle {
    /// [`Model::clusters`] with each account scored by the model the
    /// bundle picks for it (their drivers line up).
    pub fn clusters(&self, accounts: &[Account], options: &ClusterOptions<'_>) -> Result<Clusters> {
        clusters_by(self.otherwise(), accounts, options, &|a| self.pick(a))
    }
}

fn clusters_by<'m>(
    base: &'m Model,
    accounts: &[Account],
    options: &ClusterOptions<'_>,
    pick: &dyn Fn(&Account) -> &'m Model,
) -> Result<Clusters> {
    let e = base
        .equations()
        .position(|name| name == options.equation)
        .ok_or_else(|| {
            Error::input(
                "equation",
                format!("'{}' is not an equation of the model", options.equation),
            )
        })?;
    let n = accounts.len();
    let name_of = |i: usize| accounts[i].id.clone().unwrap_or_else(|| format!("[{i}]"));
    let cards = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| pick(a).score(a).map_err(|err| err.within(&name_of(i))))
        .collect::<Result<Vec<Scorecard>>>()?;
    let (drivers, points) = shapes(base, &cards)?;
    let (k, chosen_by, tried) = match options.k {
        ClusterCount::Fixed(k) if k == 0 || k > n => {
            return Err(Error::input(
                "k",
                format!("{k} clusters of {n} accounts: k is from 1 to the number of accounts"),
            ))
        }
        ClusterCount::Fixed(k) => (k, "given", Vec::new()),
        ClusterCount::Auto if n < 3 => {
            return Err(Error::input(
                "k",
                format!("choosing k needs at least 3 accounts, got {n}: give k"),
            ))
        }
        ClusterCount::Auto => {
            let sample = sample_of(n, options.seed);
            let tried: Vec<Trial> = (2..=MAX_AUTO_K.min(n - 1))
                .map(|k| {
                    let labels = kmeans(&points, k, options.seed).0;
                    Trial {
                        k,
                        silhouette: silhouette(&points, &labels, k, &sample),
                    }
                })
                .collect();
            let best =
                tried.iter().fold(
                    &tried[0],
                    |b, t| if t.silhouette > b.silhouette { t } else { b },
                );
            (best.k, "silhouette", tried)
        }
    };
    let (labels, centres) = kmeans(&points, k, options.seed);
    let silhouette = match tried.iter().find(|t| t.k == k) {
        Some(t) => t.silhouette,
        None => silhouette(&points, &labels, k, &sample_of(n, options.seed)),
    };
    // The largest first; ties by the first member's place.
    let sizes: Vec<usize> = (0..k)
        .map(|c| labels.iter().filter(|&&l| l == c).count())
        .collect();
    let first: Vec<usize> = (0..k)
        .map(|c| labels.iter().position(|&l| l == c).unwrap_or(n))
        .collect();
    let order = stable_order(k, &|a, b| {
        sizes[a] > sizes[b] || (sizes[a] == sizes[b] && first[a] <= first[b])
    });
    let mut number = vec![0; k];
    for (rank, &c) in order.iter().enumerate() {
        number[c] = rank + 1;
    }
    let mut clusters = Vec::with_capacity(k);
    for &c in &order {
        let mine: Vec<usize> = (0..n).filter(|&i| labels[i] == c).collect();
        let centroid = drivers
            .iter()
            .zip(&centres[c])
            .map(|(&d, &value)| Centre {
                driver: base.spec().drivers[d].name.clone(),
                value,
            })
            .collect();
        clusters.push(describe(
            base, pick, accounts, &cards, &mine, e, number[c], centroid,
        )?);
    }
    Ok(Clusters {
        equation: options.equation.to_string(),
        k,
        chosen_by,
        silhouette,
        tried,
        drivers: drivers
            .iter()
            .map(|&d| base.spec().drivers[d].name.clone())
            .collect(),
        clusters,
        members: labels.iter().map(|&l| number[l]).collect(),
    })
}

/// A cluster's figures from its members (`mine`, places in `accounts`).
#[allow(clippy::too_many_arguments)]
fn describe<'m>(
    base: &'m Model,
    pick: &dyn Fn(&Account) -> &'m Model,
    accounts: &[Account],
    cards: &[Scorecard],
    mine: &[usize],
    e: usize,
    number: usize,
    centroid: Vec<Centre>,
) -> Result<Cluster> {
    let arr = mine
        .iter()
        .fold(0.0, |sum, &i| sum + cards[i].arr.unwrap_or(0.0));
    let scores: Vec<f64> = mine
        .iter()
        .filter_map(|&i| cards[i].outcomes[e].score)
        .collect();
    let mean_score =
        (!scores.is_empty()).then(|| scores.iter().fold(0.0, |s, x| s + x) / scores.len() as f64);
    let d = base.spec().drivers.len();
    let mut roots = vec![0usize; d];
    for &i in mine {
        let root = cards[i].outcomes[e].root_driver.as_deref();
        if let Some(r) = root.and_then(|r| base.drivers().position(|name| name == r)) {
            roots[r] += 1;
        }
    }
    let root_driver = (0..d)
        .filter(|&r| roots[r] > 0)
        .fold(None, |best: Option<usize>, r| match best {
            Some(b) if roots[b] >= roots[r] => Some(b),
            _ => Some(r),
        })
        .map(|r| RootCount {
            driver: base.spec().drivers[r].name.clone(),
            dimension: base.dimension_of_driver(r),
            accounts: roots[r],
        });
    let mut moves: Vec<MoveCount> = Vec::new();
    for &i in mine {
        let account = &accounts[i];
        let path = pick(account).focus_path(account, None)?;
        let first = path.and_then(|p| {
            let m = p.green?.moves.into_iter().next()?;
            Some((p.equation, m.driver, m.dimension))
        });
        if let Some((equation, driver, dimension)) = first {
            match moves
                .iter_mut()
                .find(|m| m.equation == equation && m.driver == driver)
            {
                Some(m) => m.accounts += 1,
                None => moves.push(MoveCount {
                    equation,
                    driver,
                    dimension,
                    accounts: 1,
                }),
            }
        }
    }
    // The most common first, ties in the order first seen.
    let order = stable_order(moves.len(), &|a, b| moves[a].accounts >= moves[b].accounts);
    let first_moves = order
        .iter()
        .take(MOVES_SHOWN)
        .map(|&i| moves[i].clone())
        .collect();
    Ok(Cluster {
        cluster: number,
        accounts: mine.len(),
        arr,
        centroid,
        mean_score,
        root_driver,
        first_moves,
        ids: mine
            .iter()
            .map(|&i| cards[i].id.clone().unwrap_or_else(|| format!("[{i}]")))
            .collect(),
    })
}

/// The drivers compared (those some account has) and each account's
/// shape over them, a missing driver at the portfolio's mean.
fn shapes(base: &Model, cards: &[Scorecard]) -> Result<(Vec<usize>, Vec<Vec<f64>>)> {
    let d = base.spec().drivers.len();
    let ratio = |card: &Scorecard, j: usize| {
        let v = &card.vector.drivers[j];
        v.value.map(|x| (x / v.target).clamp(0.0, 1.0))
    };
    let mut used = Vec::new();
    let mut means = Vec::new();
    for j in 0..d {
        let (sum, count) = cards
            .iter()
            .fold((0.0, 0usize), |(s, c), card| match ratio(card, j) {
                Some(x) => (s + x, c + 1),
                None => (s, c),
            });
        if count > 0 {
            used.push(j);
            means.push(sum / count as f64);
        }
    }
    if used.is_empty() && !cards.is_empty() {
        return Err(Error::input(
            "accounts",
            "no account has any driver: there is no shape to group by",
        ));
    }
    let points = cards
        .iter()
        .map(|card| {
            used.iter()
                .zip(&means)
                .map(|(&j, &mean)| ratio(card, j).unwrap_or(mean))
                .collect()
        })
        .collect();
    Ok((used, points))
}

fn distance2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |s, (x, y)| s + (x - y) * (x - y))
}

/// The nearest centre of `point` (ties: the lowest) and its distance².
fn nearest(point: &[f64], centres: &[Vec<f64>]) -> (usize, f64) {
    centres
        .iter()
        .enumerate()
        .fold((0, f64::INFINITY), |(bi, bd), (i, c)| {
            let d = distance2(point, c);
            if d < bd {
                (i, d)
            } else {
                (bi, bd)
            }
        })
}

/// The best of [`RESTARTS`] k-means runs: labels and centres.
fn kmeans(points: &[Vec<f64>], k: usize, seed: u64) -> (Vec<usize>, Vec<Vec<f64>>) {
    let mut random = Seeded::new(seed ^ (k as u64).wrapping_mul(0x9E37_79B9));
    let mut best: Option<(f64, Vec<usize>, Vec<Vec<f64>>)> = None;
    for _ in 0..RESTARTS {
        let (labels, centres) = lloyd(points, seeding(points, k, &mut random));
        let inertia = points
            .iter()
            .zip(&labels)
            .fold(0.0, |s, (p, &l)| s + distance2(p, &centres[l]));
        if best.as_ref().is_none_or(|(b, _, _)| inertia < *b) {
            best = Some((inertia, labels, centres));
        }
    }
    let (_, labels, centres) = best.expect("at least one restart");
    (labels, centres)
}

/// k-means++: the first centre at random, each next one with probability
/// proportional to its distance² from the nearest chosen.
fn seeding(points: &[Vec<f64>], k: usize, random: &mut Seeded) -> Vec<Vec<f64>> {
    let n = points.len();
    let mut centres = vec![points[(random.next_u64() % n as u64) as usize].clone()];
    let mut near: Vec<f64> = points.iter().map(|p| distance2(p, &centres[0])).collect();
    while centres.len() < k {
        let total = near.iter().fold(0.0, |s, x| s + x);
        let chosen = if total > 0.0 {
            let mut target = random.uniform() * total;
            let mut chosen = n - 1;
            for (i, &d) in near.iter().enumerate() {
                if target < d {
                    chosen = i;
                    break;
                }
                target -= d;
            }
            chosen
        } else {
            // Every point sits on a centre: any other will do.
            (random.next_u64() % n as u64) as usize
        };
        centres.push(points[chosen].clone());
        for (d, p) in near.iter_mut().zip(points) {
            *d = d.min(distance2(p, &centres[centres.len() - 1]));
        }
    }
    centres
}

/// Lloyd's iterations from `centres` until no label changes; a cluster
/// left empty takes the point farthest from its centre.
fn lloyd(points: &[Vec<f64>], mut centres: Vec<Vec<f64>>) -> (Vec<usize>, Vec<Vec<f64>>) {
    let k = centres.len();
    let dims = points.first().map_or(0, Vec::len);
    let mut labels = vec![usize::MAX; points.len()];
    for _ in 0..MAX_ITERATIONS {
        let mut moved = false;
        for (label, p) in labels.iter_mut().zip(points) {
            let (c, _) = nearest(p, &centres);
            moved |= *label != c;
            *label = c;
        }
        if !moved {
            break;
        }
        let mut sums = vec![vec![0.0; dims]; k];
        let mut counts = vec![0usize; k];
        for (p, &l) in points.iter().zip(&labels) {
            counts[l] += 1;
            for (s, x) in sums[l].iter_mut().zip(p) {
                *s += x;
            }
        }
        for c in 0..k {
            if counts[c] == 0 {
                let far = (0..points.len()).fold(0, |f, i| {
                    let di = distance2(&points[i], &centres[labels[i]]);
                    let df = distance2(&points[f], &centres[labels[f]]);
                    if di > df {
                        i
                    } else {
                        f
                    }
                });
                centres[c] = points[far].clone();
                labels[far] = c;
            } else {
                centres[c] = sums[c].iter().map(|s| s / counts[c] as f64).collect();
            }
        }
    }
    (labels, centres)
}

/// The accounts the silhouette is measured on: all, or a seeded sample of
/// [`SILHOUETTE_SAMPLE`] in the input's order.
fn sample_of(n: usize, seed: u64) -> Vec<usize> {
    if n <= SILHOUETTE_SAMPLE {
        return (0..n).collect();
    }
    let mut random = Seeded::new(seed);
    let mut all: Vec<usize> = (0..n).collect();
    for i in 0..SILHOUETTE_SAMPLE {
        let j = i + (random.next_u64() % (n - i) as u64) as usize;
        all.swap(i, j);
    }
    let mut chosen = all[..SILHOUETTE_SAMPLE].to_vec();
    let order = stable_order(chosen.len(), &|a, b| chosen[a] <= chosen[b]);
    chosen = order.iter().map(|&i| chosen[i]).collect();
    chosen
}

/// The mean silhouette over `sample`: for each account, how much nearer it
/// is to its own cluster than to the next (Euclidean, within the sample);
/// 0 for an account alone in its cluster.
fn silhouette(points: &[Vec<f64>], labels: &[usize], k: usize, sample: &[usize]) -> f64 {
    let mut total = 0.0;
    for &i in sample {
        let mut sums = vec![0.0; k];
        let mut counts = vec![0usize; k];
        for &j in sample {
            if j != i {
                sums[labels[j]] += distance2(&points[i], &points[j]).sqrt();
                counts[labels[j]] += 1;
            }
        }
        let own = labels[i];
        if counts[own] == 0 {
            continue;
        }
        let a = sums[own] / counts[own] as f64;
        let b = (0..k)
            .filter(|&c| c != own && counts[c] > 0)
            .map(|c| sums[c] / counts[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    if sample.is_empty() {
        0.0
    } else {
        total / sample.len() as f64
    }
}
