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

use crate::error::{Error, Result};

mod taxonomy;
mod words;

pub use taxonomy::{Classification, DimensionSpec, Taxonomy, UNCLASSIFIED};
use words::{push_surface, raw_words, stem_into, stems};

/// One vocabulary phrase, stemmed, ready to match.
#[derive(Debug, Clone)]
struct Phrase {
    /// Its stems, as indices into the classifier's vocabulary.
    words: Vec<u32>,
    dimension: usize,
    weight: f64,
}

/// A word of the text that is no stem of any phrase.
const OTHER: u32 = u32::MAX;

/// Words too common to say what a text is about.
const STOPWORDS: [&str; 58] = [
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "but", "by", "can", "cannot", "could", "did", "do", "doe", "for",
    "from", "had", "ha", "have", "is", "it", "its", "just", "of", "on", "or", "our", "since", "so",
    "still", "than", "that", "the", "their", "them", "then", "there", "they", "this", "to", "too",
    "very", "wa", "we", "were", "when", "with", "us",
];

/// The stems of a text that say what it is about: lowercase, lightly
/// stemmed as the classifier reads them, stopwords and single letters
/// left out, sorted and unique.
pub(crate) fn content_stems(text: &str) -> Vec<String> {
    let words: Vec<String> = stems(text)
        .map(|(_, stem)| stem)
        .filter(|s| s.chars().count() > 1 && !STOPWORDS.contains(&s.as_str()))
        .collect();
    let order = crate::order::stable_order(words.len(), &|a, b| words[a] <= words[b]);
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for i in order {
        if out.last() != Some(&words[i]) {
            out.push(words[i].clone());
        }
    }
    out
}

/// The compiled classifier of a taxonomy.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    names: Vec<String>,
    phrases: Vec<Phrase>,
    /// Every stem of every phrase, sorted; a stem's index here is its id.
    vocabulary: Vec<String>,
    /// (hash, id) of every stem of the vocabulary, sorted.
    by_hash: Vec<(usize, usize)>,
    /// Per stem of the vocabulary: the phrases that begin with it.
    starting_with: Vec<Vec<usize>>,
    /// The most words in a phrase.
    longest: usize,
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
        // The stems of every phrase, sorted, each once, so that a word of a
        // text is found by bisection.
        let all: Vec<String> = taxonomy
            .dimensions
            .iter()
            .flat_map(|dim| dim.vocabulary.keys())
            .flat_map(|phrase| stems(phrase).map(|(_, stem)| stem))
            .collect();
        let mut vocabulary: Vec<String> = Vec::with_capacity(all.len());
        for i in crate::order::stable_order(all.len(), &|a, b| all[a] <= all[b]) {
            if vocabulary.last() != Some(&all[i]) {
                vocabulary.push(all[i].clone());
            }
        }
        let id = |stem: &str| {
            vocabulary
                .binary_search_by(|v| v.as_str().cmp(stem))
                .map_or(OTHER, |i| i as u32)
        };
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut names = Vec::new();
        for (d, dim) in taxonomy.dimensions.iter().enumerate() {
            let name_at = format!("dimensions[{d}].name");
            crate::names::check_name(&dim.name).map_err(|e| e.within(&name_at))?;
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
                let words: Vec<u32> = stems(phrase).map(|(_, stem)| id(&stem)).collect();
                if words.is_empty() {
                    return Err(Error::model(path, "a phrase needs at least one word"));
                }
                phrases.push(Phrase {
                    words,
                    dimension: d,
                    weight,
                });
            }
            names.push(dim.name.clone());
        }
        // Two phrases of a dimension with the same stems: sorted, not each
        // compared with every other (a long vocabulary loads in n log n).
        let key = |p: usize| (phrases[p].dimension, &phrases[p].words);
        let repeat =
            crate::order::first_repeat(phrases.len(), &|a, b| key(a) <= key(b), &|a, b| {
                key(a) == key(b)
            });
        if let Some(p) = repeat {
            let dim = &taxonomy.dimensions[phrases[p].dimension];
            // A dimension's phrases stand together, in its vocabulary's order.
            let earlier = phrases[..p]
                .iter()
                .rev()
                .take_while(|q| q.dimension == phrases[p].dimension)
                .count();
            let phrase = dim
                .vocabulary
                .keys()
                .nth(earlier)
                .map_or("", String::as_str);
            let same: Vec<String> = stems(phrase).map(|(_, stem)| stem).collect();
            return Err(Error::model(
                format!("dimensions.{}.vocabulary.{phrase}", dim.name),
                format!("repeats '{}' (same words once stemmed)", same.join(" ")),
            ));
        }
        let mut starting_with: Vec<Vec<usize>> = vocabulary.iter().map(|_| Vec::new()).collect();
        for (p, phrase) in phrases.iter().enumerate() {
            starting_with[phrase.words[0] as usize].push(p);
        }
        let hashes: Vec<usize> = vocabulary.iter().map(|v| fnv(v)).collect();
        let by_hash: Vec<(usize, usize)> =
            crate::order::stable_order(hashes.len(), &|a, b| hashes[a] <= hashes[b])
                .into_iter()
                .map(|i| (hashes[i], i))
                .collect();
        Ok(Classifier {
            names,
            by_hash,
            longest: phrases.iter().map(|p| p.words.len()).max().unwrap_or(0),
            phrases,
            vocabulary,
            starting_with,
            min_confidence: taxonomy.min_confidence,
        })
    }

    /// The index of a dimension by name.
    pub(crate) fn dimension_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// A stem's index in the vocabulary, or [`OTHER`]: found among the
    /// stems of its hash (a bisection of numbers, where one of strings
    /// spent most of a long text's time comparing them).
    fn id(&self, stem: &str) -> u32 {
        let h = fnv(stem);
        let from = self.by_hash.partition_point(|&(k, _)| k < h);
        self.by_hash[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .find(|&&(_, i)| self.vocabulary[i] == stem)
            .map_or(OTHER, |&(_, i)| i as u32)
    }

    /// The words of `text`, each as (the text that holds it, its stem's
    /// index in the vocabulary or [`OTHER`]).
    fn tokens<'t>(&self, text: &'t str) -> Vec<(&'t str, u32)> {
        let (mut word, mut stem) = (String::new(), String::new());
        raw_words(text)
            .map(|raw| {
                word.clear();
                push_surface(raw, &mut word);
                stem_into(&word, &mut stem);
                (raw, self.id(&stem))
            })
            .collect()
    }

    /// Every occurrence of every phrase among `tokens`, as (phrase, start,
    /// end), in order of start: at each word, only the phrases that begin
    /// with it are tried.
    fn hits(&self, tokens: &[(&str, u32)]) -> Vec<(usize, usize, usize)> {
        let mut hits = Vec::new();
        for (start, &(_, word)) in tokens.iter().enumerate() {
            let Some(candidates) = self.starting_with.get(word as usize) else {
                continue;
            };
            for &p in candidates {
                let words = &self.phrases[p].words;
                let end = start + words.len();
                let same = tokens
                    .get(start..end)
                    .is_some_and(|span| span.iter().map(|t| t.1).eq(words.iter().copied()));
                if same {
                    hits.push((p, start, end));
                }
            }
        }
        hits
    }

    /// Classifies one text, in time near-linear in its length (see
    /// [`Classifier::hits`] and [`outside_longer`]).
    pub(crate) fn classify(&self, text: &str) -> Classification {
        let tokens = self.tokens(text);
        let hits = self.hits(&tokens);
        let kept = outside_longer(&hits, self.longest);

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
            // In order of start already (hits are found so): an insertion
            // sort puts the few that share a start in order of end.
            for i in 1..spans.len() {
                let mut j = i;
                while j > 0 && spans[j - 1] > spans[j] {
                    spans.swap(j - 1, j);
                    j -= 1;
                }
            }
            spans.dedup();
            distinct_surfaces(&tokens, &spans)
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

/// The hits (in order of start) that are not inside a longer hit: a phrase
/// inside a longer matched phrase is part of it, not evidence of its own.
/// A hit that covers another starts at most `longest - 1` words before it,
/// so only those few neighbours are compared.
fn outside_longer(hits: &[(usize, usize, usize)], longest: usize) -> Vec<(usize, usize, usize)> {
    let covers = |&(_, s, e): &(usize, usize, usize), &(_, s2, e2): &(usize, usize, usize)| {
        s <= s2 && e2 <= e && (e - s) > (e2 - s2)
    };
    (0..hits.len())
        .filter(|&j| {
            let (_, s, _) = hits[j];
            let before = hits[..j].iter().rev().take_while(|h| h.1 + longest > s);
            let same_start = hits[j + 1..].iter().take_while(|h| h.1 == s);
            !before.chain(same_start).any(|h| covers(h, &hits[j]))
        })
        .map(|j| hits[j])
        .collect()
}

/// The texts of `spans` (in order) each once, in the order they first
/// stand: the words that decided. A text may match thousands of times, so
/// the texts seen are kept in a map: of the vocabulary's own type, whose
/// code the WebAssembly module holds already (the value is unused).
fn distinct_surfaces(tokens: &[(&str, u32)], spans: &[(usize, usize)]) -> Vec<String> {
    let mut seen: BTreeMap<String, f64> = BTreeMap::new();
    let mut out = Vec::new();
    for &(s, e) in spans {
        let mut text = String::new();
        for (k, &(raw, _)) in tokens[s..e].iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            push_surface(raw, &mut text);
        }
        if !seen.contains_key(&text) {
            seen.insert(text.clone(), 0.0);
            out.push(text);
        }
    }
    out
}

/// The FNV-1a hash of a text: for grouping equal texts, which are then
/// compared exactly.
fn fnv(text: &str) -> usize {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) as usize
}

#[cfg(test)]
mod tests {
    use super::words::{lowercase, stem};
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
            assert_eq!(lowercase(word), word.to_lowercase(), "{word}");
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

    /// The classifier's hits as the definition reads: every phrase tried at
    /// every word, every hit compared with every other.
    fn kept_by_definition(c: &Classifier, text: &str) -> Vec<(usize, usize, usize)> {
        let ids: Vec<u32> = stems(text).map(|(_, s)| c.id(&s)).collect();
        let mut hits = Vec::new();
        for start in 0..ids.len() {
            for (p, phrase) in c.phrases.iter().enumerate() {
                if ids.get(start..start + phrase.words.len()) == Some(&phrase.words[..]) {
                    hits.push((p, start, start + phrase.words.len()));
                }
            }
        }
        let inside = |&(_, s, e): &(usize, usize, usize)| {
            hits.iter()
                .any(|&(_, s2, e2)| s2 <= s && e <= e2 && (e2 - s2) > (e - s))
        };
        let mut kept: Vec<_> = hits.iter().copied().filter(|h| !inside(h)).collect();
        kept.sort_unstable();
        kept
    }

    proptest::proptest! {
        #[test]
        fn hits_are_those_of_the_definition(
            picks in proptest::collection::vec(0usize..12, 0..60)
        ) {
            let mut t = taxonomy();
            t.dimensions[1].vocabulary.insert("migration".into(), 1.0);
            t.dimensions[1].vocabulary.insert("data".into(), 0.5);
            t.dimensions[0].vocabulary.insert("data migration sponsor".into(), 1.0);
            let c = Classifier::new(&t).unwrap();
            let vocabulary = [
                "data", "migration", "sponsor", "quality", "missing", "feature", "bug",
                "crash", "the", "duplicates", "reorg", "Sponsors",
            ];
            let text: Vec<&str> = picks.iter().map(|&i| vocabulary[i]).collect();
            let text = text.join(" ");
            let mut kept = outside_longer(&c.hits(&c.tokens(&text)), c.longest);
            kept.sort_unstable();
            proptest::prop_assert_eq!(kept, kept_by_definition(&c, &text));
        }
    }

    #[test]
    fn long_texts_are_classified_in_one_pass() {
        // 2.4 MB of text full of phrase hits: every hit compared with every
        // other took about 19 s here; the neighbours alone, a fraction of one.
        let c = Classifier::new(&taxonomy()).unwrap();
        let sentence = "The data migration left duplicates and a bug; the sponsor saw a crash. ";
        let text = sentence.repeat(2_400_000 / sentence.len());
        let r = c.classify(&text);
        assert_eq!(r.dimension, "Quality");
        assert_eq!(r.matched, ["data migration", "duplicates"]);
    }

    #[test]
    fn a_long_vocabulary_loads_and_its_first_repeat_is_named() {
        // Each phrase used to be compared with every other, and stems
        // inserted into a sorted list one by one: quadratic in its length.
        let mut t = taxonomy();
        let words: Vec<String> = (0..40_000).map(|i| format!("w{i}x")).collect();
        for w in &words {
            t.dimensions[2].vocabulary.insert(format!("{w} zz"), 1.0);
        }
        let c = Classifier::new(&t).unwrap();
        assert_eq!(
            c.classify("w123x zz and w9x zz").matched,
            ["w123x zz", "w9x zz"]
        );
        // "duplicates" stems as "duplicate" does, which Quality has already.
        t.dimensions[2].vocabulary.insert("duplicates".into(), 1.0);
        let e = Classifier::new(&t).unwrap_err();
        assert_eq!(e.path(), "dimensions.Quality.vocabulary.duplicates", "{e}");
        assert!(e.message().contains("repeats 'duplicat'"), "{e}");
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
