//! The names of batch output columns, for every binding and the CLI:
//! `renewal`, `renewal_band`, `renewal_limiting`... (`renewalBand` in
//! camelCase for JavaScript).

use crate::json::Naming;
use crate::model::Model;

/// What an output column holds for its equation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The score, NaN (or null) when missing.
    Score,
    /// The probability of the equation's outcome, for a calibrated equation.
    Probability,
    /// The band.
    Band,
    /// The share of the equation's weight present.
    Coverage,
    /// The limiting input.
    Limiting,
    /// The root driver.
    RootDriver,
    /// The lift of the equation's input at this index.
    Lift(usize),
}

impl Part {
    /// The part's name as bindings show it: `score`, `probability`, `band`,
    /// `coverage`, `limiting`, `root_driver` or `lift`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Score => "score",
            Part::Probability => "probability",
            Part::Band => "band",
            Part::Coverage => "coverage",
            Part::Limiting => "limiting",
            Part::RootDriver => "root_driver",
            Part::Lift(_) => "lift",
        }
    }
}

/// One output column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputColumn {
    /// Its name (see [`column_name`]).
    pub name: String,
    /// Its equation, as an index into [`Model::equations`].
    pub equation: usize,
    /// What it holds.
    pub part: Part,
}

/// The columns beyond the score, the probability of a calibrated equation,
/// the band, the limiting input and the root driver.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// Each equation's coverage.
    pub coverage: bool,
    /// Each input's lift.
    pub lifts: bool,
}

/// The name of `equation`'s `part` column: the equation's name for its
/// score, else the name and the part (`renewal_root_driver`,
/// `renewal_lift_adoption`; in camelCase `renewalRootDriver`,
/// `renewalLift_adoption`, names from the model kept as they are).
pub fn column_name(model: &Model, equation: usize, part: Part, naming: Naming) -> String {
    let eq = model.spec().equations.get(equation).map_or("", |e| &e.name);
    let suffix = match part {
        Part::Score => return eq.to_string(),
        Part::Lift(i) => {
            let input = model.spec().equations[equation]
                .inputs
                .get(i)
                .map_or("", |x| &x.reference);
            return match naming {
                Naming::Snake => format!("{eq}_lift_{input}"),
                Naming::Camel => format!("{eq}Lift_{input}"),
            };
        }
        other => other.as_str(),
    };
    match naming {
        Naming::Snake => format!("{eq}_{suffix}"),
        Naming::Camel => {
            let mut name = String::from(eq);
            for word in suffix.split('_') {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    name.push(first.to_ascii_uppercase());
                    name.push_str(chars.as_str());
                }
            }
            name
        }
    }
}

impl Model {
    /// The batch output columns, in order: per equation its score, its
    /// probability when it is calibrated, its band, its coverage (with
    /// `extras.coverage`), its limiting input, its root driver and its
    /// inputs' lifts (with `extras.lifts`).
    pub fn output_columns(&self, naming: Naming, extras: Extras) -> Vec<OutputColumn> {
        let mut columns = Vec::new();
        for (k, eq) in self.spec().equations.iter().enumerate() {
            let mut push = |part| {
                columns.push(OutputColumn {
                    name: column_name(self, k, part, naming),
                    equation: k,
                    part,
                })
            };
            push(Part::Score);
            if eq.calibration.is_some() {
                push(Part::Probability);
            }
            push(Part::Band);
            if extras.coverage {
                push(Part::Coverage);
            }
            push(Part::Limiting);
            push(Part::RootDriver);
            if extras.lifts {
                for i in 0..eq.inputs.len() {
                    push(Part::Lift(i));
                }
            }
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_both_namings() {
        let model = Model::embedded();
        let names = |naming, extras| -> Vec<String> {
            model
                .output_columns(naming, extras)
                .into_iter()
                .filter(|c| c.equation == 1)
                .map(|c| c.name)
                .collect()
        };
        assert_eq!(
            names(Naming::Snake, Extras::default()),
            [
                "renewal",
                "renewal_band",
                "renewal_limiting",
                "renewal_root_driver"
            ]
        );
        assert_eq!(
            names(Naming::Camel, Extras::default()),
            [
                "renewal",
                "renewalBand",
                "renewalLimiting",
                "renewalRootDriver"
            ]
        );
        assert_eq!(
            names(
                Naming::Snake,
                Extras {
                    coverage: true,
                    lifts: true
                }
            ),
            [
                "renewal",
                "renewal_band",
                "renewal_coverage",
                "renewal_limiting",
                "renewal_root_driver",
                "renewal_lift_adoption",
                "renewal_lift_relationship"
            ]
        );
    }

    #[test]
    fn a_calibrated_equation_has_a_probability_column() {
        let spec = r#"{"name": "c", "drivers": [{"name": "a"}, {"name": "b"}],
            "equations": [{"name": "e", "inputs": [{"ref": "a"}, {"ref": "b"}],
                           "calibration": {"intercept": 1, "slope": 2}}]}"#;
        let model = Model::from_json(spec).unwrap();
        let parts: Vec<Part> = model
            .output_columns(Naming::Snake, Extras::default())
            .into_iter()
            .map(|c| c.part)
            .collect();
        assert_eq!(
            parts,
            [
                Part::Score,
                Part::Probability,
                Part::Band,
                Part::Limiting,
                Part::RootDriver
            ]
        );
    }
}
