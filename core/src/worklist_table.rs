//! The worklist as columns: one row per account, every field flat, as the
//! CLI writes CSV and the Python binding builds a frame. Defined once, so
//! both write the same columns in the same order.

use crate::blocker::date_of;
use crate::model::Model;
use crate::progress::Direction;
use crate::worklist::{StakeBasis, WorkItem};

/// One column of the flat worklist.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Text; `None` where there is none.
    Text(Vec<Option<String>>),
    /// Numbers; `None` where missing.
    Number(Vec<Option<f64>>),
    /// Counts.
    Count(Vec<usize>),
    /// Yes or no; `None` where it does not apply.
    Flag(Vec<Option<bool>>),
}

fn direction(d: Option<Direction>) -> Option<String> {
    d.map(|d| d.as_str().to_string())
}

fn basis(b: StakeBasis) -> String {
    match b {
        StakeBasis::Calibrated => "calibrated",
        StakeBasis::Band => "band",
        StakeBasis::Unscored => "unscored",
    }
    .to_string()
}

impl Model {
    /// `items` as named columns: `id`, `segment`, `arr`, `parent`, `as_of`,
    /// `snapshots`, `arr_at_stake`, `stake_basis`, `direction`; per
    /// equation its score, `_band`, `_direction` and `_velocity`; then
    /// `events`, `latest_event`, `latest_event_day`, `too_fast`, and the
    /// first move's `first_move_equation`, `_driver`, `_from`, `_to`,
    /// `_step` and `_covered`.
    pub fn worklist_columns(&self, items: &[WorkItem]) -> Vec<(String, Column)> {
        let text =
            |f: &dyn Fn(&WorkItem) -> Option<String>| Column::Text(items.iter().map(f).collect());
        let number =
            |f: &dyn Fn(&WorkItem) -> Option<f64>| Column::Number(items.iter().map(f).collect());
        let mut columns = vec![
            ("id".to_string(), text(&|i| Some(i.id.clone()))),
            ("segment".into(), text(&|i| i.segment.clone())),
            ("arr".into(), number(&|i| i.arr)),
            ("parent".into(), text(&|i| i.parent.clone())),
            ("as_of".into(), text(&|i| Some(date_of(i.as_of)))),
            (
                "snapshots".into(),
                Column::Count(items.iter().map(|i| i.snapshots).collect()),
            ),
            ("arr_at_stake".into(), number(&|i| i.arr_at_stake)),
            ("stake_basis".into(), text(&|i| Some(basis(i.stake_basis)))),
            ("direction".into(), text(&|i| direction(i.direction))),
        ];
        // Which model scored each account, when a bundle picked among several.
        if items.iter().any(|i| i.model.is_some()) {
            columns.insert(4, ("model".into(), text(&|i| i.model.clone())));
        }
        for (k, eq) in self.equations().enumerate() {
            columns.push((eq.to_string(), number(&|i| i.outcomes[k].score)));
            columns.push((
                format!("{eq}_band"),
                text(&|i| i.outcomes[k].band.as_deref().map(String::from)),
            ));
            columns.push((
                format!("{eq}_direction"),
                text(&|i| direction(i.outcomes[k].direction)),
            ));
            columns.push((
                format!("{eq}_velocity"),
                number(&|i| i.outcomes[k].velocity),
            ));
        }
        columns.push((
            "events".into(),
            Column::Count(items.iter().map(|i| i.events.len()).collect()),
        ));
        columns.push((
            "latest_event".into(),
            text(&|i| i.events.last().map(|e| e.kind.to_string())),
        ));
        columns.push((
            "latest_event_day".into(),
            text(&|i| i.events.last().map(|e| date_of(e.to))),
        ));
        columns.push((
            "too_fast".into(),
            text(&|i| i.too_fast.as_ref().map(|t| t.driver.clone())),
        ));
        let first = |f: &dyn Fn(&crate::worklist::FirstMove) -> String| {
            Column::Text(items.iter().map(|i| i.first_move.as_ref().map(f)).collect())
        };
        columns.push((
            "first_move_equation".into(),
            first(&|m| m.equation.to_string()),
        ));
        columns.push(("first_move_driver".into(), first(&|m| m.driver.to_string())));
        columns.push((
            "first_move_from".into(),
            number(&|i| i.first_move.as_ref().map(|m| m.from)),
        ));
        columns.push((
            "first_move_to".into(),
            number(&|i| i.first_move.as_ref().map(|m| m.to)),
        ));
        columns.push(("first_move_step".into(), first(&|m| m.step.to_string())));
        columns.push((
            "first_move_covered".into(),
            Column::Flag(
                items
                    .iter()
                    .map(|i| i.first_move.as_ref().map(|m| m.covered))
                    .collect(),
            ),
        ));
        columns
    }
}
