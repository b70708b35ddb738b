//! The explanation of a scorecard in words, the same in every binding.

use std::fmt::Write;

use crate::decimal::fixed;
use crate::scoring::{Outcome, Scorecard};

impl Scorecard {
    /// What the scores say, why, and what would help most: one line per
    /// equation with its limiting input and root driver, its terms with
    /// their lifts, then the blockers.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        if let Some(id) = &self.id {
            let _ = writeln!(out, "{id}");
        }
        for o in &self.outcomes {
            let _ = writeln!(out, "{}", headline(o));
            let terms: Vec<String> = o
                .terms
                .iter()
                .map(|t| match (t.value, t.lift) {
                    (None, _) => format!("{} missing", t.input),
                    (Some(v), Some(l)) if l > 0.0 => {
                        format!("{} {} (lift +{})", t.input, fixed(v, 2), fixed(l, 2))
                    }
                    (Some(v), _) => format!("{} {}", t.input, fixed(v, 2)),
                })
                .collect();
            let _ = writeln!(out, "  from {}", terms.join(", "));
        }
        for b in &self.blockers {
            let c = &b.classification;
            let why = if c.explicit {
                "given".to_string()
            } else if c.matched.is_empty() {
                "no known words".to_string()
            } else {
                format!("{}: {}", fixed(c.confidence, 2), c.matched.join(", "))
            };
            let state = if b.blocker.is_open() {
                "open"
            } else {
                "resolved"
            };
            let _ = writeln!(
                out,
                "  blocker ({state}, {}): {} [{}] \"{}\"",
                b.blocker.severity, c.dimension, why, b.blocker.text
            );
        }
        // What the open blockers took off each driver, and which did.
        for d in self.vector.drivers.iter().filter(|d| d.penalty > 0.0) {
            let (Some(after), Some(before)) = (d.value, d.before_blockers) else {
                continue;
            };
            let by: Vec<String> = self
                .blockers
                .iter()
                .filter(|b| b.drivers.contains(&d.name))
                .map(|b| format!("\"{}\"", b.blocker.text))
                .collect();
            let _ = writeln!(
                out,
                "  {} {} after blockers ({} before): {}",
                d.name,
                fixed(after, 2),
                fixed(before, 2),
                by.join(", ")
            );
        }
        for i in &self.inferred_blockers {
            let _ = writeln!(
                out,
                "  inferred blocker ({}): {} at {} is below the alert level -> {}",
                i.severity,
                i.driver,
                fixed(i.value, 2),
                i.dimension
            );
        }
        out
    }
}

fn headline(o: &Outcome) -> String {
    let Some(score) = o.score else {
        return format!(
            "{}: missing, {}",
            o.equation,
            o.missing_reason.as_deref().unwrap_or("no score")
        );
    };
    let band = o.band.as_deref().unwrap_or("-");
    let mut line = format!("{}: {} ({band})", o.equation, fixed(score, 2));
    match (&o.limiting, &o.root_driver) {
        (Some(l), Some(r)) if o.capped_by.as_ref() == Some(l) && l != r => {
            let _ = write!(line, ", capped by {l}; work on {r}");
        }
        (Some(l), _) if o.capped_by.as_ref() == Some(l) => {
            let _ = write!(line, ", capped by {l}");
        }
        (Some(l), Some(r)) if l != r => {
            let _ = write!(line, ", limited by {l}; work on {r}");
        }
        (Some(l), _) => {
            let _ = write!(line, ", limited by {l}");
        }
        (None, _) => line.push_str(", nothing limits it: every input is at its target"),
    }
    if o.coverage < 1.0 {
        let _ = write!(line, " [coverage {}%]", fixed(o.coverage * 100.0, 0));
    }
    line
}

#[cfg(test)]
mod tests {
    use crate::{Account, Blocker, Model, Severity};

    #[test]
    fn explains_limits_lifts_and_blockers() {
        let m = Model::embedded();
        let card = m
            .score(
                &Account::new()
                    .with_id("acme")
                    .with("product", 0.9)
                    .with("outcomes", 0.8)
                    .with("enablement", 0.3)
                    .with("guidance", 0.7)
                    .with("relationship", 0.8)
                    .with_blocker(Blocker::new("Our sponsor left", Severity::High)),
            )
            .unwrap();
        let text = card.explain();
        assert!(text.starts_with("acme\n"), "{text}");
        // relationship 0.8 less the high People blocker's 0.1 is 0.7,
        // above adoption (0.62), which caps renewal.
        assert!(
            text.contains("renewal: 0.62 (yellow), capped by adoption; work on enablement"),
            "{text}"
        );
        assert!(text.contains("enablement 0.30 (lift +"), "{text}");
        assert!(text.contains("[coverage 67%]"), "need is missing: {text}");
        assert!(
            text.contains("blocker (open, high): People [0.75: sponsor] \"Our sponsor left\""),
            "{text}"
        );
        // The penalty is shown with the blocker that took it.
        assert!(
            text.contains("  relationship 0.70 after blockers (0.80 before): \"Our sponsor left\""),
            "{text}"
        );
        let relationship = card.vector.get("relationship").unwrap();
        assert_eq!(relationship.before_blockers, Some(0.8));
        assert_eq!(
            card.blockers[0].drivers,
            vec!["relationship".into()] as Vec<std::sync::Arc<str>>
        );
        // A resolved blocker takes nothing and names no driver.
        let mut resolved = Blocker::new("Our sponsor left", Severity::High);
        resolved.resolved = Some("2026-01-01".into());
        let card = m
            .score(
                &Account::new()
                    .with("relationship", 0.8)
                    .with_blocker(resolved),
            )
            .unwrap();
        assert!(card.blockers[0].drivers.is_empty());
        assert!(!card.explain().contains("after blockers"));
    }
}
