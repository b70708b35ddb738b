//! Reading account plans from JSON (an array of plans, or JSON Lines: one
//! plan per line), with errors that name the field
//! (`[3].steps[1].due: expected YYYY-MM-DD, got '2026-13-01'`).

use crate::blocker::day_number;
use crate::decimal::Plain;
use crate::error::{Error, Result};
use crate::json::{self, Fault, Json, Path};
use crate::json_input::{blocker, input_error};
use crate::plan::{Goal, GoalOn, Plan, PlanStep, StepStatus};

/// The plans in `text`: a JSON array of plan objects, or one plan object
/// per line (JSON Lines; blank lines are skipped, and the first line is
/// plan `[0]`).
pub(crate) fn plans_from_json(text: &str) -> Result<Vec<Plan>> {
    if text.trim_start().starts_with('[') {
        let tree = json::parse(text).map_err(input_error)?;
        return tree.list(&Path::Root, plan).map_err(input_error);
    }
    let mut plans = Vec::new();
    for (line, content) in text.lines().enumerate() {
        if content.trim().is_empty() {
            continue;
        }
        let at = Path::Index(&Path::Root, plans.len());
        let tree = json::parse(content)
            .map_err(|f| Error::input(at.render(), format!("line {}: {}", line + 1, f.message)))?;
        plans.push(plan(&tree, &at).map_err(input_error)?);
    }
    Ok(plans)
}

/// An array of plan objects already parsed, at `path`.
pub(crate) fn plans_from_tree(tree: &Json, path: &Path<'_>) -> Result<Vec<Plan>> {
    tree.list(path, plan).map_err(input_error)
}

/// One plan object at `path`.
fn plan(v: &Json, path: &Path<'_>) -> std::result::Result<Plan, Fault> {
    let mut f = v.fields(
        path,
        &[
            "account",
            "inception",
            "last_review",
            "cycle_months",
            "review_months",
            "success",
            "steps",
            "blockers",
        ],
    )?;
    let value = Plan {
        account: f.required("account", Json::text),
        inception: f.required("inception", date),
        last_review: f.nullable("last_review", date),
        cycle_months: f.optional("cycle_months", months).unwrap_or(12),
        review_months: f.optional("review_months", months).unwrap_or(3),
        success: f
            .optional("success", |v, p| v.list(p, goal))
            .unwrap_or_default(),
        steps: f
            .optional("steps", |v, p| v.list(p, step))
            .unwrap_or_default(),
        blockers: f
            .optional("blockers", |v, p| v.list(p, blocker))
            .unwrap_or_default(),
    };
    f.finish()?;
    if value.account.trim().is_empty() {
        return Err(Fault::new(&Path::Key(path, "account"), "must not be empty"));
    }
    if value.last_review.is_some_and(|r| r < value.inception) {
        return Err(Fault::new(
            &Path::Key(path, "last_review"),
            "is before the inception",
        ));
    }
    if value.review_months > value.cycle_months {
        return Err(Fault::new(
            &Path::Key(path, "review_months"),
            format!(
                "{} is longer than the cycle ({} months)",
                value.review_months, value.cycle_months
            ),
        ));
    }
    for (i, b) in value.blockers.iter().enumerate() {
        b.validate().map_err(|e| {
            let at = Path::Index(&Path::Key(path, "blockers"), i);
            Fault::new(&Path::Key(&at, e.path()), e.message().to_string())
        })?;
    }
    Ok(value)
}

/// A `YYYY-MM-DD` date as a day number.
pub(crate) fn date(v: &Json, path: &Path<'_>) -> std::result::Result<i64, Fault> {
    let text = v.text(path)?;
    day_number(&text).map_err(|_| Fault::new(path, format!("expected YYYY-MM-DD, got '{text}'")))
}

/// A whole number of months from 1.
fn months(v: &Json, path: &Path<'_>) -> std::result::Result<u32, Fault> {
    match v.count(path)? {
        n @ 1..=1200 => Ok(n as u32),
        n => Err(Fault::new(
            path,
            format!("expected 1 to 1200 months, got {n}"),
        )),
    }
}

/// `{text, driver | measure, target, due?}`.
fn goal(v: &Json, path: &Path<'_>) -> std::result::Result<Goal, Fault> {
    let mut f = v.fields(path, &["text", "driver", "measure", "target", "due"])?;
    let text = f.required("text", Json::text);
    let driver = f.nullable("driver", Json::text);
    let measure = f.nullable("measure", Json::text);
    let target = f.required("target", Json::number);
    let due = f.nullable("due", date);
    f.finish()?;
    let on = match (driver, measure) {
        (Some(d), None) => GoalOn::Driver(d),
        (None, Some(m)) => GoalOn::Measure(m),
        _ => {
            return Err(Fault::new(
                path,
                "a goal is on one driver or one measure: give \"driver\" or \"measure\"",
            ))
        }
    };
    if matches!(on, GoalOn::Driver(_)) && !(0.0..=1.0).contains(&target) {
        return Err(Fault::new(
            &Path::Key(path, "target"),
            format!(
                "a driver's target must lie in [0, 1], got {}",
                Plain(target)
            ),
        ));
    }
    Ok(Goal {
        text,
        on,
        target,
        due,
    })
}

/// `{text, owner?, due?, status?, done?, dimension?}`.
fn step(v: &Json, path: &Path<'_>) -> std::result::Result<PlanStep, Fault> {
    let mut f = v.fields(
        path,
        &["text", "owner", "due", "status", "done", "dimension"],
    )?;
    let value = PlanStep {
        text: f.required("text", Json::text),
        owner: f.nullable("owner", Json::text),
        due: f.nullable("due", date),
        status: f.optional("status", status).unwrap_or(StepStatus::Open),
        done: f.nullable("done", date),
        dimension: f.nullable("dimension", Json::text),
    };
    f.finish()?;
    match (value.status, value.done) {
        (StepStatus::Done, None) => Err(Fault::new(
            &Path::Key(path, "done"),
            "a done step needs the day it was done",
        )),
        (StepStatus::Open | StepStatus::Dropped, Some(_)) => Err(Fault::new(
            &Path::Key(path, "done"),
            "only a done step has a done day",
        )),
        _ => Ok(value),
    }
}

/// `open`, `done` or `dropped`.
fn status(v: &Json, path: &Path<'_>) -> std::result::Result<StepStatus, Fault> {
    match v.text(path)?.as_str() {
        "open" => Ok(StepStatus::Open),
        "done" => Ok(StepStatus::Done),
        "dropped" => Ok(StepStatus::Dropped),
        other => Err(Fault::new(
            path,
            format!("'{other}' is not one of open, done, dropped"),
        )),
    }
}
