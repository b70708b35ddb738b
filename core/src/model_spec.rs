//! The model as data: what a model file holds, before it is validated and
//! compiled into a [`crate::Model`].

use serde::Serialize;

use crate::bands::Band;
use crate::classify::Taxonomy;
use crate::drivers::{DriverSpec, MeasureSpec};
use crate::equations::EquationSpec;
use crate::penalties::BlockerRules;
use crate::progress_rules::ProgressRules;

/// A model as written in a model file. Build a [`Model`](crate::Model) from it to use it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    /// The model's name.
    pub name: String,
    /// What the model is for (segment, lifecycle stage...).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The drivers: the value vector's components, in order.
    pub drivers: Vec<DriverSpec>,
    /// The measures that drivers are computed from.
    pub measures: Vec<MeasureSpec>,
    /// The success equations.
    pub equations: Vec<EquationSpec>,
    /// Below this share of weight present, an equation's outcome is missing.
    pub min_coverage: f64,
    /// Below this a driver counts as this inside the equations' means (a
    /// driver's own `floor` overrides it): a zero keeps what it feeds red
    /// without erasing what the other drivers say.
    pub floor: f64,
    /// The objectives ladder: equations from the first rung up (adoption,
    /// value, transformation, ROI, advocacy in the default model), each
    /// requiring the rung beneath it. An account's stage is the highest
    /// rung in the best band with every rung beneath it there too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ladder: Vec<String>,
    /// How a parent account's outcome rolls up from its children and its
    /// own row.
    pub parent_rollup: ParentRollup,
    /// The bands outcomes fall into, lowest first.
    pub bands: Vec<Band>,
    /// How movement between snapshots is judged.
    pub progress: ProgressRules,
    /// The blocker dimensions and their vocabulary.
    pub taxonomy: Taxonomy,
    /// How blockers weigh on drivers.
    pub blockers: BlockerRules,
}

/// How a parent's outcome rolls up from its children and its own row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentRollup {
    /// The ARR-weighted mean of the scores (the default).
    #[default]
    ArrWeighted,
    /// The lowest score: a group is as healthy as its weakest member.
    Worst,
}
