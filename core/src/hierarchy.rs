//! Parents and children: a group's outcome rolled up from its
//! subsidiaries and its own row, by the model's `parent_rollup` rule (the
//! ARR-weighted mean by default, or the worst), with the worst child and
//! the share of the children's ARR in each band beside it. A child that
//! is a parent itself counts with its own rolled-up outcome.

use serde::Serialize;

use crate::bands::band_index;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::model_spec::ParentRollup;
use crate::order::stable_order;

/// One account of a hierarchy: its id, its parent's, its ARR and its
/// scores (one per equation, in the model's order; NaN missing).
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The account's id.
    pub id: &'a str,
    /// Its parent's id.
    pub parent: Option<&'a str>,
    /// Its ARR.
    pub arr: Option<f64>,
    /// Its own scores.
    pub scores: &'a [f64],
}

/// One equation of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupOutcome {
    /// The equation.
    pub equation: String,
    /// The parent's own row's score.
    pub own: Option<f64>,
    /// Rolled up from the children (their rolled-up scores) and the own row.
    pub score: Option<f64>,
    /// The band of the rolled-up score.
    pub band: Option<String>,
    /// The child with the lowest (rolled-up) score.
    pub worst_child: Option<String>,
    /// Its score.
    pub worst_score: Option<f64>,
    /// The share of the children's ARR in each band (the model's bands in
    /// order, then `missing`); empty without children's ARR.
    pub child_arr_share: Vec<(String, f64)>,
}

/// A parent account and what rolls up to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The parent's id.
    pub id: String,
    /// Its direct children, in id order.
    pub children: Vec<String>,
    /// The ARR of the parent's row and every account beneath it.
    pub arr: f64,
    /// Each equation.
    pub outcomes: Vec<GroupOutcome>,
}

impl Model {
    /// The groups of `members`: one per account that is some account's
    /// parent, in id order. Each parent must be a member; a parent chain
    /// that comes back to itself is an error naming its ids. Without ARR an
    /// account weighs nothing in the mean; with no ARR at all, all weigh
    /// the same.
    pub fn groups(&self, members: &[Member<'_>]) -> Result<Vec<Group>> {
        let n = members.len();
        let by_id = stable_order(n, &|a, b| members[a].id <= members[b].id);
        let find = |id: &str| {
            let at = by_id.partition_point(|&i| members[i].id < id);
            by_id.get(at).copied().filter(|&i| members[i].id == id)
        };
        if let Some(w) = by_id
            .windows(2)
            .find(|w| members[w[0]].id == members[w[1]].id)
        {
            return Err(Error::input(
                members[w[0]].id,
                "is in the hierarchy more than once",
            ));
        }
        let mut parent_of: Vec<Option<usize>> = vec![None; n];
        for (i, m) in members.iter().enumerate() {
            if let Some(p) = m.parent {
                let Some(k) = find(p) else {
                    return Err(Error::input(
                        format!("{}.parent", m.id),
                        format!("no account '{p}' to be its parent"),
                    ));
                };
                parent_of[i] = Some(k);
            }
        }
        // Depth of each member, finding cycles on the way.
        let mut depth: Vec<Option<usize>> = vec![None; n];
        for start in 0..n {
            let mut chain = vec![start];
            let mut at = start;
            while depth[at].is_none() {
                match parent_of[at] {
                    None => {
                        depth[at] = Some(0);
                        break;
                    }
                    Some(p) => {
                        if chain.contains(&p) {
                            let ids: Vec<&str> = chain
                                [chain.iter().position(|&c| c == p).unwrap_or(0)..]
                                .iter()
                                .map(|&c| members[c].id)
                                .collect();
                            return Err(Error::input(
                                members[p].id,
                                format!(
                                    "the parent chain comes back to itself: {}",
                                    ids.join(" → ")
                                ),
                            ));
                        }
                        chain.push(p);
                        at = p;
                    }
                }
            }
            // Back down the chain: each is one deeper than its parent.
            while let Some(c) = chain.pop() {
                if depth[c].is_none() {
                    let p = parent_of[c].and_then(|p| depth[p]).unwrap_or(0);
                    depth[c] = Some(p + 1);
                }
            }
        }
        let equations = self.equations.len();
        let mut rolled: Vec<Vec<f64>> = members.iter().map(|m| m.scores.to_vec()).collect();
        let mut arr_below: Vec<f64> = members.iter().map(|m| m.arr.unwrap_or(0.0)).collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in parent_of.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        // Deepest first, so that a child is rolled up before its parent.
        let order = stable_order(n, &|a, b| depth[a] >= depth[b]);
        let rule = self.spec().parent_rollup;
        let bands = &self.spec().bands;
        let mut groups = Vec::new();
        for &i in &order {
            if children[i].is_empty() {
                continue;
            }
            let kids = {
                let mut k = children[i].clone();
                let o = stable_order(k.len(), &|a, b| members[k[a]].id <= members[k[b]].id);
                k = o.iter().map(|&j| children[i][j]).collect();
                k
            };
            for &c in &kids {
                arr_below[i] += arr_below[c];
            }
            let mut outcomes = Vec::with_capacity(equations);
            // `e` picks one column of every member's scores, not one item.
            #[allow(clippy::needless_range_loop)]
            for e in 0..equations {
                let own = Some(members[i].scores[e]).filter(|x| !x.is_nan());
                let present: Vec<(f64, f64)> = std::iter::once(i)
                    .chain(kids.iter().copied())
                    .filter(|&j| !rolled[j][e].is_nan())
                    .map(|j| {
                        let weight = if j == i {
                            members[i].arr
                        } else {
                            Some(arr_below[j])
                        };
                        (rolled[j][e], weight)
                    })
                    .map(|(s, a)| (s, a.unwrap_or(0.0)))
                    .collect();
                let score = match rule {
                    _ if present.is_empty() => None,
                    ParentRollup::Worst => present.iter().map(|p| p.0).reduce(f64::min),
                    ParentRollup::ArrWeighted => {
                        let total = present.iter().fold(0.0, |t, p| t + p.1);
                        Some(if total > 0.0 {
                            present.iter().fold(0.0, |t, p| t + p.0 * p.1) / total
                        } else {
                            present.iter().fold(0.0, |t, p| t + p.0) / present.len() as f64
                        })
                    }
                };
                let worst = kids.iter().filter(|&&c| !rolled[c][e].is_nan()).fold(
                    None,
                    |best: Option<usize>, &c| match best {
                        Some(b) if rolled[b][e] <= rolled[c][e] => Some(b),
                        _ => Some(c),
                    },
                );
                // Folds from +0.0: an empty sum is 0, not -0.
                let child_arr = kids.iter().fold(0.0, |t, &c| t + arr_below[c]);
                let mut shares: Vec<(String, f64)> = Vec::new();
                if child_arr > 0.0 {
                    for (b, band) in bands.iter().enumerate() {
                        let arr = kids
                            .iter()
                            .filter(|&&c| band_index(bands, rolled[c][e]) == Some(b))
                            .fold(0.0, |t, &c| t + arr_below[c]);
                        shares.push((band.name.clone(), arr / child_arr));
                    }
                    let missing = kids
                        .iter()
                        .filter(|&&c| rolled[c][e].is_nan())
                        .fold(0.0, |t, &c| t + arr_below[c]);
                    shares.push(("missing".into(), missing / child_arr));
                }
                outcomes.push(GroupOutcome {
                    equation: self.node_name(self.spec().drivers.len() + e).to_string(),
                    own,
                    score,
                    band: score
                        .and_then(|s| band_index(bands, s))
                        .map(|b| bands[b].name.clone()),
                    worst_child: worst.map(|c| members[c].id.to_string()),
                    worst_score: worst.map(|c| rolled[c][e]),
                    child_arr_share: shares,
                });
            }
            for (e, o) in outcomes.iter().enumerate() {
                rolled[i][e] = o.score.unwrap_or(f64::NAN);
            }
            groups.push(Group {
                id: members[i].id.to_string(),
                children: kids.iter().map(|&c| members[c].id.to_string()).collect(),
                arr: arr_below[i],
                outcomes,
            });
        }
        let by_id = stable_order(groups.len(), &|a, b| groups[a].id <= groups[b].id);
        let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
        Ok(by_id.iter().filter_map(|&i| slots[i].take()).collect())
    }
}
