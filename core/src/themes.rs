//! Recurring themes: blocker texts (and plan steps) that say the same thing
//! in other words across accounts, grouped, so that a pattern shows once
//! with its accounts, ARR, severities and age: the fixes "for now, and
//! forever".
//!
//! Two texts are near-duplicates when twice the weight of the content
//! words they share is at least [`SIMILARITY`] of the weight of the two
//! texts' content words together (a weighted Dice coefficient). A word weighs its inverse document frequency, `ln(1 +
//! n / df)`, so that rare words ("sso", "upgrade") count more than common
//! ones ("customer"). Content words are the classifier's stems without
//! stopwords, so "SSO login broken since the upgrade" and "since the
//! upgrade SSO logins fail" share sso, login and upgrade (four words each). Themes
//! are the connected groups of near-duplicates; exact duplicates (the same
//! words in any order) are the trivial case.

use serde::Serialize;

use crate::blocker::{day_number, Severity};
use crate::classify::content_stems;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::order::stable_order;
use crate::plan::{Plan, StepStatus};
use crate::rollup::{PortfolioBlocker, SeverityCounts};

/// The weighted Dice coefficient at or above which two texts are one
/// theme: chosen on `core/tests/data/themes_labelled.csv` (pairwise
/// precision 1.000 and recall 0.841 there; 0.40 gave 0.950 and 0.905,
/// 0.50 gave 1.000 and 0.714), and checked on a held-out set (see the
/// README).
pub const SIMILARITY: f64 = 0.45;

/// A word found in more than this many distinct texts is not used to find
/// candidates (it still counts in the similarity): it keeps the pairs
/// compared near-linear in the number of texts.
const COMMON: usize = 2000;

/// What a text of a theme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// An account's blocker.
    Blocker,
    /// A plan's open step.
    Step,
}

/// A group of texts across accounts that say the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    /// The text that stands for it: the most frequent wording (ties: the
    /// shortest, then the first).
    pub text: String,
    /// The dimension most of its texts fall in (ties: the taxonomy's order).
    pub dimension: String,
    /// Its texts, blockers and steps.
    pub texts: usize,
    /// Of them, plan steps.
    pub steps: usize,
    /// Its distinct wordings, the representative first.
    pub wordings: Vec<String>,
    /// The accounts, sorted.
    pub accounts: Vec<String>,
    /// Their ARR, each account once.
    pub arr: f64,
    /// Open blockers per severity.
    pub severity: SeverityCounts,
    /// Days the oldest open blocker has been open (with `opened` dates and
    /// a day to count to).
    pub oldest_days: Option<i64>,
    /// Median days open of its open blockers with an `opened` date.
    pub median_days: Option<i64>,
}

/// One text to group.
struct Item<'a> {
    account: &'a str,
    arr: Option<f64>,
    text: &'a str,
    source: Source,
    severity: Option<Severity>,
    dimension: String,
    days_open: Option<i64>,
}

impl Model {
    /// The recurring themes of the open blockers (and of the open steps of
    /// `plans`), those spanning at least `min_accounts` accounts, the most
    /// accounts first (then ARR, then text). Ages count to `as_of` (days
    /// since 1970-01-01). Errors name the blocker (`blockers[3].opened`).
    pub fn themes(
        &self,
        blockers: &[PortfolioBlocker],
        plans: &[Plan],
        as_of: Option<i64>,
        min_accounts: usize,
    ) -> Result<Vec<Theme>> {
        let mut items: Vec<Item<'_>> = Vec::new();
        for (i, pb) in blockers.iter().enumerate() {
            if !pb.blocker.is_open() {
                continue;
            }
            let at = format!("blockers[{i}]");
            let c = self
                .classify_blocker(&pb.blocker)
                .map_err(|e| e.within(&at))?;
            let opened = match pb.blocker.opened.as_deref() {
                Some(d) => Some(day_number(d).map_err(|e| e.within(&format!("{at}.opened")))?),
                None => None,
            };
            items.push(Item {
                account: &pb.account,
                arr: pb.arr,
                text: &pb.blocker.text,
                source: Source::Blocker,
                severity: Some(pb.blocker.severity),
                dimension: c.dimension,
                days_open: opened.zip(as_of).map(|(o, d)| d - o),
            });
        }
        for plan in plans {
            for step in plan.steps.iter().filter(|s| s.status == StepStatus::Open) {
                let dimension = match &step.dimension {
                    Some(d) => d.clone(),
                    None => self.classify(&step.text).dimension,
                };
                items.push(Item {
                    account: &plan.account,
                    arr: None,
                    text: &step.text,
                    source: Source::Step,
                    severity: None,
                    dimension,
                    days_open: None,
                });
            }
        }
        if items.len() > u32::MAX as usize {
            return Err(Error::input("blockers", "more than 2^32 texts"));
        }
        let groups = group(&items);
        let mut themes: Vec<Theme> = groups
            .into_iter()
            .map(|members| self.theme(&items, &members))
            .filter(|t| t.accounts.len() >= min_accounts.max(1))
            .collect();
        let order = stable_order(themes.len(), &|a, b| {
            let (x, y) = (&themes[a], &themes[b]);
            if x.accounts.len() != y.accounts.len() {
                return x.accounts.len() > y.accounts.len();
            }
            if x.arr != y.arr {
                return x.arr > y.arr;
            }
            x.text <= y.text
        });
        let mut slots: Vec<Option<Theme>> = themes.drain(..).map(Some).collect();
        Ok(order.iter().filter_map(|&i| slots[i].take()).collect())
    }

    fn theme(&self, items: &[Item<'_>], members: &[usize]) -> Theme {
        // Wordings by frequency (ties: shorter, then first seen).
        let mut wordings: Vec<(&str, usize, usize)> = Vec::new();
        for &m in members {
            match wordings.iter_mut().find(|w| w.0 == items[m].text) {
                Some(w) => w.1 += 1,
                None => wordings.push((items[m].text, 1, m)),
            }
        }
        let order = stable_order(wordings.len(), &|a, b| {
            let (x, y) = (&wordings[a], &wordings[b]);
            (std::cmp::Reverse(x.1), x.0.len(), x.2) <= (std::cmp::Reverse(y.1), y.0.len(), y.2)
        });
        let wordings: Vec<String> = order.iter().map(|&i| wordings[i].0.to_string()).collect();
        // The dimension most texts fall in, in the taxonomy's order on a tie.
        let mut names: Vec<String> = self.dimensions().map(str::to_string).collect();
        names.push(crate::classify::UNCLASSIFIED.to_string());
        let count = |d: &str| members.iter().filter(|&&m| items[m].dimension == d).count();
        let dimension = names
            .iter()
            .fold((String::new(), 0), |best, d| {
                let n = count(d);
                if n > best.1 {
                    (d.clone(), n)
                } else {
                    best
                }
            })
            .0;
        let mut accounts: Vec<&str> = members.iter().map(|&m| items[m].account).collect();
        let by_name = stable_order(accounts.len(), &|a, b| accounts[a] <= accounts[b]);
        let mut unique: Vec<&str> = Vec::new();
        let mut arr = 0.0;
        for i in by_name {
            if unique.last() != Some(&accounts[i]) {
                unique.push(accounts[i]);
                // An account's ARR from the first of its rows that gives it.
                let first_arr = members
                    .iter()
                    .filter(|&&m| items[m].account == accounts[i])
                    .find_map(|&m| items[m].arr);
                arr += first_arr.unwrap_or(0.0);
            }
        }
        accounts = unique;
        let mut severity = SeverityCounts::default();
        let mut ages: Vec<i64> = Vec::new();
        for &m in members {
            if let Some(s) = items[m].severity {
                severity.add(s);
            }
            ages.extend(items[m].days_open);
        }
        let by_age = stable_order(ages.len(), &|a, b| ages[a] <= ages[b]);
        let ages: Vec<i64> = by_age.iter().map(|&i| ages[i]).collect();
        Theme {
            text: wordings[0].clone(),
            dimension,
            texts: members.len(),
            steps: members
                .iter()
                .filter(|&&m| items[m].source == Source::Step)
                .count(),
            wordings,
            accounts: accounts.into_iter().map(String::from).collect(),
            arr,
            severity,
            oldest_days: ages.last().copied(),
            median_days: (!ages.is_empty()).then(|| ages[(ages.len() - 1) / 2]),
        }
    }
}

/// The items grouped into themes: connected groups of near-duplicates,
/// each group's members in input order, groups by their first member.
fn group(items: &[Item<'_>]) -> Vec<Vec<usize>> {
    // Distinct word sets ("shapes"): exact duplicates and reorderings are
    // one shape.
    let words: Vec<Vec<String>> = items.iter().map(|i| content_stems(i.text)).collect();
    let by_words = stable_order(words.len(), &|a, b| words[a] <= words[b]);
    let mut shape_of = vec![0usize; items.len()];
    let mut shapes: Vec<usize> = Vec::new(); // a representative item per shape
    for (k, &i) in by_words.iter().enumerate() {
        if k == 0 || words[by_words[k - 1]] != words[i] {
            shapes.push(i);
        }
        shape_of[i] = shapes.len() - 1;
    }
    // Each word's shapes (a vocabulary sorted by word).
    let mut postings: Vec<(&str, u32)> = Vec::new();
    for (s, &i) in shapes.iter().enumerate() {
        for w in &words[i] {
            postings.push((w.as_str(), s as u32));
        }
    }
    let by_word = stable_order(postings.len(), &|a, b| postings[a] <= postings[b]);
    let postings: Vec<(&str, u32)> = by_word.iter().map(|&i| postings[i]).collect();
    let n = shapes.len() as f64;
    let df = |w: &str| {
        let start = postings.partition_point(|p| p.0 < w);
        postings[start..].iter().take_while(|p| p.0 == w).count()
    };
    let weight = |w: &str| (1.0 + n / df(w).max(1) as f64).ln();
    let weights: Vec<Vec<f64>> = shapes
        .iter()
        .map(|&i| words[i].iter().map(|w| weight(w)).collect())
        .collect();
    let similar = |a: usize, b: usize| {
        let (wa, wb) = (&words[shapes[a]], &words[shapes[b]]);
        let (xa, xb) = (&weights[a], &weights[b]);
        let (mut i, mut j, mut common, mut total) = (0, 0, 0.0, 0.0);
        while i < wa.len() || j < wb.len() {
            let ord = match (wa.get(i), wb.get(j)) {
                (Some(p), Some(q)) => p.cmp(q),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match ord {
                std::cmp::Ordering::Equal => {
                    common += xa[i];
                    total += 2.0 * xa[i];
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    total += xa[i];
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    total += xb[j];
                    j += 1;
                }
            }
        }
        total > 0.0 && 2.0 * common >= SIMILARITY * total
    };
    // Union-find over shapes; candidates share a word that is not common.
    let mut parent: Vec<usize> = (0..shapes.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut start = 0;
    while start < postings.len() {
        let word = postings[start].0;
        let end = start + postings[start..].iter().take_while(|p| p.0 == word).count();
        if end - start <= COMMON {
            for a in start..end {
                for b in a + 1..end {
                    let (x, y) = (postings[a].1 as usize, postings[b].1 as usize);
                    let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
                    if rx != ry && similar(x, y) {
                        parent[rx.max(ry)] = rx.min(ry);
                    }
                }
            }
        }
        start = end;
    }
    // Texts without a content word stay on their own.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: Vec<Option<usize>> = vec![None; shapes.len()];
    for i in 0..items.len() {
        let r = root(&mut parent, shape_of[i]);
        let g = match group_of_root[r] {
            Some(g) if !words[i].is_empty() => g,
            _ => {
                groups.push(Vec::new());
                if !words[i].is_empty() {
                    group_of_root[r] = Some(groups.len() - 1);
                }
                groups.len() - 1
            }
        };
        groups[g].push(i);
    }
    groups
}
