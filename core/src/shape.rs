//! The one shape of a scorecard as data, for every binding: the CLI's JSON,
//! the C library's JSON, Python's results, JavaScript's results and the
//! conformance vectors.
//!
//! A scorecard is one flat object: `id`, `segment`, `arr` (each when
//! given), `drivers` (name → value or null), `realisation`, one key per
//! equation (`score`, `band`, `probability` when calibrated, `coverage`,
//! `limiting`, `root_driver`, `capped_by` when a cap binds,
//! `missing_reason`, `lifts`), `blockers` and
//! `inferred_blockers`. [`Detail::Full`] adds `vector` (each driver's
//! value, value before blockers, target, source and penalty), each
//! outcome's `terms`, each blocker's `drivers` (those its penalty was
//! taken from) and the `explanation`; [`Detail::Explained`] the
//! explanation alone.
//!
//! Field names are written as declared here; the JSON writer turns them to
//! camelCase for JavaScript (the `Naming` of the JSON writer).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::json::FieldName as F;
use crate::path::EquationPath;
use crate::plan_report::{Paths, PlanFields, PlanReport};
use crate::scoring::{ClassifiedBlocker, Outcome, Scorecard};

/// How much of a scorecard is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// The shared report: what the conformance vectors hold.
    #[default]
    Report,
    /// The report and the explanation in words (`--explain`).
    Explained,
    /// The report, the value vector with sources and penalties, every
    /// outcome's terms, and the explanation: what the bindings return.
    Full,
}

/// A scorecard ready to serialise in a [`Detail`].
#[derive(Debug, Clone, Copy)]
pub struct Shaped<'a> {
    card: &'a Scorecard,
    detail: Detail,
    plan: Option<(&'a [EquationPath], Option<&'a PlanReport>)>,
}

impl Scorecard {
    /// The scorecard in its shared shape, with `detail`.
    pub fn shaped(&self, detail: Detail) -> Shaped<'_> {
        Shaped {
            card: self,
            detail,
            plan: None,
        }
    }
}

impl<'a> Shaped<'a> {
    /// With the account's path to green (`path_to_green`, keyed by
    /// equation) and its plan's fields (`plan`: success, lifecycle,
    /// alignment, reliability, archetype, advice, stage; null without a
    /// plan), as `score --plans` writes them.
    pub fn with_plan(self, paths: &'a [EquationPath], plan: Option<&'a PlanReport>) -> Self {
        Shaped {
            plan: Some((paths, plan)),
            ..self
        }
    }
}

/// The report shape ([`Detail::Report`]).
impl Serialize for Scorecard {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.shaped(Detail::Report).serialize(s)
    }
}

impl Serialize for Shaped<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (card, full) = (self.card, self.detail == Detail::Full);
        let mut map = s.serialize_map(None)?;
        if let Some(id) = &card.id {
            map.serialize_entry(&F("id"), id)?;
        }
        if let Some(segment) = &card.segment {
            map.serialize_entry(&F("segment"), segment)?;
        }
        if let Some(parent) = &card.parent {
            map.serialize_entry(&F("parent"), parent)?;
        }
        if let Some(arr) = card.arr {
            map.serialize_entry(&F("arr"), &arr)?;
        }
        if let Some(model) = &card.model {
            map.serialize_entry(&F("model"), model)?;
        }
        let drivers = card.vector.drivers.iter().map(|d| (&*d.name, d.value));
        map.serialize_entry(&F("drivers"), &Pairs(drivers))?;
        if full {
            map.serialize_entry(&F("vector"), &card.vector.drivers)?;
        }
        map.serialize_entry(&F("realisation"), &card.realisation)?;
        for outcome in &card.outcomes {
            map.serialize_entry(&outcome.equation, &OutcomeShape { outcome, full })?;
        }
        let blockers = Blockers {
            blockers: &card.blockers,
            full,
        };
        map.serialize_entry(&F("blockers"), &blockers)?;
        map.serialize_entry(&F("inferred_blockers"), &card.inferred_blockers)?;
        if let Some((paths, plan)) = self.plan {
            map.serialize_entry(&F("path_to_green"), &Paths(paths))?;
            map.serialize_entry(&F("plan"), &plan.map(PlanFields))?;
        }
        if self.detail != Detail::Report {
            map.serialize_entry(&F("explanation"), &card.explain())?;
        }
        map.end()
    }
}

struct OutcomeShape<'a> {
    outcome: &'a Outcome,
    full: bool,
}

impl Serialize for OutcomeShape<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.outcome;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&F("score"), &o.score)?;
        map.serialize_entry(&F("band"), &o.band)?;
        if let Some(p) = o.probability {
            map.serialize_entry(&F("probability"), &p)?;
        }
        map.serialize_entry(&F("coverage"), &o.coverage)?;
        map.serialize_entry(&F("limiting"), &o.limiting)?;
        map.serialize_entry(&F("root_driver"), &o.root_driver)?;
        if let Some(cap) = &o.capped_by {
            map.serialize_entry(&F("capped_by"), cap)?;
        }
        map.serialize_entry(&F("missing_reason"), &o.missing_reason)?;
        let lifts = o.terms.iter().map(|t| (&*t.input, t.lift));
        map.serialize_entry(&F("lifts"), &Pairs(lifts))?;
        if self.full {
            map.serialize_entry(&F("terms"), &o.terms)?;
        }
        map.end()
    }
}

/// Classified blockers, each one flat object; in full, with the drivers
/// each took its penalty from.
struct Blockers<'a> {
    blockers: &'a [ClassifiedBlocker],
    full: bool,
}

impl Serialize for Blockers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let full = self.full;
        s.collect_seq(
            self.blockers
                .iter()
                .map(|blocker| BlockerShape { blocker, full }),
        )
    }
}

struct BlockerShape<'a> {
    blocker: &'a ClassifiedBlocker,
    full: bool,
}

impl Serialize for BlockerShape<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (b, c) = (&self.blocker.blocker, &self.blocker.classification);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&F("text"), &b.text)?;
        map.serialize_entry(&F("severity"), &b.severity)?;
        map.serialize_entry(&F("open"), &b.is_open())?;
        map.serialize_entry(&F("dimension"), &c.dimension)?;
        map.serialize_entry(&F("confidence"), &c.confidence)?;
        map.serialize_entry(&F("matched"), &c.matched)?;
        map.serialize_entry(&F("explicit"), &c.explicit)?;
        if self.full {
            map.serialize_entry(&F("drivers"), &self.blocker.drivers)?;
        }
        map.end()
    }
}

/// (name, value) pairs as one object, in order; names are data.
struct Pairs<I>(I);

impl<'a, I> Serialize for Pairs<I>
where
    I: Iterator<Item = (&'a str, Option<f64>)> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use crate::io::{to_json, Naming};
    use crate::shape::Detail;
    use crate::{Account, Model};

    fn card() -> crate::Scorecard {
        let account = Account::new()
            .with_id("acme")
            .with("product", 0.9)
            .with("weekly_active_ratio", 0.4)
            .with("outcomes", 0.6)
            .with("relationship", 0.7);
        Model::embedded().score(&account).unwrap()
    }

    #[test]
    fn the_report_is_the_full_shape_without_its_detail() {
        let card = card();
        let report: serde_json::Value =
            serde_json::from_str(&to_json(&card, Naming::Snake)).unwrap();
        let mut full: serde_json::Value =
            serde_json::from_str(&to_json(&card.shaped(Detail::Full), Naming::Snake)).unwrap();
        assert!(full["vector"].is_array() && full["renewal"]["terms"].is_array());
        assert!(full["explanation"].as_str().unwrap().contains("renewal"));
        let full = full.as_object_mut().unwrap();
        full.remove("vector");
        full.remove("explanation");
        for outcome in &card.outcomes {
            full[&*outcome.equation]
                .as_object_mut()
                .unwrap()
                .remove("terms");
        }
        assert_eq!(&report, &serde_json::Value::Object(full.clone()));
    }

    #[test]
    fn camel_case_names_fields_but_not_data() {
        let card = card();
        let text = to_json(&card.shaped(Detail::Full), Naming::Camel);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v["renewal"]["rootDriver"].is_string(), "{text}");
        assert!(v["inferredBlockers"].is_array());
        assert!(v["renewal"].get("root_driver").is_none());
        // Driver names are data: `weekly_active_ratio` is a measure, and
        // the drivers keep their names.
        assert!(v["drivers"].get("product").is_some());
        assert_eq!(v["vector"][0]["name"], "product");
        // The order is the declared one, not sorted: `id` first.
        assert!(text.starts_with(r#"{"id":"acme","drivers":"#), "{text}");
    }
}
