//! Runs every `conformance/*.json` vector through the Rust API.
//!
//! Each file has a `model` ("default" or an inline model) and `cases`; each
//! case has an `op` and its inputs, and either `expect` (the output) or
//! `expect_error` (`kind` and `path`). Numbers must match to the bit.
//!
//! To regenerate the expectations on purpose after a deliberate change of
//! semantics: `VV_REGENERATE=1 cargo test -p valuevector --test conformance`,
//! then review the diff and say why in the commit.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use valuevector::io::{self, Naming};
use valuevector::{Account, Bundle, Error, Model};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance")
}

fn load_model(v: &Value) -> Model {
    match v {
        Value::String(s) if s == "default" => Model::embedded().clone(),
        other => Model::from_json(&other.to_string()).expect("the file's model is valid"),
    }
}

/// A value of the vector file through the core's reader, as every binding
/// reads its input.
fn tree(v: &Value) -> io::Json {
    io::parse(&v.to_string()).expect("the vector file is JSON")
}

fn account(v: &Value) -> Result<Account, Error> {
    io::read_account(&tree(v))
}

/// A result through the core's writer, as every binding writes it.
fn written<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&io::to_json(value, Naming::Snake)).unwrap()
}

fn error_json(e: &Error) -> Value {
    json!({"kind": e.kind().as_str(), "path": e.path()})
}

/// Runs one case: Ok(output) or Err(error as {kind, path}).
fn run(model: &Model, case: &Value) -> Result<Value, Value> {
    let op = case["op"].as_str().expect("op");
    let out: Result<Value, Error> = match op {
        "score" => account(&case["account"]).and_then(|a| model.score(&a)).map(|c| written(&c)),
        "classify" => Ok(written(&model.classify(case["text"].as_str().unwrap()))),
        "progress" => (|| {
            let before = account(&case["before"]).map_err(|e| e.within("before"))?;
            let after = account(&case["after"]).map_err(|e| e.within("after"))?;
            let days = case["days"].as_f64().unwrap_or(f64::NAN);
            model.progress(&before, &after, days)
        })()
        .map(|p| written(&p)),
        "series" => (|| {
            let snapshots = case["snapshots"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| Ok((s["day"].as_f64().unwrap(), account(&s["account"])?)))
                .collect::<Result<Vec<_>, Error>>()?;
            model.series(&snapshots)
        })()
        .map(|s| written(&s)),
        "rollup" => {
            let rows = io::read_portfolio_blockers(&tree(&case["blockers"])).unwrap();
            model.rollup(&rows).map(|r| written(&r))
        }
        "classify_blocker" => {
            let b = io::read_blocker(&tree(&case["blocker"])).unwrap();
            model.classify_blocker(&b).map(|c| written(&c))
        }
        "batch" => batch(model, &case["columns"]),
        "plan" => model
            .plan_json(
                &case["plans"].to_string(),
                &case["accounts"].to_string(),
                case["as_of"].as_str().unwrap(),
            )
            .map(|text| serde_json::from_str(&text).unwrap()),
        "worklist" => model
            .worklist_json(&case["request"].to_string())
            .map(|text| serde_json::from_str(&text).unwrap()),
        "themes" => model
            .themes_json(&case["request"].to_string())
            .map(|text| serde_json::from_str(&text).unwrap()),
        "clusters" => model
            .clusters_json(&case["request"].to_string())
            .map(|text| serde_json::from_str(&text).unwrap()),
        "bundle_score" => Bundle::from_json(&case["bundle"].to_string())
            .and_then(|b| b.score_json(&case["accounts"].to_string()))
            .map(|text| serde_json::from_str(&text).unwrap()),
        "bundle_worklist" => Bundle::from_json(&case["bundle"].to_string())
            .and_then(|b| b.worklist_json(&case["request"].to_string()))
            .map(|text| serde_json::from_str(&text).unwrap()),
        "load_bundle" => Bundle::from_json(case["bundle_json"].as_str().unwrap()).map(|b| {
            json!({
                "by": b.by().as_str(),
                "keys": b.keyed().map(|(k, _)| k).collect::<Vec<_>>(),
                "models": b.models().map(Model::name).collect::<Vec<_>>(),
            })
        }),
        "load_model" => Model::from_json(case["model_json"].as_str().unwrap()).map(|m| json!({"drivers": m.drivers().collect::<Vec<_>>(), "equations": m.equations().collect::<Vec<_>>()})),
        other => panic!("unknown op '{other}'"),
    };
    out.map_err(|e| error_json(&e))
}

/// Batch scoring; columns are `name: [number | null | "inf"]`, the output
/// per equation is `{score, band, limiting}` with names for codes.
fn batch(model: &Model, columns: &Value) -> Result<Value, Error> {
    // Columns go in sorted name order (the README says so): serde_json's map is sorted.
    let columns = columns.as_object().unwrap();
    let names: Vec<&str> = columns.keys().map(String::as_str).collect();
    let data: Vec<Vec<f64>> = columns
        .values()
        .map(|c| {
            c.as_array()
                .unwrap()
                .iter()
                .map(|v| match v {
                    Value::Null => f64::NAN,
                    Value::String(s) => s.parse().unwrap(),
                    n => n.as_f64().unwrap(),
                })
                .collect()
        })
        .collect();
    let plan = model.batch_plan(&names)?;
    let inputs: Vec<&[f64]> = data.iter().map(Vec::as_slice).collect();
    let scored = plan.score_all(&inputs)?;
    let band_names: Vec<&str> = model.bands().collect();
    let drivers: Vec<&str> = model.drivers().collect();
    let mut out = serde_json::Map::new();
    for (k, eq) in model.spec().equations.iter().enumerate() {
        let name = |code: i8, names: &[&str]| (code >= 0).then(|| names[code as usize].to_string());
        let inputs: Vec<&str> = eq.inputs.iter().map(|i| i.reference.as_str()).collect();
        out.insert(
            eq.name.clone(),
            json!({
                "score": scored.scores[k].iter().map(|s| (!s.is_nan()).then_some(*s)).collect::<Vec<_>>(),
                "band": scored.bands[k].iter().map(|&b| name(b, &band_names)).collect::<Vec<_>>(),
                "limiting": scored.limiting[k].iter().map(|&l| name(l, &inputs)).collect::<Vec<_>>(),
                "root_driver": scored.root_drivers[k].iter().map(|&r| name(r, &drivers)).collect::<Vec<_>>(),
            }),
        );
    }
    Ok(Value::Object(out))
}

/// Structural equality with numbers compared as f64, to the bit.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn conformance_vectors() {
    let regenerate = std::env::var_os("VV_REGENERATE").is_some();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let (mut total, mut failures, mut changed) = (0, Vec::new(), 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        let model = load_model(&doc["model"]);
        for case in doc["cases"].as_array_mut().unwrap() {
            total += 1;
            let name = format!(
                "{}: {}",
                file.file_name().unwrap().to_string_lossy(),
                case["name"]
            );
            let got = run(&model, case);
            let (key, value) = match &got {
                Ok(v) => ("expect", v.clone()),
                Err(e) => ("expect_error", e.clone()),
            };
            let agrees = case.get(key).is_some_and(|want| same(want, &value))
                && case
                    .get(if key == "expect" {
                        "expect_error"
                    } else {
                        "expect"
                    })
                    .is_none();
            if agrees {
                continue;
            }
            if regenerate {
                let obj = case.as_object_mut().unwrap();
                obj.remove("expect");
                obj.remove("expect_error");
                obj.insert(key.to_string(), value);
                changed += 1;
                println!("regenerated {name}");
            } else {
                failures.push(format!(
                    "{name}\n  want: {}\n  got:  {key}: {value}",
                    case.get("expect")
                        .or(case.get("expect_error"))
                        .unwrap_or(&Value::Null)
                ));
            }
        }
        if regenerate {
            std::fs::write(file, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        }
    }
    println!(
        "{total} conformance cases in {} files, {changed} regenerated",
        files.len()
    );
    assert!(total >= 30, "only {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
