//! Blocker classification: an explainable vocabulary classifier over the
//! taxonomy's dimensions (People, Product, Services, Quality, and custom ones).
//!
//! Text is split into lowercase words, each lightly stemmed; every phrase of
//! a dimension's vocabulary found in the text adds its weight to that
//! dimension (a phrase inside a longer matched phrase does not count). The
//! best dimension wins with
//! `confidence = share × strength`, where `share` is its part of all the
//! evidence and `strength = 1 - 0.5^score` grows with the evidence itself.
//! No evidence, a tie, or a confidence under `min_confidence` leaves the
//! text `unclassified`: it is never guessed silently.

use crate::decimal::Plain;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The dimension name given to text the classifier cannot place.
pub const UNCLASSIFIED: &str = "unclassified";

/// The blocker taxonomy: dimensions, their vocabulary and the drivers they
/// weigh on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxonomy {
    /// Below this confidence a text is left `unclassified`.
    pub min_confidence: f64,
    /// The dimensions, in the order ties and reports use.
    pub dimensions: Vec<DimensionSpec>,
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy {
            min_confidence: default_min_confidence(),
            dimensions: Vec::new(),
        }
    }
}

fn default_min_confidence() -> f64 {
    0.3
}

/// One dimension of the taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionSpec {
    /// The dimension's name (`People`, `Product`...).
    pub name: String,
    /// What belongs here, for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The drivers its blockers weigh on.
    pub drivers: Vec<String>,
    /// Phrase → weight: the words that signal this dimension.
    pub vocabulary: BTreeMap<String, f64>,
}

/// The outcome of classifying one blocker text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The dimension, or [`UNCLASSIFIED`].
    pub dimension: String,
    /// How sure the classifier is, in [0, 1]; 1 for an explicit dimension.
    pub confidence: f64,
    /// The words of the text that decided, in text order (for unclassified
    /// text with evidence: all the words that matched).
    pub matched: Vec<String>,
    /// True when the dimension was given explicitly rather than inferred.
    pub explicit: bool,
}

impl Classification {
    /// Whether the text was placed in a dimension.
    pub fn is_classified(&self) -> bool {
        self.dimension != UNCLASSIFIED
    }

    pub(crate) fn explicit(dimension: &str) -> Self {
        Classification {
            dimension: dimension.to_string(),
            confidence: 1.0,
            matched: Vec::new(),
            explicit: true,
        }
    }
}

/// One vocabulary phrase, stemmed, ready to match.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<String>,
    dimension: usize,
    weight: f64,
}

/// The compiled classifier of a taxonomy.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    names: Vec<String>,
    phrases: Vec<Phrase>,
    min_confidence: f64,
}

impl Classifier {
    /// Validates the taxonomy (paths relative to it) and compiles it.
    pub(crate) fn new(taxonomy: &Taxonomy) -> Result<Self> {
        if !(0.0..=1.0).contains(&taxonomy.min_confidence) {
            return Err(Error::model(
                "min_confidence",
                format!("must lie in [0, 1], got {}", Plain(taxonomy.min_confidence)),
            ));
        }
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut names = Vec::new();
        for (d, dim) in taxonomy.dimensions.iter().enumerate() {
            let name_at = format!("dimensions[{d}].name");
            crate::model::check_name(&dim.name).map_err(|e| e.within(&name_at))?;
            if dim.name.eq_ignore_ascii_case(UNCLASSIFIED) {
                return Err(Error::model(name_at, "'unclassified' is reserved"));
            }
            if names.contains(&dim.name) {
                return Err(Error::model(
                    name_at,
                    format!("duplicate dimension '{}'", dim.name),
                ));
            }
            let at = format!("dimensions.{}", dim.name);
            for (phrase, &weight) in &dim.vocabulary {
                let path = format!("{at}.vocabulary.{phrase}");
                crate::drivers::check_weight(weight).map_err(|e| e.within(&path))?;
                let words: Vec<String> = words(phrase).map(|(_, stem)| stem).collect();
                if words.is_empty() {
                    return Err(Error::model(path, "a phrase needs at least one word"));
                }
                if let Some(same) = phrases
                    .iter()
                    .find(|p| p.dimension == d && p.words == words)
                {
                    return Err(Error::model(
                        path,
                        format!(
                            "repeats '{}' (same words once stemmed)",
                            same.words.join(" ")
                        ),
                    ));
                }
                phrases.push(Phrase {
                    words,
                    dimension: d,
                    weight,
                });
            }
            names.push(dim.name.clone());
        }
        Ok(Classifier {
            names,
            phrases,
            min_confidence: taxonomy.min_confidence,
        })
    }

    /// The index of a dimension by name.
    pub(crate) fn dimension_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Classifies one text.
    pub(crate) fn classify(&self, text: &str) -> Classification {
        let tokens: Vec<(String, String)> = words(text).collect();
        let stems: Vec<&str> = tokens.iter().map(|(_, s)| s.as_str()).collect();

        // Every occurrence of every phrase, as (phrase, start, end).
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for (p, phrase) in self.phrases.iter().enumerate() {
            let n = phrase.words.len();
            for start in 0..stems.len().saturating_sub(n - 1) {
                if stems[start..start + n] == phrase.words[..] {
                    hits.push((p, start, start + n));
                }
            }
        }
        // A phrase inside a longer matched phrase is part of it, not evidence of its own.
        let inside_longer = |&(_, s, e): &(usize, usize, usize)| {
            hits.iter()
                .any(|&(_, s2, e2)| s2 <= s && e <= e2 && (e2 - s2) > (e - s))
        };
        let kept: Vec<(usize, usize, usize)> =
            hits.iter().copied().filter(|h| !inside_longer(h)).collect();

        let mut scores = vec![0.0; self.names.len()];
        let mut counted = vec![false; self.phrases.len()];
        for &(p, _, _) in &kept {
            if !counted[p] {
                counted[p] = true;
                scores[self.phrases[p].dimension] += self.phrases[p].weight;
            }
        }
        let total: f64 = scores.iter().sum();
        let best = scores
            .iter()
            .enumerate()
            .fold(None, |acc: Option<(usize, f64)>, (i, &s)| match acc {
                Some((_, b)) if b >= s => acc,
                _ => Some((i, s)),
            });
        let matched_in = |dimension: Option<usize>| -> Vec<String> {
            let mut spans: Vec<(usize, usize)> = kept
                .iter()
                .filter(|&&(p, _, _)| dimension.is_none_or(|d| self.phrases[p].dimension == d))
                .map(|&(_, s, e)| (s, e))
                .collect();
            spans.sort_unstable();
            let mut out: Vec<String> = Vec::new();
            for (s, e) in spans {
                let surface = tokens[s..e]
                    .iter()
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !out.contains(&surface) {
                    out.push(surface);
                }
            }
            out
        };

        let unclassified = |confidence: f64| Classification {
            dimension: UNCLASSIFIED.to_string(),
            confidence,
            matched: matched_in(None),
            explicit: false,
        };
        let Some((winner, best)) = best.filter(|&(_, s)| s > 0.0) else {
            return unclassified(0.0);
        };
        let tied = scores.iter().filter(|&&s| s == best).count() > 1;
        let confidence = (best / total) * (1.0 - libm::pow(0.5, best));
        if tied || confidence < self.min_confidence {
            return unclassified(if tied { 0.0 } else { confidence });
        }
        Classification {
            dimension: self.names[winner].clone(),
            confidence,
            matched: matched_in(Some(winner)),
            explicit: false,
        }
    }
}

/// The words of a text: (lowercase surface form, stem).
fn words(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| lowercase(&w.trim_matches('\'').replace('\'', "")))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let s = stem(&w);
            (w, s)
        })
}

/// `word.to_lowercase()`, character by character, with a capital sigma at
/// the end of a word after a letter written as the final `ς`: the same as
/// `str::to_lowercase` on a word. Not calling that keeps its panic path
/// (and the string formatting it links) out of the WebAssembly module.
fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out: String = word.chars().flat_map(char::to_lowercase).collect();
    let mut chars = word.chars().rev();
    if chars.next() == Some('Σ') && chars.next().is_some_and(char::is_alphabetic) {
        out.pop();
        out.push('ς');
    }
    out
}

/// A light suffix stripper, so that `sponsors`, `crashing` and `delayed`
/// meet `sponsor`, `crash` and `delay`. Text and vocabulary go through the
/// same function, so its rough edges cancel out.
fn stem(word: &str) -> String {
    let n = word.chars().count();
    // `strip_suffix` rather than slicing: the same result (the suffix is
    // there, checked first) without a panic path to link.
    let strip = |suffix: &str| word.strip_suffix(suffix).unwrap_or(word).to_string();
    if n > 4 && word.ends_with("ies") {
        return format!("{}y", strip("ies"));
    }
    if n > 5 && word.ends_with("ing") {
        return strip("ing");
    }
    if n > 4 && word.ends_with("ed") && !word.ends_with("eed") {
        return strip("ed");
    }
    if n > 4
        && ["ches", "shes", "xes", "sses"]
            .iter()
            .any(|s| word.ends_with(s))
    {
        return strip("es");
    }
    if n > 3 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|s| word.ends_with(s)) {
        return drop_final_e(&strip("s"));
    }
    drop_final_e(word)
}

/// `mandate` meets `mandated` (`mandat`), `release` meets `released`.
fn drop_final_e(word: &str) -> String {
    if word.chars().count() > 4 && word.ends_with('e') && !word.ends_with("ee") {
        word.strip_suffix('e').unwrap_or(word).to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_lowercased_as_the_standard_library_does() {
        for word in [
            "Sponsor",
            "ÉTÉ",
            "ΠΕΛΆΤΗΣ",
            "ΣΑΣ",
            "Σ",
            "ΑΣΑ",
            "İstanbul",
            "Straße",
            "ǅemal",
            "ǄEMAL",
        ] {
            assert_eq!(super::lowercase(word), word.to_lowercase(), "{word}");
        }
    }

    use super::*;

    fn taxonomy() -> Taxonomy {
        let dim = |name: &str, vocab: &[(&str, f64)]| DimensionSpec {
            name: name.into(),
            description: String::new(),
            drivers: vec![],
            vocabulary: vocab.iter().map(|(p, w)| (p.to_string(), *w)).collect(),
        };
        Taxonomy {
            min_confidence: 0.3,
            dimensions: vec![
                dim(
                    "People",
                    &[("sponsor", 2.0), ("reorg", 2.0), ("champion", 2.0)],
                ),
                dim(
                    "Product",
                    &[("bug", 1.0), ("crash", 1.0), ("missing feature", 2.0)],
                ),
                dim(
                    "Quality",
                    &[
                        ("data quality", 2.0),
                        ("duplicate", 1.0),
                        ("data migration", 2.0),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("sponsors"), "sponsor");
        assert_eq!(stem("crashing"), "crash");
        assert_eq!(stem("crashes"), "crash");
        assert_eq!(stem("delayed"), "delay");
        assert_eq!(stem("companies"), "company");
        assert_eq!(stem("issues"), stem("issue"));
        assert_eq!(stem("process"), "process");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("need"), "need");
        assert_eq!(stem("mandated"), stem("mandate"));
        assert_eq!(stem("released"), stem("releases"));
        assert_eq!(stem("issue"), stem("issues"));
    }

    #[test]
    fn classifies_with_the_words_that_decided() {
        let c = Classifier::new(&taxonomy()).unwrap();
        let r = c.classify("Our executive Sponsor left after the reorg");
        assert_eq!(r.dimension, "People");
        assert_eq!(r.matched, vec!["sponsor", "reorg"]);
        // All evidence for People, score 4: strength 1 - 1/16.
        assert_eq!(r.confidence, 1.0 - 0.0625);
        assert!(!r.explicit);
    }

    #[test]
    fn longer_phrases_swallow_their_parts() {
        let mut t = taxonomy();
        t.dimensions[1].vocabulary.insert("migration".into(), 1.0);
        let c = Classifier::new(&t).unwrap();
        let r = c.classify("The data migration left duplicates everywhere");
        assert_eq!(r.dimension, "Quality");
        assert_eq!(r.matched, vec!["data migration", "duplicates"]);
    }

    #[test]
    fn nothing_or_a_tie_is_unclassified() {
        let c = Classifier::new(&taxonomy()).unwrap();
        let r = c.classify("Lunch was late");
        assert_eq!(r.dimension, UNCLASSIFIED);
        assert_eq!(r.confidence, 0.0);
        assert!(r.matched.is_empty());
        let r = c.classify("a bug hit the champion's team... and a crash");
        // People 2 vs Product 2: a tie is not guessed.
        assert_eq!(r.dimension, UNCLASSIFIED);
        assert_eq!(r.matched, vec!["bug", "champions", "crash"]);
    }

    #[test]
    fn weak_evidence_against_strong_counter_evidence_is_unclassified() {
        let mut t = taxonomy();
        t.min_confidence = 0.5;
        let c = Classifier::new(&t).unwrap();
        // People 2 vs Product 1: share 2/3, strength 0.75 -> 0.5 exactly passes.
        assert_eq!(c.classify("sponsor bug").dimension, "People");
        t.min_confidence = 0.51;
        let c = Classifier::new(&t).unwrap();
        assert_eq!(c.classify("sponsor bug").dimension, UNCLASSIFIED);
    }

    #[test]
    fn taxonomy_errors_are_named() {
        let mut t = taxonomy();
        t.dimensions[0].vocabulary.insert("sponsors".into(), 1.0);
        let e = Classifier::new(&t).unwrap_err();
        assert_eq!(e.path(), "dimensions.People.vocabulary.sponsors");
        let mut t = taxonomy();
        t.dimensions[2].name = "Unclassified".into();
        assert_eq!(
            Classifier::new(&t).unwrap_err().path(),
            "dimensions[2].name"
        );
        let mut t = taxonomy();
        t.dimensions[1].vocabulary.insert("bugs!".into(), 0.0);
        assert_eq!(
            Classifier::new(&t).unwrap_err().path(),
            "dimensions.Product.vocabulary.bugs!"
        );
        let mut t = taxonomy();
        t.dimensions[1].vocabulary.insert("  ".into(), 1.0);
        assert!(Classifier::new(&t).is_err());
        let mut t = taxonomy();
        t.dimensions[1].name = "People".into();
        assert_eq!(
            Classifier::new(&t).unwrap_err().path(),
            "dimensions[1].name"
        );
    }
}
