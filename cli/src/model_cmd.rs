//! `valuevector model show|check`.

use std::path::{Path, PathBuf};

use valuevector::Model;

use crate::{Failure, ModelArg};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Print a model as JSON (the embedded default model unless --model).
    Show(ModelArg),
    /// Validate a model file and summarise it.
    Check {
        /// The model file (JSON, or TOML by its .toml extension).
        file: PathBuf,
    },
}

pub fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Show(arg) => {
            let model = load(&arg)?;
            println!("{}", model.to_json());
            Ok(())
        }
        Command::Check { file } => {
            let model = read(&file)?;
            println!(
                "ok: model '{}' with {} drivers, {} measures, {} equations, {} blocker dimensions",
                model.name(),
                model.drivers().len(),
                model.measures().len(),
                model.equations().len(),
                model.dimensions().len()
            );
            Ok(())
        }
    }
}

/// The model chosen by `--model`, or the embedded default.
pub fn load(arg: &ModelArg) -> Result<Model, Failure> {
    match &arg.model {
        Some(path) => read(path),
        None => Ok(Model::embedded().clone()),
    }
}

/// Reads and validates a model file before anything is scored.
fn read(path: &Path) -> Result<Model, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Fatal(format!("cannot read model {}: {e}", path.display())))?;
    let toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let model = if toml {
        Model::from_toml(&text)
    } else {
        Model::from_json(&text)
    };
    model.map_err(|e| Failure::Fatal(format!("invalid model {}: {e}", path.display())))
}
