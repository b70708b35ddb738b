//! The default taxonomy against hand-labelled blocker texts: the set it was
//! tuned on, and a held-out set written separately and never tuned on.

use valuevector::Model;

fn labelled(csv: &str) -> Vec<(&str, &str)> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.rsplit_once(',').expect("text,dimension"))
        .collect()
}

/// Accuracy, and the misses as (text, expected, got).
fn evaluate<'a>(rows: &[(&'a str, &'a str)]) -> (f64, Vec<(&'a str, &'a str, String)>) {
    let model = Model::embedded();
    let mut misses = Vec::new();
    for &(text, expected) in rows {
        let got = model.classify(text);
        if got.dimension != expected {
            misses.push((
                text,
                expected,
                format!("{} {:?}", got.dimension, got.matched),
            ));
        }
    }
    let accuracy = 1.0 - misses.len() as f64 / rows.len() as f64;
    (accuracy, misses)
}

/// Accuracy, and the share of texts put in a wrong dimension (rather than
/// left unclassified): the classifier may decline, it should not mislead.
fn report(name: &str, rows: &[(&str, &str)]) -> (f64, f64) {
    let (accuracy, misses) = evaluate(rows);
    let misplaced = misses
        .iter()
        .filter(|(_, _, got)| !got.starts_with("unclassified"))
        .count() as f64
        / rows.len() as f64;
    println!(
        "{name}: {} texts, accuracy {accuracy:.3}, misplaced {misplaced:.3}",
        rows.len()
    );
    for (text, expected, got) in &misses {
        println!("  expected {expected:<12} got {got:<40} | {text}");
    }
    (accuracy, misplaced)
}

#[test]
fn tuning_set_is_large_and_covers_every_dimension() {
    let rows = labelled(include_str!("data/blockers_labelled.csv"));
    assert!(rows.len() >= 120, "{} labelled texts", rows.len());
    for dim in ["People", "Product", "Services", "Quality", "unclassified"] {
        assert!(rows.iter().filter(|r| r.1 == dim).count() >= 5, "{dim}");
    }
}

#[test]
fn default_taxonomy_classifies_the_tuning_set() {
    let rows = labelled(include_str!("data/blockers_labelled.csv"));
    let (accuracy, misplaced) = report("tuning set", &rows);
    assert!(accuracy >= 0.93, "accuracy {accuracy}");
    assert!(misplaced <= 0.05, "misplaced {misplaced}");
}

#[test]
fn default_taxonomy_generalises_to_held_out_text() {
    let rows = labelled(include_str!("data/blockers_heldout.csv"));
    let (accuracy, misplaced) = report("held-out set", &rows);
    assert!(accuracy >= 0.8, "accuracy {accuracy}");
    assert!(misplaced <= 0.1, "misplaced {misplaced}");
}
