//! Reading a model document (JSON, or TOML turned into the same tree)
//! into a [`ModelSpec`], with errors that name the field. Fields left out
//! take the defaults the model format documents; unknown fields are errors.
//! What the values mean is checked afterwards, by `validate`.

use std::collections::BTreeMap;

use crate::bands::{self, Band};
use crate::classify::{DimensionSpec, Taxonomy};
use crate::drivers::{DriverSpec, MeasureSpec};
use crate::equations::{EquationSpec, InputSpec, ProbabilityMap};
use crate::json::{Fault, Json, Path};
use crate::model_spec::{ModelSpec, ParentRollup};
use crate::penalties::{BlockerRules, Penalties};
use crate::progress_rules::ProgressRules;
use crate::scales::Scale;

/// The model's `min_coverage` when left out.
pub(crate) const DEFAULT_MIN_COVERAGE: f64 = 0.5;

/// The model's `floor` when left out: the README says why 0.01.
pub(crate) const DEFAULT_FLOOR: f64 = 0.01;

/// Reads a model document.
pub(crate) fn model_spec(doc: &Json) -> Result<ModelSpec, Fault> {
    let mut f = doc.fields(
        &Path::Root,
        &[
            "name",
            "description",
            "drivers",
            "measures",
            "equations",
            "min_coverage",
            "floor",
            "ladder",
            "parent_rollup",
            "bands",
            "progress",
            "taxonomy",
            "blockers",
        ],
    )?;
    let value = ModelSpec {
        name: f.required("name", Json::text),
        description: f.optional("description", Json::text).unwrap_or_default(),
        drivers: f.required("drivers", |v, p| v.list(p, driver)),
        measures: f
            .optional("measures", |v, p| v.list(p, measure))
            .unwrap_or_default(),
        equations: f.required("equations", |v, p| v.list(p, equation)),
        min_coverage: f
            .optional("min_coverage", Json::number)
            .unwrap_or(DEFAULT_MIN_COVERAGE),
        floor: f.optional("floor", Json::number).unwrap_or(DEFAULT_FLOOR),
        ladder: f
            .optional("ladder", |v, p| v.list(p, Json::text))
            .unwrap_or_default(),
        parent_rollup: f
            .optional("parent_rollup", parent_rollup)
            .unwrap_or_default(),
        bands: f
            .optional("bands", |v, p| v.list(p, band))
            .unwrap_or_else(bands::default_bands),
        progress: f.optional("progress", progress).unwrap_or_default(),
        taxonomy: f.optional("taxonomy", taxonomy).unwrap_or_default(),
        blockers: f.optional("blockers", blocker_rules).unwrap_or_default(),
    };
    f.finish()?;
    Ok(value)
}

fn parent_rollup(v: &Json, path: &Path<'_>) -> Result<ParentRollup, Fault> {
    match v.text(path)?.as_str() {
        "arr_weighted" => Ok(ParentRollup::ArrWeighted),
        "worst" => Ok(ParentRollup::Worst),
        other => Err(Fault::new(
            path,
            format!("expected \"arr_weighted\" or \"worst\", got '{other}'"),
        )),
    }
}

fn driver(v: &Json, path: &Path<'_>) -> Result<DriverSpec, Fault> {
    let mut f = v.fields(path, &["name", "description", "target", "weight", "floor"])?;
    let value = DriverSpec {
        name: f.required("name", Json::text),
        description: f.optional("description", Json::text).unwrap_or_default(),
        target: f.optional("target", Json::number).unwrap_or(1.0),
        weight: f.optional("weight", Json::number).unwrap_or(1.0),
        floor: f.nullable("floor", Json::number),
    };
    f.finish()?;
    Ok(value)
}

pub(crate) fn measure(v: &Json, path: &Path<'_>) -> Result<MeasureSpec, Fault> {
    let mut f = v.fields(path, &["name", "description", "driver", "weight", "scale"])?;
    let value = MeasureSpec {
        name: f.required("name", Json::text),
        description: f.optional("description", Json::text).unwrap_or_default(),
        driver: f.required("driver", Json::text),
        weight: f.optional("weight", Json::number).unwrap_or(1.0),
        scale: f.required_or("scale", scale, || Scale::Unit),
    };
    f.finish()?;
    Ok(value)
}

/// `"unit"`, or one of `{"linear": {lo, hi}}`, `{"steps": {points}}`,
/// `{"logistic": {mid, steepness}}`.
pub(crate) fn scale(v: &Json, path: &Path<'_>) -> Result<Scale, Fault> {
    const KINDS: &str = "unit, linear, steps, logistic";
    let (kind, body) = match v {
        Json::String(kind) if kind == "unit" => return Ok(Scale::Unit),
        Json::String(kind) => {
            return Err(Fault::new(
                path,
                format!("unknown scale \"{kind}\" (known: {KINDS})"),
            ))
        }
        Json::Object(members) if members.len() == 1 => (&members[0].0, &members[0].1),
        _ => {
            return Err(Fault::new(
                path,
                format!("expected a scale: \"unit\" or an object with one key of {KINDS}"),
            ))
        }
    };
    let path = &Path::Key(path, kind);
    match kind.as_str() {
        "unit" if matches!(body, Json::Null) => Ok(Scale::Unit),
        "linear" => {
            let mut f = body.fields(path, &["lo", "hi"])?;
            let value = Scale::Linear {
                lo: f.required("lo", Json::number),
                hi: f.required("hi", Json::number),
            };
            f.finish()?;
            Ok(value)
        }
        "steps" => {
            let mut f = body.fields(path, &["points"])?;
            let value = Scale::Steps {
                points: f.required("points", |v, p| v.list(p, point)),
            };
            f.finish()?;
            Ok(value)
        }
        "logistic" => {
            let mut f = body.fields(path, &["mid", "steepness"])?;
            let value = Scale::Logistic {
                mid: f.required("mid", Json::number),
                steepness: f.required("steepness", Json::number),
            };
            f.finish()?;
            Ok(value)
        }
        _ => Err(Fault::new(
            path,
            format!("unknown scale \"{kind}\" (known: {KINDS})"),
        )),
    }
}

/// `[x, y]`.
fn point(v: &Json, path: &Path<'_>) -> Result<[f64; 2], Fault> {
    let xy = v.list(path, Json::number)?;
    <[f64; 2]>::try_from(xy).map_err(|xy| {
        Fault::new(
            path,
            format!("expected a point [x, y], got {} numbers", xy.len()),
        )
    })
}

pub(crate) fn equation(v: &Json, path: &Path<'_>) -> Result<EquationSpec, Fault> {
    let mut f = v.fields(
        path,
        &[
            "name",
            "description",
            "p",
            "inputs",
            "min_coverage",
            "calibration",
        ],
    )?;
    let value = EquationSpec {
        name: f.required("name", Json::text),
        description: f.optional("description", Json::text).unwrap_or_default(),
        p: f.optional("p", exponent).unwrap_or(0.0),
        inputs: f.required("inputs", |v, p| v.list(p, input)),
        min_coverage: f.nullable("min_coverage", Json::number),
        calibration: f.nullable("calibration", probability_map),
    };
    f.finish()?;
    Ok(value)
}

/// A number, or `"-inf"` for the minimum.
fn exponent(v: &Json, path: &Path<'_>) -> Result<f64, Fault> {
    match v {
        Json::String(t) if matches!(t.trim(), "-inf" | "-infinity" | "min") => {
            Ok(f64::NEG_INFINITY)
        }
        Json::String(t) => Err(Fault::new(
            path,
            format!("p must be a number or \"-inf\", got \"{t}\""),
        )),
        other => other.number(path),
    }
}

fn input(v: &Json, path: &Path<'_>) -> Result<InputSpec, Fault> {
    let mut f = v.fields(path, &["ref", "weight", "required"])?;
    let value = InputSpec {
        reference: f.required("ref", Json::text),
        weight: f.optional("weight", Json::number).unwrap_or(1.0),
        required: f.optional("required", Json::flag).unwrap_or(false),
    };
    f.finish()?;
    Ok(value)
}

fn probability_map(v: &Json, path: &Path<'_>) -> Result<ProbabilityMap, Fault> {
    let mut f = v.fields(path, &["intercept", "slope"])?;
    let value = ProbabilityMap {
        intercept: f.required("intercept", Json::number),
        slope: f.required("slope", Json::number),
    };
    f.finish()?;
    Ok(value)
}

fn band(v: &Json, path: &Path<'_>) -> Result<Band, Fault> {
    let mut f = v.fields(path, &["name", "min", "stake"])?;
    let value = Band {
        name: f.required("name", Json::text),
        min: f.required("min", Json::number),
        stake: f.optional("stake", Json::number),
    };
    f.finish()?;
    Ok(value)
}

fn progress(v: &Json, path: &Path<'_>) -> Result<ProgressRules, Fault> {
    let mut f = v.fields(
        path,
        &[
            "tolerance",
            "plateau_steps",
            "velocity_jump",
            "sideways_alignment",
            "too_fast",
            "pace_drivers",
        ],
    )?;
    let default = ProgressRules::default();
    let value = ProgressRules {
        tolerance: f
            .optional("tolerance", Json::number)
            .unwrap_or(default.tolerance),
        plateau_steps: f
            .optional("plateau_steps", Json::count)
            .unwrap_or(default.plateau_steps),
        velocity_jump: f
            .optional("velocity_jump", Json::number)
            .unwrap_or(default.velocity_jump),
        sideways_alignment: f
            .optional("sideways_alignment", Json::number)
            .unwrap_or(default.sideways_alignment),
        too_fast: f
            .optional("too_fast", Json::number)
            .unwrap_or(default.too_fast),
        pace_drivers: f
            .optional("pace_drivers", |v, p| v.list(p, Json::text))
            .unwrap_or_default(),
    };
    f.finish()?;
    Ok(value)
}

fn taxonomy(v: &Json, path: &Path<'_>) -> Result<Taxonomy, Fault> {
    let mut f = v.fields(path, &["min_confidence", "dimensions"])?;
    let value = Taxonomy {
        min_confidence: f
            .optional("min_confidence", Json::number)
            .unwrap_or(Taxonomy::default().min_confidence),
        dimensions: f
            .optional("dimensions", |v, p| v.list(p, dimension))
            .unwrap_or_default(),
    };
    f.finish()?;
    Ok(value)
}

fn dimension(v: &Json, path: &Path<'_>) -> Result<DimensionSpec, Fault> {
    let mut f = v.fields(path, &["name", "description", "drivers", "vocabulary"])?;
    let value = DimensionSpec {
        name: f.required("name", Json::text),
        description: f.optional("description", Json::text).unwrap_or_default(),
        drivers: f
            .optional("drivers", |v, p| v.list(p, Json::text))
            .unwrap_or_default(),
        vocabulary: f.required("vocabulary", vocabulary),
    };
    f.finish()?;
    Ok(value)
}

/// Phrase → weight.
fn vocabulary(v: &Json, path: &Path<'_>) -> Result<BTreeMap<String, f64>, Fault> {
    // Inserted one by one: collecting would sort first, linking a sort
    // into the WebAssembly module for this one map.
    let mut vocabulary = BTreeMap::new();
    for (phrase, weight) in v.map(path)? {
        vocabulary.insert(phrase.clone(), weight.number(&Path::Key(path, phrase))?);
    }
    Ok(vocabulary)
}

fn blocker_rules(v: &Json, path: &Path<'_>) -> Result<BlockerRules, Fault> {
    let mut f = v.fields(path, &["penalties", "alert_level"])?;
    let value = BlockerRules {
        penalties: f.optional("penalties", penalties).unwrap_or_default(),
        alert_level: f.optional("alert_level", Json::number).unwrap_or(0.0),
    };
    f.finish()?;
    Ok(value)
}

fn penalties(v: &Json, path: &Path<'_>) -> Result<Penalties, Fault> {
    let mut f = v.fields(path, &["low", "medium", "high", "critical"])?;
    let value = Penalties {
        low: f.required("low", Json::number),
        medium: f.required("medium", Json::number),
        high: f.required("high", Json::number),
        critical: f.required("critical", Json::number),
    };
    f.finish()?;
    Ok(value)
}

/// Reads `text` with one of the readers above (for tests of one part).
/// Read through the core's model reader, so that a spec embedded in a
/// caller's own serde document is read, and checked, as a model file is.
impl<'de> serde::Deserialize<'de> for ModelSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let tree = serde_json::Value::deserialize(d)?;
        model_spec(&crate::json::from_serde(tree)).map_err(|f| {
            serde::de::Error::custom(if f.path.is_empty() {
                f.message
            } else {
                format!("{}: {}", f.path, f.message)
            })
        })
    }
}

#[cfg(test)]
pub(crate) fn read_text<T>(
    text: &str,
    read: fn(&Json, &Path<'_>) -> Result<T, Fault>,
) -> Result<T, Fault> {
    read(&crate::json::parse(text)?, &Path::Root)
}
