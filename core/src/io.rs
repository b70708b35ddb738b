//! Results as JSON text, with field names in the style a binding asks for.

use serde::Serialize;

pub use crate::error::printable;
pub use valuevector_text::json::{FieldName, Naming};

/// `value` as compact JSON text, field names in `naming`: snake_case as
/// declared (the CLI, C, Python and the conformance vectors) or camelCase
/// (JavaScript). Numbers are written in their shortest form that reads
/// back to the same bits, NaN and infinities as `null`.
pub fn to_json<T: Serialize + ?Sized>(value: &T, naming: Naming) -> String {
    crate::json::to_string_named(value, naming)
}

/// `value` as JSON text indented by two spaces, names as declared.
pub fn to_json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    crate::json::to_string_pretty(value)
}

// ---------------------------------------------------------------------------
// Reading inputs. Every binding reads accounts and blockers here: from JSON
// text, or from a [`Json`] tree it builds from its own values.

pub use valuevector_text::json::Json;

use crate::account::Account;
use crate::blocker::Blocker;
use crate::error::Result;
use crate::json::Path;
use crate::json_input::{self, input_error};
use crate::rollup::PortfolioBlocker;

/// Parses JSON text into the tree the readers take. A syntax error is an
/// input error whose path names where the text went wrong.
pub fn parse(text: &str) -> Result<Json> {
    json_input::parse(text)
}

/// One account from a flat object: `id` (text or number), optional `arr`,
/// `segment` and `blockers`, and measures or drivers by name. A value is a
/// number (NaN for missing), `null` (missing), a boolean (1 or 0), or text
/// holding a number (`"nan"` is missing, `"inf"` is kept so that scoring
/// rejects it by name). Errors name the field (`nps`,
/// `blockers[1].severity`).
pub fn read_account(tree: &Json) -> Result<Account> {
    json_input::account(tree, &Path::Root)
}

/// Accounts from an array of account objects (see [`read_account`]). The
/// outer error is for a tree that is not such an array; each account has
/// its own result, with paths like `[3].nps`.
pub fn read_accounts(tree: &Json) -> Result<Vec<Result<Account>>> {
    json_input::accounts(tree)
}

/// Account plans from JSON text: an array of plan objects, or JSON Lines
/// (one plan per line). Errors name the field
/// (`[3].steps[1].due: expected YYYY-MM-DD, got '2026-13-01'`).
pub fn plans_from_json(text: &str) -> Result<Vec<crate::plans::Plan>> {
    crate::plan_input::plans_from_json(text)
}

/// Accounts from JSON text (see [`read_accounts`]).
pub fn accounts_from_json(text: &str) -> Result<Vec<Result<Account>>> {
    json_input::accounts_from_json(text)
}

/// One blocker object: `text`, `severity` (`low`, `medium`, `high`,
/// `critical`), optional `tags`, `dimension`, `opened` and `resolved`
/// (`YYYY-MM-DD`). Unknown fields are refused by name.
pub fn read_blocker(tree: &Json) -> Result<Blocker> {
    json_input::blocker(tree, &Path::Root).map_err(input_error)
}

/// An array of blocker objects (see [`read_blocker`]); errors name the
/// field (`[1].severity`).
pub fn read_blockers(tree: &Json) -> Result<Vec<Blocker>> {
    json_input::blockers(tree, &Path::Root).map_err(input_error)
}

/// Blockers from JSON text (see [`read_blockers`]).
pub fn blockers_from_json(text: &str) -> Result<Vec<Blocker>> {
    read_blockers(&parse(text)?)
}

/// An array of portfolio blockers: blocker objects with their `account`
/// and optional `arr`.
pub fn read_portfolio_blockers(tree: &Json) -> Result<Vec<PortfolioBlocker>> {
    tree.list(&Path::Root, json_input::portfolio_blocker)
        .map_err(input_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_is_written_as_serde_json_writes_it() {
        let spec = crate::model::Model::embedded().spec();
        assert_eq!(
            to_json(spec, Naming::Snake),
            serde_json::to_string(spec).unwrap()
        );
        assert_eq!(
            to_json_pretty(spec),
            serde_json::to_string_pretty(spec).unwrap()
        );
    }
}
