//! The `valuevector` command against the sample files, bad rows and bad models.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The command with `args`, from the repository's root, its output piped.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_valuevector"));
    command
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = command(args).spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A file in a fresh temporary folder for this test.
fn temp_file(test: &str, name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vv-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn scores_the_sample_portfolio_as_json() {
    let out = run(
        &["score", "examples/portfolio.csv", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let accounts: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let csv = std::fs::read_to_string(root().join("examples/portfolio.csv")).unwrap();
    assert_eq!(accounts.len(), csv.lines().count() - 1);
    assert!(accounts.len() >= 200);
    for a in &accounts {
        assert!(a["id"].is_string());
        assert_eq!(a["drivers"].as_object().unwrap().len(), 10);
        for eq in [
            "adoption",
            "renewal",
            "expansion",
            "value",
            "transformation",
            "roi",
            "advocacy",
        ] {
            let o = &a[eq];
            for key in ["score", "band", "coverage", "limiting", "root_driver"] {
                assert!(o.get(key).is_some(), "{eq}.{key} in {a}");
            }
            if let Some(s) = o["score"].as_f64() {
                assert!((0.0..=1.0).contains(&s));
                assert!(["red", "yellow", "green"].contains(&o["band"].as_str().unwrap()));
            }
        }
    }
}

#[test]
fn reads_json_accounts_from_stdin() {
    let input = r#"[
        {"id": "acme", "arr": 120000, "product": 0.8, "weekly_active_ratio": 0.4},
        {"id": "even", "product": 0.5, "outcomes": 0.5, "enablement": 0.5, "guidance": 0.5, "relationship": 0.5, "need": 0.5}
    ]"#;
    let out = run(&["score", "-", "--format", "json"], Some(input));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["id"], "acme");
    assert_eq!(v[0]["arr"], 120000.0);
    // Given directly, the driver wins over its measure.
    assert_eq!(v[0]["drivers"]["product"], 0.8);
    assert!(
        v[0]["renewal"]["score"].is_null(),
        "too little data: {}",
        v[0]["renewal"]
    );
    // Every driver at 0.5: every geometric mean is exactly 0.5.
    for eq in ["adoption", "renewal", "expansion"] {
        assert_eq!(v[1][eq]["score"], 0.5);
        assert_eq!(v[1][eq]["band"], "yellow");
    }
}

#[test]
fn bad_rows_are_reported_by_line_and_field_and_the_rest_scored() {
    let csv = "id,nps,product\nok1,10,0.5\nbad,ten,0.5\nok2,20,0.7\nworse,30,1.5\n";
    let path = temp_file("badrows", "p.csv", csv);
    let out = run(&["score", path.to_str().unwrap(), "--format", "csv"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("line 3: nps: expected a number, got 'ten'"),
        "{err}"
    );
    assert!(
        err.contains("line 5: product: a driver must lie in [0, 1], got 1.5"),
        "{err}"
    );
    let stdout = text(&out.stdout);
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, ["ok1", "ok2"]);

    let out = run(
        &[
            "score",
            path.to_str().unwrap(),
            "--format",
            "csv",
            "--strict",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "header and ok1 only: {stdout}");
    assert!(!text(&out.stderr).contains("line 5"));
}

#[test]
fn bad_json_accounts_are_reported_by_position_and_id() {
    let input = r#"[{"id": "a", "nps": 10}, {"id": "b", "nps": "ten"}, {"id": "c", "m_x": 1}]"#;
    let out = run(&["score", "-", "--format", "json"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("account 1: nps: expected a number, got \"ten\""),
        "{err}"
    );
    assert!(err.contains("account 2 (id c): m_x: unknown name"), "{err}");
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.len(), 1);
    let out = run(&["score", "-", "--format", "json"], Some("{\"id\": 1}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected a JSON array"));
}

#[test]
fn unknown_columns_stop_before_scoring() {
    let path = temp_file("unknown", "p.csv", "id,trust\na,0.5\n");
    let out = run(&["score", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown column 'trust'"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let path = temp_file("twice", "p.csv", "id,nps,nps\na,1,2\n");
    let out = run(&["score", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("column 'nps' appears twice"));
    let path = temp_file("noid", "p.csv", "nps\n10\n");
    let out = run(&["score", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no 'id' column"));
}

#[test]
fn a_bad_model_is_rejected_before_any_scoring() {
    let mut spec: Value = serde_json::from_str(valuevector::spec::DEFAULT_MODEL_JSON).unwrap();
    spec["equations"][1]["inputs"][1]["ref"] = "trust".into();
    let model = temp_file("badmodel", "m.json", &spec.to_string());
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("equations.renewal.inputs[1].ref: unknown input 'trust'"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = run(&["model", "check", model.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("equations.renewal.inputs[1].ref"));
}

#[test]
fn model_show_prints_a_model_that_checks() {
    let out = run(&["model", "show"], None);
    assert!(out.status.success());
    let shown = temp_file("show", "default.json", &text(&out.stdout));
    let out = run(&["model", "check", shown.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("ok: model 'default' with 10 drivers"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn toml_models_load_too() {
    let toml = r#"
name = "two drivers"
[[drivers]]
name = "product"
[[drivers]]
name = "relationship"
[[equations]]
name = "renewal"
p = "-inf"
inputs = [{ ref = "product" }, { ref = "relationship" }]
"#;
    let model = temp_file("toml", "m.toml", toml);
    let out = run(&["model", "check", model.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(
        &[
            "score",
            "-",
            "--format",
            "json",
            "--model",
            model.to_str().unwrap(),
        ],
        Some(r#"[{"id": "x", "product": 0.3, "relationship": 0.9}]"#),
    );
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["renewal"]["score"], 0.3, "the minimum");
}

#[test]
fn explain_adds_the_reasons() {
    let input = r#"[{"id": "acme", "product": 0.9, "outcomes": 0.8, "enablement": 0.3, "guidance": 0.7, "relationship": 0.8, "need": 0.5}]"#;
    let out = run(
        &["score", "-", "--format", "json", "--explain"],
        Some(input),
    );
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    // The explanation is text, as every binding returns it.
    let lines: Vec<&str> = v[0]["explanation"].as_str().unwrap().lines().collect();
    assert!(
        lines.iter().any(
            |l| l.starts_with("renewal: 0.62 (yellow), capped by adoption; work on enablement")
        ),
        "{lines:?}"
    );
    let out = run(
        &["score", "-", "--format", "table", "--explain"],
        Some(input),
    );
    let t = text(&out.stdout);
    assert!(t.lines().next().unwrap().contains("work on"), "{t}");
    assert!(t.contains("enablement 0.30 (lift +"), "{t}");
    let out = run(&["score", "-", "--format", "csv", "--explain"], Some(input));
    assert!(text(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .contains("renewal_lift_relationship"));
}

#[test]
fn blockers_files_weigh_on_the_accounts_they_name() {
    let input = r#"[{"id": "acme", "product": 0.9, "outcomes": 0.8, "enablement": 0.6, "guidance": 0.7, "relationship": 0.8, "need": 0.5}]"#;
    let blockers = temp_file("blk", "b.csv", "account,text,severity\nacme,Our executive sponsor left,critical\nother,Data migration duplicates,high\n");
    let plain = run(&["score", "-", "--format", "json"], Some(input));
    let with = run(
        &[
            "score",
            "-",
            "--format",
            "json",
            "--blockers",
            blockers.to_str().unwrap(),
        ],
        Some(input),
    );
    assert!(with.status.success(), "{}", text(&with.stderr));
    let (a, b): (Vec<Value>, Vec<Value>) = (
        serde_json::from_slice(&plain.stdout).unwrap(),
        serde_json::from_slice(&with.stdout).unwrap(),
    );
    // A critical People blocker takes 0.2 off relationship and need.
    assert_eq!(b[0]["drivers"]["relationship"].as_f64().unwrap(), 0.8 - 0.2);
    assert!(b[0]["renewal"]["score"].as_f64() < a[0]["renewal"]["score"].as_f64());
    assert_eq!(b[0]["blockers"][0]["dimension"], "People");
}

#[test]
fn classifies_arguments_and_stdin() {
    let out = run(
        &[
            "classify",
            "--format",
            "json",
            "Our executive sponsor left after the reorg",
            "Lunch was late",
        ],
        None,
    );
    assert!(out.status.success());
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["dimension"], "People");
    assert_eq!(v[0]["text"], "Our executive sponsor left after the reorg");
    assert!(v[0]["matched"]
        .as_array()
        .unwrap()
        .contains(&Value::from("sponsor")));
    assert!(v[0]["confidence"].as_f64().unwrap() > 0.5);
    assert_eq!(v[1]["dimension"], "unclassified");
    let out = run(
        &["classify", "--format", "csv"],
        Some("The mobile app crashes\n\nData migration left duplicates\n"),
    );
    let t = text(&out.stdout);
    let dims: Vec<&str> = t
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    assert_eq!(dims, ["Product", "Quality"]);
}

#[test]
fn rolls_up_the_sample_blockers() {
    let out = run(
        &["rollup", "examples/blockers.csv", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let dims: Vec<&str> = v.iter().map(|d| d["dimension"].as_str().unwrap()).collect();
    assert_eq!(
        dims,
        ["People", "Product", "Services", "Quality", "unclassified"]
    );
    let csv = std::fs::read_to_string(root().join("examples/blockers.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let open = rows.iter().filter(|l| l.ends_with(',')).count() as u64;
    let total_open: u64 = v.iter().map(|d| d["open"].as_u64().unwrap()).sum();
    let total_resolved: u64 = v.iter().map(|d| d["resolved"].as_u64().unwrap()).sum();
    assert_eq!(total_open, open);
    assert_eq!(total_open + total_resolved, rows.len() as u64);
}

#[test]
fn rollup_reports_bad_blocker_rows() {
    let path = temp_file(
        "rollbad",
        "b.csv",
        "account,arr,text,severity\na,100,sponsor left,high\nb,50,bug,urgent\nc,x,bug,low\n",
    );
    let out = run(
        &["rollup", path.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("line 3: severity: 'urgent' is not one of"),
        "{err}"
    );
    assert!(
        err.contains("line 4: arr: expected a number, got 'x'"),
        "{err}"
    );
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["open"], 1);
}

#[test]
fn the_default_format_off_a_terminal_is_csv() {
    let out = run(&["score", "examples/portfolio.csv"], None);
    let header = text(&out.stdout).lines().next().unwrap().to_string();
    assert!(
        header.starts_with("id,segment,arr,product,outcomes"),
        "{header}"
    );
    assert!(header
        .contains("renewal,renewal_band,renewal_coverage,renewal_limiting,renewal_root_driver"));
}

#[test]
fn unreadable_inputs_and_bad_blocker_files_are_named() {
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            "no/such/model.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read model no/such/model.json"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["score", "no/such/accounts.csv"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read no/such/accounts.csv"));

    let missing = temp_file("blkcols", "b.csv", "account,text\na,sponsor left\n");
    let out = run(&["rollup", missing.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs 'account', 'text' and 'severity' columns"));
    let extra = temp_file(
        "blkextra",
        "b.csv",
        "account,text,severity,owner\na,sponsor left,high,me\n",
    );
    let out = run(&["rollup", extra.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown column 'owner'"));

    // A bad row in --blockers is reported by file and line; the accounts are still scored.
    let blockers = temp_file(
        "blkbad",
        "b.csv",
        "account,text,severity\nacme,sponsor left,urgent\n",
    );
    let out = run(
        &[
            "score",
            "-",
            "--format",
            "json",
            "--blockers",
            blockers.to_str().unwrap(),
        ],
        Some(r#"[{"id": "acme", "product": 0.5}]"#),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("b.csv line 2: severity: 'urgent' is not one of"),
        "{}",
        text(&out.stderr)
    );
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.len(), 1);
}

#[test]
fn the_columnar_way_writes_what_row_by_row_scoring_writes() {
    // Plain CSV to CSV goes through the batch API; an empty blockers file
    // sends the same portfolio row by row. Both must write the same bytes.
    let fast = run(
        &["score", "examples/portfolio.csv", "--format", "csv"],
        None,
    );
    assert!(fast.status.success(), "{}", text(&fast.stderr));
    let none = temp_file("columnar", "blockers.csv", "account,text,severity\n");
    let slow = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--format",
            "csv",
            "--blockers",
            none.to_str().unwrap(),
        ],
        None,
    );
    assert!(slow.status.success(), "{}", text(&slow.stderr));
    assert_eq!(text(&fast.stdout), text(&slow.stdout));
    assert!(text(&fast.stdout).lines().count() > 200);

    // A bad row anywhere: the row-by-row path reports it and scores the rest.
    let mut csv = std::fs::read_to_string(root().join("examples/portfolio.csv")).unwrap();
    csv.push_str("ZZ1,smb,100,0.5,lots\n");
    let bad = temp_file("columnar", "portfolio.csv", &csv);
    let out = run(&["score", bad.to_str().unwrap(), "--format", "csv"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("line"), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).lines().count(),
        text(&fast.stdout).lines().count(),
        "every good row is still written"
    );
}

#[test]
fn the_columnar_way_cuts_large_portfolios_into_pieces_and_keeps_their_order() {
    // More rows than one piece holds (65,536 lines): the pieces are read on
    // every core and must come out in order, as row by row.
    let sample = std::fs::read_to_string(root().join("examples/portfolio.csv")).unwrap();
    let (header, body) = sample.split_once('\n').unwrap();
    let mut csv = format!("{header}\n");
    for copy in 0..300 {
        for line in body.lines() {
            let (id, rest) = line.split_once(',').unwrap();
            csv.push_str(&format!("{id}-{copy},{rest}\n"));
        }
    }
    let big = temp_file("pieces", "portfolio.csv", &csv);
    let none = temp_file("pieces", "blockers.csv", "account,text,severity\n");
    let fast = run(&["score", big.to_str().unwrap(), "--format", "csv"], None);
    assert!(fast.status.success(), "{}", text(&fast.stderr));
    let slow = run(
        &[
            "score",
            big.to_str().unwrap(),
            "--format",
            "csv",
            "--blockers",
            none.to_str().unwrap(),
        ],
        None,
    );
    assert!(slow.status.success(), "{}", text(&slow.stderr));
    assert_eq!(fast.stdout.len(), slow.stdout.len());
    assert!(fast.stdout == slow.stdout, "the two ways differ");
    assert_eq!(
        text(&fast.stdout).lines().count(),
        300 * body.lines().count() + 1
    );
}

#[test]
fn backtest_and_calibrate_the_sample_history() {
    let out = run(
        &[
            "backtest",
            "examples/history.csv",
            "--outcome",
            "renewed",
            "--equation",
            "renewal",
            "--ignore",
            "as_of",
            "--ignore",
            "expanded",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let b: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(b["accounts"], 3000);
    let auc = b["auc"].as_f64().unwrap();
    assert!(auc > 0.7 && auc <= 1.0, "{b}");
    assert_eq!(b["deciles"].as_array().unwrap().len(), 10);
    assert!(b["lowest_band"]["recall"].as_f64().is_some());

    let model = temp_file("calibrate", "model.json", "");
    std::fs::remove_file(&model).unwrap();
    let calibrate = |extra: &[&str]| {
        let mut args = vec![
            "calibrate",
            "examples/history.csv",
            "--outcome",
            "renewed",
            "--equation",
            "renewal",
            "--date",
            "as_of",
            "--ignore",
            "expanded",
            "--format",
            "json",
            "-o",
            model.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run(&args, None)
    };
    // A shallow fit does worse on the held-out latest 30% than the default
    // model: it is reported, refused and not written.
    let out = calibrate(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("holdout: the calibrated renewal is worse"));
    assert!(!model.exists());
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["worse"], true);
    assert_eq!(summary["written"], false);
    let (before, after) = (&summary["before"], &summary["after"]);
    assert!(
        after["auc"].as_f64() < before["auc"].as_f64()
            || after["log_loss"].as_f64() > before["log_loss"].as_f64()
    );
    assert_eq!(summary["fit"]["changed"], serde_json::json!(["renewal"]));
    assert_eq!(
        summary["fitted_on"].as_u64().unwrap() + summary["held_out"].as_u64().unwrap(),
        3000
    );
    let w = &summary["fit"]["equations"]["renewal"];
    let (a, r) = (
        w["adoption"]["after"].as_f64().unwrap(),
        w["relationship"]["after"].as_f64().unwrap(),
    );
    assert!(
        a > 0.0 && r > 0.0 && (a + r - 1.0).abs() < 1e-12,
        "{summary}"
    );
    // --force writes it all the same.
    let out = calibrate(&["--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(model.exists());
    // A deep fit with the exponent chosen does better, and is written
    // with the exponent of the best held-out likelihood.
    std::fs::remove_file(&model).unwrap();
    let out = calibrate(&["--deep", "--p", "auto"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["worse"], false);
    let trials = summary["exponents"].as_array().unwrap();
    assert_eq!(trials.len(), 6);
    let best = trials
        .iter()
        .min_by(|x, y| {
            x["log_loss"]
                .as_f64()
                .unwrap()
                .total_cmp(&y["log_loss"].as_f64().unwrap())
        })
        .unwrap();
    assert_eq!(summary["p"], best["p"]);
    assert_eq!(summary["after"]["log_loss"], best["log_loss"]);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(written["equations"][1]["p"], best["p"]);
    // The written model loads and scores with a renewal probability.
    let scored = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            model.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert!(scored.status.success(), "{}", text(&scored.stderr));
    let accounts: Vec<Value> = serde_json::from_slice(&scored.stdout).unwrap();
    assert!(accounts
        .iter()
        .any(|a| a["renewal"]["probability"].as_f64().is_some()));
    // CSV gets a renewal_probability column after renewal's score, the same
    // from the batch path and from the row path (--explain), and the same
    // as the JSON's.
    let model_path = model.to_str().unwrap();
    let csv_fast = run(
        &["score", "examples/portfolio.csv", "--model", model_path],
        None,
    );
    let csv_rows = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            model_path,
            "--explain",
        ],
        None,
    );
    for out in [&csv_fast, &csv_rows] {
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let column = |out: &std::process::Output, name: &str| -> Vec<String> {
        let body = text(&out.stdout);
        let mut lines = body.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"));
        lines
            .map(|l| l.split(',').nth(i).unwrap().to_string())
            .collect()
    };
    let fast = column(&csv_fast, "renewal_probability");
    assert_eq!(fast, column(&csv_rows, "renewal_probability"));
    assert!(!text(&csv_fast.stdout).contains("adoption_probability"));
    for (cell, account) in fast.iter().zip(&accounts) {
        match account["renewal"]["probability"].as_f64() {
            Some(p) => assert_eq!(cell.parse::<f64>().unwrap(), p),
            None => assert_eq!(cell, ""),
        }
    }
}

#[test]
fn a_deep_calibration_reports_every_equation_it_changed() {
    let model = temp_file("calibrate-deep", "model.json", "");
    let out = run(
        &[
            "calibrate",
            "examples/history.csv",
            "--outcome",
            "renewed",
            "--equation",
            "renewal",
            "--deep",
            "--date",
            "as_of",
            "--ignore",
            "expanded",
            "--format",
            "json",
            "-o",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Judged on the held-out latest 30%: better than the default model.
    assert_eq!(report["worse"], false, "{report}");
    let summary = &report["fit"];
    assert_eq!(summary["deep"], true);
    assert_eq!(
        summary["changed"],
        serde_json::json!(["renewal", "adoption"])
    );
    assert_eq!(
        summary["affected"],
        serde_json::json!(["expansion", "value", "transformation", "roi", "advocacy"])
    );
    // The fit is over the five drivers beneath renewal.
    let fitted: Vec<&String> = summary["weights"].as_object().unwrap().keys().collect();
    assert_eq!(fitted.len(), 5, "{summary}");
    // The history was drawn with product and enablement weighing more in
    // adoption than outcomes and guidance.
    let a = &summary["equations"]["adoption"];
    let after = |d: &str| a[d]["after"].as_f64().unwrap();
    assert!(after("product") > after("outcomes"), "{summary}");
    assert!(after("enablement") > after("guidance"), "{summary}");
    // The written model has both equations' new weights.
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    let adoption = written["equations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "adoption")
        .unwrap();
    let product = adoption["inputs"][0]["weight"].as_f64().unwrap();
    assert!((product - after("product")).abs() < 1e-12, "{adoption}");
    // A deep table names what else moves.
    let table = run(
        &[
            "calibrate",
            "examples/history.csv",
            "--outcome",
            "renewed",
            "--equation",
            "renewal",
            "--deep",
            "--ignore",
            "as_of",
            "--ignore",
            "expanded",
            "-o",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert!(table.status.success(), "{}", text(&table.stderr));
    assert!(
        text(&table.stdout).contains("scores also change for: expansion"),
        "{}",
        text(&table.stdout)
    );
}

#[test]
fn backtest_names_what_is_wrong_with_the_history() {
    let csv = "id,product,outcomes,enablement,guidance,renewed\n\
               a,0.5,0.5,0.5,0.5,1\nb,0.7,0.7,0.7,0.7,maybe\nc,0.9,0.8,0.9,0.8,0\nd,0.2,0.3,0.2,0.3,1\n";
    let path = temp_file("history", "h.csv", csv);
    let p = path.to_str().unwrap();
    // A bad outcome cell: reported with its line, the rest backtested, exit 1.
    let out = run(
        &[
            "backtest",
            p,
            "--outcome",
            "renewed",
            "--equation",
            "adoption",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("line 3: renewed"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("AUC"));
    // No such column, an unknown column, one outcome only: exit 2 with why.
    let out = run(&["backtest", p, "--outcome", "churned"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no 'churned' column"),
        "{}",
        text(&out.stderr)
    );
    let odd = temp_file(
        "history",
        "odd.csv",
        "id,product,notes,renewed\na,0.5,x,1\n",
    );
    let out = run(
        &["backtest", odd.to_str().unwrap(), "--outcome", "renewed"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--ignore"),
        "{}",
        text(&out.stderr)
    );
    let same = temp_file(
        "history",
        "same.csv",
        "id,product,outcomes,enablement,guidance,renewed\na,0.5,0.5,0.5,0.5,1\nb,0.7,0.6,0.7,0.6,1\n",
    );
    let out = run(
        &[
            "backtest",
            same.to_str().unwrap(),
            "--outcome",
            "renewed",
            "--equation",
            "adoption",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("same outcome"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn lines_ended_by_cr_alone_are_read_on_every_path() {
    let csv = "id,nps,product\r\"a\",31,0.8\rb,12,0.4\r";
    let path = temp_file("cr", "accounts.csv", csv);
    let out = run(&["score", path.to_str().unwrap(), "--format", "csv"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&out.stdout[..])
        .records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.iter().map(|r| &r[0]).collect::<Vec<_>>(), ["a", "b"]);
    let out = run(&["score", path.to_str().unwrap(), "--format", "json"], None);
    let json: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.len(), 2);
    // The same bytes as the same file with LF.
    let lf = temp_file("cr", "lf.csv", &csv.replace('\r', "\n"));
    let same = run(&["score", lf.to_str().unwrap(), "--format", "csv"], None);
    assert_eq!(text(&same.stdout), {
        let out = run(&["score", path.to_str().unwrap(), "--format", "csv"], None);
        text(&out.stdout)
    });
}

#[test]
fn bad_rows_after_a_quoted_multiline_cell_are_numbered_as_the_csv_reader_does() {
    // Lines 2 and 3 hold one record; line 4 is short, line 5 has a bad cell.
    let csv = "id,segment,nps\n\"a\nb\",x,1\nc,y\nd,z,ten\n";
    let path = temp_file("multiline", "accounts.csv", csv);
    let expected_short = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .find_map(|r| r.err())
        .and_then(|e| e.position().map(|p| p.line()))
        .unwrap();
    assert_eq!(expected_short, 4);
    for format in ["csv", "json"] {
        let out = run(&["score", path.to_str().unwrap(), "--format", format], None);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("line 4: malformed CSV: the record has 2 fields, the header 3"),
            "{err}"
        );
        assert!(
            err.contains("line 5: nps: expected a number, got 'ten'"),
            "{err}"
        );
        assert!(
            err.contains("2 of 3 rows were bad and left out; 1 scored"),
            "{err}"
        );
    }
    // With CR alone, the lines are counted the same way.
    let path = temp_file("multiline", "cr.csv", &csv.replace('\n', "\r"));
    let out = run(&["score", path.to_str().unwrap(), "--format", "json"], None);
    let err = text(&out.stderr);
    assert!(err.contains("line 4: malformed CSV"), "{err}");
    assert!(err.contains("line 5: nps"), "{err}");
}

#[test]
fn unprintable_characters_in_a_cell_are_shown_escaped() {
    let path = temp_file("nul", "accounts.csv", "id,nps\nb,\"x\0y\u{1b}[2J\"\n");
    let out = run(&["score", path.to_str().unwrap(), "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(!err.contains('\0') && !err.contains('\u{1b}'), "{err:?}");
    assert!(
        err.contains(r"line 2: nps: expected a number, got 'x\0y\u{1b}[2J'"),
        "{err}"
    );
}

#[test]
fn repeated_ids_are_warned_of_and_refused_under_strict() {
    let path = temp_file("dup", "accounts.csv", "id,nps\na,3\nb,4\na,5\nb,1\nc,2\n");
    for format in ["csv", "json"] {
        let out = run(&["score", path.to_str().unwrap(), "--format", format], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("warning: 2 ids are on more than one row, each row scored (--strict refuses them): 'a' (2 rows), 'b' (2 rows)"),
            "{format}: {err}"
        );
        let out = run(
            &[
                "score",
                path.to_str().unwrap(),
                "--format",
                format,
                "--strict",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        let err = text(&out.stderr);
        assert!(
            err.contains("line 4: id: the id 'a' is already on line 2"),
            "{format}: {err}"
        );
    }
    let json = r#"[{"id": "x", "nps": 1}, {"id": "x", "nps": 2}]"#;
    let out = run(&["score", "-", "--format", "json"], Some(json));
    assert!(text(&out.stderr).contains("'x' (2 rows)"));
}

#[test]
fn a_byte_order_mark_is_not_data() {
    let json = "\u{feff}[{\"id\": \"acme\", \"nps\": 31}]";
    let path = temp_file("bom", "accounts.json", json);
    let out = run(&["score", path.to_str().unwrap(), "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["id"], "acme");
    // Read from stdin and told apart from CSV by content, too.
    let out = run(&["score", "-", "--format", "json"], Some(json));
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    // More output than a pipe holds, and nobody reading it (`| head -0`).
    let mut child = Command::new(env!("CARGO_BIN_EXE_valuevector"))
        .args([
            "score",
            "examples/portfolio.csv",
            "--format",
            "json",
            "--explain",
        ])
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn progress_matches_accounts_by_id_and_gives_each_outcome_its_direction() {
    let before = temp_file(
        "progress",
        "before.csv",
        "id,product,outcomes,enablement,guidance,relationship,need\n\
         a,0.8,0.7,0.3,0.7,0.5,0.6\n\
         b,0.5,0.5,0.5,0.5,0.5,0.5\n\
         gone,0.5,0.5,0.5,0.5,0.5,0.5\n",
    );
    let after = temp_file(
        "progress",
        "after.csv",
        "id,product,outcomes,enablement,guidance,relationship,need\n\
         b,0.8,0.8,0.8,0.8,0.8,0.8\n\
         a,0.8,0.7,0.6,0.7,0.2,0.6\n",
    );
    let out = run(
        &[
            "progress",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
            "--days",
            "30",
            "--format",
            "json",
        ],
        None,
    );
    // 'gone' is only in the earlier file: reported, the rest printed.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("gone: not in"),
        "{}",
        text(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    // Enablement up, relationship down: sideways, and renewal fell a band.
    let a = by_id("a");
    assert_eq!(a["direction"], "sideways");
    let renewal = a["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["equation"] == "renewal")
        .unwrap();
    assert_eq!(
        (
            renewal["band_before"].as_str(),
            renewal["band_after"].as_str()
        ),
        (Some("yellow"), Some("red"))
    );
    assert_eq!(renewal["direction"], "devolving");
    assert_eq!(by_id("b")["direction"], "evolving");
    // CSV: one row per account, each equation's direction in a column.
    let csv = run(
        &[
            "progress",
            before.to_str().unwrap(),
            after.to_str().unwrap(),
            "--days",
            "30",
            "--format",
            "csv",
        ],
        None,
    );
    let text_out = text(&csv.stdout);
    let header = text_out.lines().next().unwrap();
    assert!(
        header.starts_with("id,direction,progress,velocity,eta_days,adoption_before"),
        "{header}"
    );
    assert!(
        text_out.lines().any(
            |l| l.starts_with("a,sideways,") && l.ends_with(",devolving,0.6")
                || l.starts_with("a,sideways,")
        ),
        "{text_out}"
    );
}

#[test]
fn series_reads_a_history_and_names_plateaus_and_inflections() {
    // Account s stands still for three months, then jumps; t slides.
    let mut csv = String::from("id,as_of,product,outcomes,enablement,guidance,relationship,need\n");
    let months = [
        "2026-01-01",
        "2026-02-01",
        "2026-03-01",
        "2026-04-01",
        "2026-05-01",
    ];
    for (m, e) in months.iter().zip([0.2, 0.2, 0.205, 0.21, 0.6]) {
        csv.push_str(&format!("s,{m},0.8,0.7,{e},0.7,0.8,0.6\n"));
    }
    for (m, r) in months.iter().zip([0.9, 0.7, 0.5, 0.3, 0.1]).rev() {
        csv.push_str(&format!("t,{m},0.8,0.7,0.6,0.7,{r},0.6\n"));
    }
    let history = temp_file("series", "history.csv", &csv);
    let out = run(
        &["series", history.to_str().unwrap(), "--format", "csv"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines[0], "id,event,from,to,direction,advice");
    assert!(lines.contains(&"s,plateau,2026-01-01,2026-04-01,standstill,at risk: expose features that fit their outcomes".to_string()), "{lines:?}");
    assert!(lines.contains(&"s,left_plateau,2026-04-01,2026-05-01,evolving,celebrate and educate: show the next possibilities".to_string()), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("t,plateau")),
        "{lines:?}"
    );
    let json = run(
        &["series", history.to_str().unwrap(), "--format", "json"],
        None,
    );
    let rows: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    // The rows of t came in reverse order; the steps are by date.
    let t = rows.iter().find(|r| r["id"] == "t").unwrap();
    assert_eq!(t["steps"].as_array().unwrap().len(), 4);
    assert!(t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["direction"] == "devolving"));
    // A bad date is named with its line.
    let bad = temp_file(
        "series",
        "bad.csv",
        "id,as_of,product\nx,2026-13-01,0.5\nx,2026-01-01,0.5\n",
    );
    let out = run(&["series", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("line 2: as_of: '2026-13-01' is not a YYYY-MM-DD date"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn series_on_the_sample_snapshots_finds_the_eye_opening_months() {
    let out = run(
        &["series", "examples/snapshots.csv", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 40);
    // Every fifth account from S002 was drawn stuck, then jumping in November.
    let s002 = rows.iter().find(|r| r["id"] == "S002").unwrap();
    let kinds: Vec<&str> = s002["inflections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["left_plateau"]);
    // And every fifth from S005 moved sideways month after month.
    let s005 = rows.iter().find(|r| r["id"] == "S005").unwrap();
    assert!(
        s005["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["direction"] == "sideways"),
        "{s005}"
    );
}

#[test]
fn plan_check_reads_plans_and_names_what_is_wrong() {
    let plans = temp_file(
        "plans",
        "plans.json",
        r#"[{"account": "A0002", "inception": "2026-01-15", "last_review": "2026-06-01",
             "success": [{"text": "Reps productive", "driver": "enablement", "target": 0.9}],
             "steps": [{"text": "Admin training for the new team", "due": "2026-12-15"},
                       {"text": "Fix the SSO integration", "due": "2026-11-01", "status": "done", "done": "2026-11-03", "dimension": "Product"},
                       {"text": "Clean up duplicate contacts", "due": "2026-10-15"}]},
            {"account": "A0003", "inception": "2025-10-01"}]"#,
    );
    let out = run(
        &[
            "plan",
            "check",
            plans.to_str().unwrap(),
            "--as-of",
            "2026-12-05",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("2 plans, 3 steps, as of 2026-12-05"),
        "{report}"
    );
    // A0002 was reviewed 2026-06-01 (due again 2026-09-01); A0003 never,
    // since 2025-10-01, and its twelve months are over.
    assert!(report.contains("reviews overdue: 2"), "{report}");
    assert!(
        report.contains("plans to recycle (older than their cycle): 1"),
        "{report}"
    );
    assert!(report.contains("open steps past due: 1"), "{report}");
    assert!(report.contains("Product 1"), "{report}");
    // A goal on a driver the model lacks is named with its path.
    let bad = temp_file(
        "plans",
        "bad.json",
        r#"{"account": "A1", "inception": "2026-01-01", "success": [{"text": "x", "driver": "happiness", "target": 0.5}]}"#,
    );
    let out = run(&["plan", "check", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("[0].success[0].driver: 'happiness' is not a driver of model"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn plan_reports_each_account_against_its_plan_and_sums_up() {
    let out = run(
        &[
            "plan",
            "examples/plans.json",
            "--accounts",
            "examples/portfolio.csv",
            "--blockers",
            "examples/blockers.csv",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let accounts = doc["accounts"].as_array().unwrap();
    let plans: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("examples/plans.json")).unwrap())
            .unwrap();
    assert_eq!(accounts.len(), plans.as_array().unwrap().len());
    let s = &doc["summary"];
    assert_eq!(s["accounts"], 240);
    assert_eq!(
        s["plans"].as_u64().unwrap() + s["plans_missing"].as_array().unwrap().len() as u64,
        240
    );
    let share = s["guided_share_by_arr"].as_f64().unwrap();
    assert!(share > 0.0 && share < 1.0, "{share}");
    // The generator makes a few of each kind.
    assert!(s["visionary"].as_u64().unwrap() >= 3, "{s}");
    assert!(s["reactive"].as_u64().unwrap() >= 10, "{s}");
    assert!(s["reviews_overdue"].as_u64().unwrap() >= 10, "{s}");
    for a in accounts {
        for key in [
            "account",
            "success",
            "path_to_green",
            "lifecycle",
            "alignment",
            "reliability",
            "archetype",
            "stage",
            "scores",
        ] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
        // Every red or yellow outcome has a reachable path with moves
        // that end at or under the drivers' targets.
        for (eq, p) in a["path_to_green"].as_object().unwrap() {
            let band = a["scores"][eq]["band"].as_str().unwrap_or("");
            let green = &p["green"];
            if band == "green" {
                assert!(green["moves"].as_array().unwrap().is_empty());
            } else if !band.is_empty() {
                assert_eq!(green["reachable"], true, "{eq} of {}", a["account"]);
                assert!(green["score"].as_f64().unwrap() >= 0.7);
                for m in green["moves"].as_array().unwrap() {
                    let (from, to) = (m["from"].as_f64().unwrap(), m["to"].as_f64().unwrap());
                    assert!(from < to && to <= 1.0, "{m}");
                }
            }
        }
    }
    // The table names the weakest outcome's moves and sums the plans up.
    let out = run(
        &[
            "plan",
            "examples/plans.json",
            "--accounts",
            "examples/portfolio.csv",
            "--as-of",
            "2026-12-01",
            "--format",
            "table",
        ],
        None,
    );
    let table = text(&out.stdout);
    assert!(
        table.contains("A0002") && table.contains("guidance 0.000→0.700"),
        "{table}"
    );
    assert!(table.contains("guided share by ARR"), "{table}");
}

#[test]
fn score_with_plans_adds_the_path_to_green_and_the_plan() {
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--plans",
            "examples/plans.json",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cards: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cards = cards.as_array().unwrap();
    assert_eq!(cards.len(), 240);
    let a0002 = cards.iter().find(|c| c["id"] == "A0002").unwrap();
    assert!(
        a0002["path_to_green"]["renewal"]["green"]["moves"]
            .as_array()
            .unwrap()
            .len()
            >= 3
    );
    assert!(a0002["plan"]["lifecycle"]["next_review"].is_string());
    // An account without a plan still has its path, and a null plan.
    let a0014 = cards.iter().find(|c| c["id"] == "A0014").unwrap();
    assert!(a0014["plan"].is_null() && a0014["path_to_green"].is_object());
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--plans",
            "examples/plans.json",
            "--as-of",
            "2026-12-01",
            "--format",
            "csv",
        ],
        None,
    );
    let csv = text(&out.stdout);
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            "to_green,adoption_to_green,renewal_to_green,expansion_to_green,\
             value_to_green,transformation_to_green,roi_to_green,advocacy_to_green"
        ),
        "{header}"
    );
    assert_eq!(csv.lines().count(), 241);
    assert!(csv
        .lines()
        .any(|l| l.starts_with("A0014,") && l.contains(",no plan,")));
}

#[test]
fn worklist_ranks_the_sample_snapshots_by_arr_at_stake() {
    let out = run(
        &["worklist", "examples/snapshots.csv", "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let accounts = list["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 40);
    let stakes: Vec<f64> = accounts
        .iter()
        .map(|a| a["arr_at_stake"].as_f64().unwrap())
        .collect();
    assert!(stakes.windows(2).all(|w| w[0] >= w[1]), "{stakes:?}");
    for a in accounts {
        let renewal = a["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["equation"] == "renewal")
            .unwrap();
        let arr = a["arr"].as_f64().unwrap();
        let share = match renewal["band"].as_str().unwrap() {
            "red" => 1.0,
            "yellow" => 0.5,
            _ => 0.0,
        };
        assert_eq!(
            a["arr_at_stake"].as_f64().unwrap(),
            arr * share,
            "{}",
            a["id"]
        );
        assert_eq!(a["snapshots"], 7, "{}", a["id"]);
        // Short of green, the first move names its step or says none covers it.
        if share > 0.0 {
            assert_eq!(
                a["first_move"]["step"], "no step covers this",
                "{}",
                a["id"]
            );
        }
    }
    // The summary adds up to the accounts.
    let summary = list["summary"].as_array().unwrap();
    let total: f64 = summary
        .iter()
        .map(|r| r["arr_at_stake"].as_f64().unwrap())
        .sum();
    assert!((total - stakes.iter().sum::<f64>()).abs() < 1e-6);
    let counted: u64 = summary
        .iter()
        .map(|r| r["accounts"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 40);
    // The sample's plateaus show as events.
    assert!(accounts.iter().any(|a| a["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "plateau")));

    // --top and -o: the first rows, as CSV in the file.
    let file = temp_file("worklist", "top.csv", "");
    let out = run(
        &[
            "worklist",
            "examples/snapshots.csv",
            "--top",
            "3",
            "-o",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with(
        "id,segment,arr,parent,as_of,snapshots,arr_at_stake,stake_basis,direction,adoption,"
    ));
    let first_id = accounts[0]["id"].as_str().unwrap();
    assert!(lines[1].starts_with(&format!("{first_id},")), "{csv}");

    // Read as of a day before the first snapshot: nobody is there yet.
    let out = run(
        &[
            "worklist",
            "examples/snapshots.csv",
            "--as-of",
            "2020-01-01",
            "--format",
            "json",
        ],
        None,
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["accounts"].as_array().unwrap().len(), 0);
    assert_eq!(list["not_yet"].as_array().unwrap().len(), 40);
}

#[test]
fn worklist_names_what_is_wrong_with_the_history() {
    let csv = "id,arr,as_of,product,relationship\na,10,2026-01-01,0.5,0.5\na,10,2026-13-01,0.5,0.5\nb,10,2026-01-01,0.5,0.5\n";
    let history = temp_file("worklist_bad", "history.csv", csv);
    let out = run(
        &["worklist", history.to_str().unwrap(), "--format", "csv"],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("line 3: as_of: '2026-13-01' is not a YYYY-MM-DD date"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout).lines().count(), 3);

    let csv = "id,arr,as_of,product\na,10,2026-01-01,0.5\na,10,2026-01-01,0.6\n";
    let history = temp_file("worklist_twice", "history.csv", csv);
    let out = run(&["worklist", history.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("a: two snapshots on 2026-01-01"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        &["worklist", "examples/snapshots.csv", "--equation", "renewl"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("'renewl' is not an equation"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn rollup_themes_group_the_same_blocker_in_other_words() {
    let csv = "account,arr,text,severity,opened\n\
               a,100,SSO login broken since the upgrade,high,2026-11-01\n\
               b,200,Since the upgrade SSO logins fail,critical,2026-11-21\n\
               c,300,Our executive sponsor left in the reorg,high,2026-10-01\n";
    let blockers = temp_file("themes", "blockers.csv", csv);
    let out = run(
        &[
            "rollup",
            "--themes",
            blockers.to_str().unwrap(),
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let themes: Value = serde_json::from_slice(&out.stdout).unwrap();
    let themes = themes.as_array().unwrap();
    assert_eq!(themes.len(), 1, "{themes:?}");
    assert_eq!(themes[0]["accounts"], serde_json::json!(["a", "b"]));
    assert_eq!(themes[0]["arr"], 300.0);
    assert_eq!(themes[0]["oldest_days"], 30);
    let out = run(
        &[
            "rollup",
            "--themes",
            blockers.to_str().unwrap(),
            "--min-accounts",
            "1",
            "--format",
            "csv",
        ],
        None,
    );
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .starts_with("theme,dimension,accounts,arr,"));
    // --plans needs --themes.
    let out = run(
        &["rollup", blockers.to_str().unwrap(), "--plans", "x.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn parents_are_carried_and_rolled_up() {
    let csv = "id,arr,parent,as_of,product,outcomes,enablement,guidance,relationship,need\n\
               G,100000,,2026-05-01,0.8,0.8,0.8,0.8,0.8,0.8\n\
               S1,300000,G,2026-04-01,0.5,0.5,0.5,0.5,0.5,0.5\n\
               S1,300000,G,2026-05-01,0.3,0.3,0.3,0.3,0.3,0.3\n\
               S2,200000,G,2026-05-01,0.75,0.75,0.75,0.75,0.75,0.75\n";
    let history = temp_file("parents", "history.csv", csv);
    let out = run(
        &["worklist", history.to_str().unwrap(), "--format", "json"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let group = &list["groups"][0];
    assert_eq!(group["id"], "G");
    assert_eq!(group["children"], serde_json::json!(["S1", "S2"]));
    let renewal = group["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["equation"] == "renewal")
        .unwrap();
    let want = (0.8 * 100000.0 + 0.3 * 300000.0 + 0.75 * 200000.0) / 600000.0;
    assert!(
        (renewal["score"].as_f64().unwrap() - want).abs() < 1e-9,
        "{renewal}"
    );
    assert_eq!(renewal["worst_child"], "S1");
    // The CSV worklist carries each account's parent.
    let out = run(
        &["worklist", history.to_str().unwrap(), "--format", "csv"],
        None,
    );
    let csv_out = text(&out.stdout);
    assert!(csv_out
        .lines()
        .next()
        .unwrap()
        .starts_with("id,segment,arr,parent,as_of,"));
    assert!(
        csv_out
            .lines()
            .any(|l| l.starts_with("S1,,300000,G,2026-05-01,")),
        "{csv_out}"
    );

    // score keeps the parent column in CSV and JSON.
    let portfolio = temp_file(
        "parents",
        "portfolio.csv",
        "id,arr,parent,product\nG,10,,0.5\nS,5,G,0.4\n",
    );
    let out = run(
        &["score", portfolio.to_str().unwrap(), "--format", "csv"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scored = text(&out.stdout);
    assert!(scored.starts_with("id,segment,arr,parent,"), "{scored}");
    assert!(
        scored.lines().nth(2).unwrap().starts_with("S,,5,G,"),
        "{scored}"
    );
    let out = run(
        &["score", portfolio.to_str().unwrap(), "--format", "json"],
        None,
    );
    let cards: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cards[1]["parent"], "G");

    // A parent that is not in the history is named.
    let bad = temp_file(
        "parents",
        "bad.csv",
        "id,parent,as_of,product\nS,Z,2026-01-01,0.5\n",
    );
    let out = run(&["worklist", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("S.parent: no account 'Z'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn worklist_tables_never_show_minus_zero_trends() {
    let out = run(
        &["worklist", "examples/snapshots.csv", "--format", "table"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("+0.000"), "the sample has flat trends");
    assert!(!table.contains("-0.000"), "{table}");
}

/// A CSV output as maps from column to cell, one per row.
fn csv_maps(bytes: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn a_bundle_scores_each_segment_with_its_own_model_and_names_it() {
    let score = |model: &str| {
        let out = run(
            &[
                "score",
                "examples/portfolio.csv",
                "--model",
                model,
                "--format",
                "csv",
            ],
            None,
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        csv_maps(&out.stdout)
    };
    let bundled = score("examples/bundle.json");
    let enterprise = score("examples/models/enterprise.json");
    let default = score("core/models/default.json");
    assert_eq!(bundled.len(), default.len());
    let mut seen = (0, 0);
    for (i, row) in bundled.iter().enumerate() {
        let (own, name) = if row["segment"] == "enterprise" {
            seen.0 += 1;
            (&enterprise[i], "enterprise")
        } else {
            seen.1 += 1;
            (&default[i], "default")
        };
        assert_eq!(row["model"], name, "{}", row["id"]);
        for column in ["renewal", "renewal_band", "adoption_band", "expansion"] {
            assert_eq!(row[column], own[column], "{} {column}", row["id"]);
        }
    }
    assert!(seen.0 > 10 && seen.1 > 10, "{seen:?}");
    // The models really differ on the enterprise rows.
    let differ = bundled
        .iter()
        .zip(&default)
        .filter(|(b, d)| b["renewal"] != d["renewal"])
        .count();
    assert!(differ >= seen.0 / 2, "{differ} of {}", seen.0);
    // JSON names the model too; a single model names none.
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            "examples/bundle.json",
            "--format",
            "json",
        ],
        None,
    );
    let cards: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(cards.iter().all(|c| c["model"].is_string()));
    let out = run(
        &["score", "examples/portfolio.csv", "--format", "json"],
        None,
    );
    let cards: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(cards.iter().all(|c| c.get("model").is_none()));
}

#[test]
fn bad_bundles_stop_before_scoring_and_say_where() {
    let missing = temp_file(
        "bundle-missing",
        "bundle.json",
        r#"{"by": "segment", "models": {"enterprise": "nowhere.json"}, "otherwise": "default"}"#,
    );
    let out = run(
        &[
            "score",
            "examples/portfolio.csv",
            "--model",
            missing.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("models.enterprise") && err.contains("nowhere.json"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let mut spec: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("core/models/default.json")).unwrap(),
    )
    .unwrap();
    spec["bands"][1]["name"] = "amber".into();
    let amber = temp_file("bundle-amber", "amber.json", &spec.to_string());
    let bundle = temp_file(
        "bundle-amber",
        "bundle.json",
        r#"{"by": "segment", "models": {"smb": "amber.json"}, "otherwise": "default"}"#,
    );
    let out = run(&["model", "check", bundle.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("models.smb.bands") && err.contains("amber"),
        "{err}"
    );
    drop(amber);

    let out = run(&["model", "check", "examples/bundle.json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("bundle by segment"));
}

#[test]
fn calibrating_a_bundle_fits_each_model_on_its_own_accounts() {
    let output = temp_file("bundle-calibrate", "calibrated.json", "");
    let out = run(
        &[
            "calibrate",
            "examples/history.csv",
            "--model",
            "examples/bundle.json",
            "--outcome",
            "renewed",
            "--ignore",
            "expanded",
            "--ignore",
            "as_of",
            "--equation",
            "renewal",
            "--force",
            "--format",
            "json",
            "-o",
            output.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let enterprise = &summary["models"]["enterprise"];
    let otherwise = &summary["models"]["otherwise"];
    let history = std::fs::read_to_string(root().join("examples/history.csv")).unwrap();
    let big = history
        .lines()
        .filter(|l| l.contains(",enterprise,"))
        .count() as u64;
    let fitted = |j: &Value| j["fitted_on"].as_u64().unwrap() + j["held_out"].as_u64().unwrap();
    assert_eq!(fitted(enterprise), big);
    assert_eq!(
        fitted(enterprise) + fitted(otherwise),
        history.lines().count() as u64 - 1
    );
    // What it wrote is a bundle of the fitted models, read back as one.
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(written["by"], "segment");
    let renewal = |m: &Value| {
        m["equations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "renewal")
            .unwrap()
            .clone()
    };
    assert!(renewal(&written["models"]["enterprise"])["calibration"].is_object());
    assert!(renewal(&written["otherwise"])["calibration"].is_object());
    assert_eq!(written["models"]["enterprise"]["bands"][2]["min"], 0.8);
    let out = run(
        &[
            "backtest",
            "examples/history.csv",
            "--model",
            output.to_str().unwrap(),
            "--outcome",
            "renewed",
            "--ignore",
            "expanded",
            "--ignore",
            "as_of",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn the_worklist_and_series_name_the_model_of_each_account() {
    let out = run(
        &[
            "worklist",
            "examples/snapshots.csv",
            "--model",
            "examples/bundle.json",
            "--format",
            "csv",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv_maps(&out.stdout);
    assert!(!rows.is_empty());
    for row in &rows {
        let expected = if row["segment"] == "enterprise" {
            "enterprise"
        } else {
            "default"
        };
        assert_eq!(row["model"], expected, "{}", row["id"]);
    }
    let out = run(
        &[
            "series",
            "examples/snapshots.csv",
            "--model",
            "examples/bundle.json",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let series: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(series.iter().any(|s| s["model"] == "enterprise"));
    assert!(series.iter().any(|s| s["model"] == "default"));
}

#[test]
fn clusters_group_the_sample_portfolio_the_same_way_every_time() {
    let json = |args: &[&str]| {
        let out = run(args, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let found = json(&["clusters", "examples/portfolio.csv", "--format", "json"]);
    assert_eq!(found["chosen_by"], "silhouette");
    let k = found["k"].as_u64().unwrap() as usize;
    let clusters = found["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), k);
    let total: u64 = clusters
        .iter()
        .map(|c| c["accounts"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 240);
    // The same seed, the same clusters; CSV has one row per cluster with
    // the centroid per driver.
    assert_eq!(
        json(&["clusters", "examples/portfolio.csv", "--format", "json"]),
        found
    );
    let out = run(
        &[
            "clusters",
            "examples/portfolio.csv",
            "--k",
            "3",
            "--format",
            "csv",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows = csv_maps(&out.stdout);
    assert_eq!(rows.len(), 3);
    assert!(rows
        .iter()
        .all(|r| r.contains_key("product") && r.contains_key("first_moves")));
    let arr: f64 = rows.iter().map(|r| r["arr"].parse::<f64>().unwrap()).sum();
    let portfolio = std::fs::read_to_string(root().join("examples/portfolio.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(portfolio.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "arr")
        .unwrap();
    let want: f64 = reader
        .records()
        .map(|r| r.unwrap()[column].parse::<f64>().unwrap())
        .sum();
    assert_eq!(arr, want);
    // A bad k is refused before anything runs.
    let out = run(&["clusters", "examples/portfolio.csv", "--k", "0"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("'auto'"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["clusters", "examples/portfolio.csv", "--k", "500"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("500 clusters of 240 accounts"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_worklist_writes_a_self_contained_html_report() {
    let path = temp_file("report", "worklist.html", "");
    let out = run(
        &[
            "worklist",
            "examples/snapshots.csv",
            "--blockers",
            "examples/blockers.csv",
            "-o",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(&path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Nothing is fetched: no script, stylesheet link, image or URL.
    for banned in ["<script", "<link", "<img", "http:", "https:", "url("] {
        assert!(!page.contains(banned), "{banned}");
    }
    for id in ["bands", "movement", "blockers", "worklist", "vectors"] {
        assert!(page.contains(&format!("<h2 id=\"{id}\">")), "{id}");
    }
    // One circle per account of the history; every chart has a title.
    assert_eq!(page.matches("<circle").count(), 40);
    assert_eq!(
        page.matches("<svg role=\"img\"").count(),
        page.matches("<svg").count()
    );
    // The band table's ARR adds up to the history's latest ARR.
    let json = run(
        &["worklist", "examples/snapshots.csv", "--format", "json"],
        None,
    );
    let list: Value = serde_json::from_slice(&json.stdout).unwrap();
    let arr: f64 = list["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["arr"].as_f64().unwrap())
        .sum();
    let total = format!("{:.0}", arr);
    let grouped: String = total
        .chars()
        .rev()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(",")
        .chars()
        .rev()
        .collect();
    assert!(page.contains(&format!("<b>{grouped}</b>ARR")), "{grouped}");
    // --format html to standard output says the same.
    let out = run(
        &[
            "worklist",
            "examples/snapshots.csv",
            "--blockers",
            "examples/blockers.csv",
            "--format",
            "html",
        ],
        None,
    );
    assert_eq!(text(&out.stdout), page);
}

#[test]
fn a_history_file_read_as_columns_gives_what_stdin_read_by_rows_gives() {
    // A file is read into columns; stdin (and any file with a bad row) row
    // by row: the worklists must be the same, byte for byte.
    fn args(input: &str) -> [&str; 8] {
        [
            "worklist",
            input,
            "--blockers",
            "examples/blockers.csv",
            "--plans",
            "examples/plans.json",
            "--format",
            "json",
        ]
    }
    let file = run(&args("examples/portfolio_history.csv"), None);
    assert!(file.status.success(), "{}", text(&file.stderr));
    let history = std::fs::read_to_string(root().join("examples/portfolio_history.csv")).unwrap();
    let piped = run(&args("-"), Some(&history));
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    assert_eq!(text(&file.stdout), text(&piped.stdout));
    // A bad row sends the file to the row reader, which names it and
    // lists the rest.
    let mut lines: Vec<&str> = history.lines().collect();
    let bad = lines[5].replacen(",2026-", ",2026-13-", 1);
    lines[5] = &bad;
    let path = temp_file("columns_bad_row", "history.csv", &lines.join("\n"));
    let out = run(&args(path.to_str().unwrap()), None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("line 6:"),
        "{}",
        text(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list["accounts"].as_array().unwrap().len(), 240);
}

#[test]
fn the_sample_history_shows_every_kind_of_movement() {
    let out = run(
        &[
            "worklist",
            "examples/portfolio_history.csv",
            "--blockers",
            "examples/blockers.csv",
            "--plans",
            "examples/plans.json",
            "--as-of",
            "2026-12-01",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let accounts = list["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 240);
    let kinds: Vec<&str> = accounts
        .iter()
        .flat_map(|a| a["events"].as_array().unwrap())
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in ["plateau", "left_plateau", "accelerated"] {
        assert!(
            kinds.iter().filter(|k| **k == kind).count() >= 5,
            "{kind}: {kinds:?}"
        );
    }
    assert!(kinds.iter().any(|k| k.starts_with("turned")), "{kinds:?}");
    let too_fast: Vec<&Value> = accounts
        .iter()
        .filter(|a| !a["too_fast"].is_null())
        .collect();
    assert!(too_fast.len() >= 10, "{}", too_fast.len());
    for a in &too_fast {
        let behind = a["too_fast"]["behind"].as_array().unwrap();
        assert!(
            behind.iter().all(|d| d == "enablement" || d == "guidance"),
            "{a}"
        );
    }
    assert_eq!(list["groups"].as_array().unwrap().len(), 6);
    assert!(accounts.iter().any(|a| a["first_move"]["covered"] == true));
    assert!(accounts.iter().any(|a| a["first_move"]["covered"] == false));
    // The blockers' recurring themes span several accounts.
    let out = run(
        &[
            "rollup",
            "--themes",
            "examples/blockers.csv",
            "--format",
            "json",
            "--as-of",
            "2026-12-01",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let themes: Value = serde_json::from_slice(&out.stdout).unwrap();
    let themes = themes.as_array().unwrap();
    assert!(
        themes.len() >= 5
            && themes
                .iter()
                .all(|t| t["accounts"].as_array().unwrap().len() >= 2)
    );
}
