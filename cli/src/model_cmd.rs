//! `valuevector model show|check`.

use std::path::{Path, PathBuf};

use valuevector::{Bundle, Model};

use crate::{Failure, ModelArg};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Print a model (or a bundle, each model inline) as JSON: the
    /// embedded default model unless --model.
    Show(ModelArg),
    /// Validate a model or bundle file and summarise it.
    Check {
        /// The model file (JSON, or TOML by its .toml extension), or a
        /// bundle (JSON with a `by` key).
        file: PathBuf,
    },
}

pub fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Show(arg) => {
            let bundle = load(&arg)?;
            match bundle.is_single() {
                true => println!("{}", bundle.otherwise().to_json()),
                false => println!("{}", bundle.to_json()),
            }
            Ok(())
        }
        Command::Check { file } => {
            let bundle = read_bundle(&file)?;
            if !bundle.is_single() {
                let keyed: Vec<String> = bundle
                    .keyed()
                    .map(|(k, m)| format!("{k} → '{}'", m.name()))
                    .collect();
                println!(
                    "ok: bundle by {}: {}; otherwise '{}'",
                    bundle.by().as_str(),
                    keyed.join(", "),
                    bundle.otherwise().name()
                );
                return Ok(());
            }
            let model = bundle.otherwise();
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

/// The model or bundle chosen by `--model`, or the embedded default.
pub fn load(arg: &ModelArg) -> Result<Bundle, Failure> {
    match &arg.model {
        Some(path) => read_bundle(path),
        None => Ok(Bundle::single(Model::embedded().clone())),
    }
}

/// A model file, or a bundle (a JSON object with a `by` key) whose file
/// paths are read relative to the bundle's own directory.
fn read_bundle(path: &Path) -> Result<Bundle, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Fatal(format!("cannot read model {}: {e}", path.display())))?;
    if !Bundle::is_bundle(&text) {
        return read(path).map(Bundle::single);
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    Bundle::from_json_with(&text, &mut |file| {
        read(&dir.join(file)).map_err(|f| match f {
            Failure::Fatal(message) => valuevector::Error::model("", message),
            _ => valuevector::Error::model("", format!("cannot read {file}")),
        })
    })
    .map_err(|e| Failure::Fatal(format!("invalid bundle {}: {e}", path.display())))
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

/// The drivers and measures of every model of `bundle`: the input
/// columns an accounts file may have.
pub fn known_columns(bundle: &Bundle) -> Vec<&str> {
    let mut known: Vec<&str> = Vec::new();
    for model in bundle.models() {
        for name in model.drivers().chain(model.measures()) {
            if !known.contains(&name) {
                known.push(name);
            }
        }
    }
    known
}

/// How an error names the model or bundle: `model 'default'`.
pub fn described(bundle: &Bundle) -> String {
    match bundle.is_single() {
        true => format!("model '{}'", bundle.otherwise().name()),
        false => format!("any model of the bundle by {}", bundle.by().as_str()),
    }
}
