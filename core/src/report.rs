//! The JSON shape of results shared by the CLI, the C library and the
//! conformance vectors.
//!
//! A scorecard is one flat object: `id`, `segment`, `arr` (when given),
//! `drivers` (name → value or null), `realisation`, one key per equation
//! (`score`, `band`, `coverage`, `limiting`, `root_driver`,
//! `missing_reason`, `lifts`), `blockers` and `inferred_blockers`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;

use crate::score::{Outcome, Scorecard};

impl Serialize for Scorecard {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        if let Some(segment) = &self.segment {
            map.serialize_entry("segment", segment)?;
        }
        if let Some(arr) = self.arr {
            map.serialize_entry("arr", &arr)?;
        }
        map.serialize_entry(
            "drivers",
            &Pairs(self.vector.drivers.iter().map(|d| (&*d.name, d.value))),
        )?;
        map.serialize_entry("realisation", &self.realisation)?;
        for outcome in &self.outcomes {
            map.serialize_entry(&outcome.equation, &OutcomeJson(outcome))?;
        }
        map.serialize_entry(
            "blockers",
            &self.blockers.iter().map(BlockerJson).collect::<Vec<_>>(),
        )?;
        map.serialize_entry("inferred_blockers", &self.inferred_blockers)?;
        map.end()
    }
}

/// A classified blocker as the report shows it.
struct BlockerJson<'a>(&'a crate::score::ClassifiedBlocker);

impl Serialize for BlockerJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (b, c) = (&self.0.blocker, &self.0.classification);
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("text", &b.text)?;
        map.serialize_entry("severity", &b.severity)?;
        map.serialize_entry("open", &b.is_open())?;
        map.serialize_entry("dimension", &c.dimension)?;
        map.serialize_entry("confidence", &c.confidence)?;
        map.serialize_entry("matched", &c.matched)?;
        map.serialize_entry("explicit", &c.explicit)?;
        map.end()
    }
}

/// Serialises (name, value) pairs as a JSON object, in order.
struct Pairs<I>(I);

impl<'a, I> Serialize for Pairs<I>
where
    I: Iterator<Item = (&'a str, Option<f64>)> + Clone,
{
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (k, v) in self.0.clone() {
            map.serialize_entry(k, &v)?;
        }
        map.end()
    }
}

struct OutcomeJson<'a>(&'a Outcome);

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let o = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("score", &o.score)?;
        map.serialize_entry("band", &o.band)?;
        if let Some(p) = o.probability {
            map.serialize_entry("probability", &p)?;
        }
        map.serialize_entry("coverage", &o.coverage)?;
        map.serialize_entry("limiting", &o.limiting)?;
        map.serialize_entry("root_driver", &o.root_driver)?;
        map.serialize_entry("missing_reason", &o.missing_reason)?;
        map.serialize_entry("lifts", &Pairs(o.terms.iter().map(|t| (&*t.input, t.lift))))?;
        map.end()
    }
}

impl Scorecard {
    /// The scorecard as a JSON value of the shared shape.
    pub fn to_json_value(&self) -> Value {
        serde_json::to_value(self).expect("a scorecard always serialises")
    }
}
