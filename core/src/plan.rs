//! Account plans as data: what the customer calls success, the steps to
//! get there, the blockers anticipated, and the plan's lifecycle (reviews
//! every `review_months`, recycled after `cycle_months`); and what follows
//! from the dates alone, as of a day: reviews due, steps overdue, blocker
//! ages, and how reliably the plan's steps were done.

use serde::{Serialize, Serializer};

use crate::blocker::{add_months, date_of, day_number, Blocker};

/// An account plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The account's id.
    pub account: String,
    /// The day the plan began (days since 1970-01-01).
    #[serde(serialize_with = "date")]
    pub inception: i64,
    /// The day of its last review, if any.
    #[serde(serialize_with = "maybe_date")]
    pub last_review: Option<i64>,
    /// After this many months the plan is recycled (default 12).
    pub cycle_months: u32,
    /// It is reviewed every this many months (default 3).
    pub review_months: u32,
    /// What the customer calls success.
    pub success: Vec<Goal>,
    /// The steps to get there.
    pub steps: Vec<PlanStep>,
    /// The blockers anticipated.
    pub blockers: Vec<Blocker>,
}

/// A goal of the customer's own: a target on a driver or a measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Goal {
    /// The goal in the customer's words.
    pub text: String,
    /// What it is measured on.
    #[serde(flatten)]
    pub on: GoalOn,
    /// The value that means success.
    pub target: f64,
    /// When it is due.
    #[serde(serialize_with = "maybe_date")]
    pub due: Option<i64>,
}

/// What a goal is measured on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalOn {
    /// A driver of the model (target in [0, 1]).
    Driver(String),
    /// A measure of the model (target in the measure's own units).
    Measure(String),
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Still to do.
    Open,
    /// Done (on its `done` day).
    Done,
    /// Given up.
    Dropped,
}

/// A step of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanStep {
    /// What is to be done.
    pub text: String,
    /// Who does it.
    pub owner: Option<String>,
    /// When it is due.
    #[serde(serialize_with = "maybe_date")]
    pub due: Option<i64>,
    /// Open, done or dropped.
    pub status: StepStatus,
    /// The day it was done.
    #[serde(serialize_with = "maybe_date")]
    pub done: Option<i64>,
    /// Its dimension when the team knows it; else it is classified from
    /// its text, like a blocker's.
    pub dimension: Option<String>,
}

/// What a plan's dates say as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lifecycle {
    /// The day the next review is due: the last review (or the inception)
    /// plus `review_months`.
    #[serde(serialize_with = "date")]
    pub next_review: i64,
    /// The next review's day has passed.
    pub review_overdue: bool,
    /// The plan is older than its cycle: time to recycle it.
    pub recycle_due: bool,
    /// The open steps whose due day has passed, by position.
    pub overdue_steps: Vec<usize>,
    /// Days each open blocker has been open (by position among the plan's
    /// blockers; `None` without an `opened` day).
    pub blocker_ages: Vec<Option<i64>>,
    /// The share of due steps done on time (dropped and overdue steps
    /// count against it); `None` when no step is due yet.
    pub reliability: Option<f64>,
}

impl Plan {
    /// The plan's lifecycle as of `day`.
    pub fn lifecycle(&self, day: i64) -> Lifecycle {
        let reviewed = self.last_review.unwrap_or(self.inception);
        let next_review = add_months(reviewed, self.review_months);
        let overdue_steps = self
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status == StepStatus::Open && s.due.is_some_and(|d| d < day))
            .map(|(i, _)| i)
            .collect();
        let blocker_ages = self
            .blockers
            .iter()
            .filter(|b| b.is_open())
            .map(|b| {
                b.opened
                    .as_deref()
                    .and_then(|d| day_number(d).ok())
                    .map(|d| day - d)
            })
            .collect();
        Lifecycle {
            next_review,
            review_overdue: day > next_review,
            recycle_due: day >= add_months(self.inception, self.cycle_months),
            overdue_steps,
            blocker_ages,
            reliability: self.reliability(day),
        }
    }

    /// The share of the steps due by `day` that were done on time.
    pub fn reliability(&self, day: i64) -> Option<f64> {
        let due: Vec<&PlanStep> = self
            .steps
            .iter()
            .filter(|s| s.due.is_some_and(|d| d <= day) || s.status == StepStatus::Dropped)
            .collect();
        if due.is_empty() {
            return None;
        }
        let on_time = due
            .iter()
            .filter(|s| {
                s.status == StepStatus::Done
                    && matches!((s.done, s.due), (Some(done), Some(by)) if done <= by)
            })
            .count();
        Some(on_time as f64 / due.len() as f64)
    }
}

pub(crate) fn date<S: Serializer>(day: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&date_of(*day))
}

pub(crate) fn maybe_date<S: Serializer>(
    day: &Option<i64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match day {
        Some(d) => s.serialize_str(&date_of(*d)),
        None => s.serialize_none(),
    }
}
