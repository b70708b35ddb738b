//! The taxonomy as data (its dimensions, vocabulary and drivers) and a
//! classification as the classifier gives it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
