// The JavaScript API: typed-array batches, results, and errors for bad input.
import { test } from "node:test";
import assert from "node:assert/strict";
import init, { Bundle, Model, classify, version, ModelError, InputError, ValuevectorError } from "valuevector";

await init(); // a no-op in Node; code written for the browser runs as it is

const model = Model.default();
const account = { id: "acme", product: 0.9, outcomes: 0.8, enablement: 0.3, guidance: 0.7, relationship: 0.8, need: 0.5 };

test("one account: one key per equation, the value vector, an explanation", () => {
  const r = model.score(account);
  assert.equal(r.id, "acme");
  // (0.9 * 0.8 * 0.3 * 0.7) ** (1/4), worked out by hand.
  assert.ok(Math.abs(r.adoption.score - (0.9 * 0.8 * 0.3 * 0.7) ** 0.25) < 1e-12);
  // Renewal never exceeds adoption: the cap binds, and says so.
  assert.equal(r.renewal.score, r.adoption.score);
  assert.equal(r.renewal.band, "yellow");
  assert.equal(r.renewal.cappedBy, "adoption");
  assert.equal(r.renewal.limiting, "adoption");
  assert.equal(r.renewal.rootDriver, "enablement");
  assert.deepEqual(Object.keys(r.renewal.lifts), ["adoption", "relationship"]);
  assert.equal(r.drivers.enablement, 0.3);
  assert.equal(r.vector[2].source, "given");
  assert.match(r.explanation, /renewal: 0\.62 \(yellow\), capped by adoption; work on enablement/);
  const missing = model.score({ weekly_active_ratio: 0.3 });
  assert.equal(missing.renewal.score, null);
  assert.match(missing.renewal.missingReason, /required input missing: adoption/);
});

test("a model calibrated on outcomes reports a probability beside the score", () => {
  const calibrated = Model.fromJson(JSON.stringify({
    name: "c",
    drivers: [{ name: "a" }, { name: "b" }],
    equations: [
      { name: "e", inputs: [{ ref: "a", weight: 3 }, { ref: "b" }], calibration: { intercept: 1.5, slope: 4 } },
      { name: "f", inputs: [{ ref: "e" }, { ref: "b" }] },
    ],
  }));
  const r = calibrated.score({ a: 0.8, b: 0.6 });
  // sigma(1.5 + 4 ln score), worked out here.
  const want = 1 / (1 + Math.exp(-(1.5 + 4 * Math.log(r.e.score))));
  assert.ok(Math.abs(r.e.probability - want) < 1e-12, `${r.e.probability} vs ${want}`);
  // Absent, as in every binding's shape, when the equation is not calibrated.
  assert.equal(r.f.probability, undefined);
  assert.equal(model.score(account).renewal.probability, undefined);
});

test("blockers weigh on drivers and are classified", () => {
  const r = model.score({ ...account, blockers: [{ text: "Our executive sponsor left", severity: "critical" }] });
  assert.ok(Math.abs(r.drivers.relationship - 0.6) < 1e-12);
  assert.equal(r.blockers[0].dimension, "People");
  assert.deepEqual(Object.keys(r.blockers[0]), ["text", "severity", "open", "dimension", "confidence", "matched", "explicit", "drivers"]);
  // The penalty is visible: the value before, and the blocker that took it.
  assert.deepEqual(r.blockers[0].drivers, ["relationship", "need"]);
  const relationship = r.vector.find((d) => d.name === "relationship");
  assert.equal(relationship.beforeBlockers, 0.8);
  assert.ok(Math.abs(relationship.penalty - 0.2) < 1e-12);
  assert.match(r.explanation, /relationship 0\.60 after blockers \(0\.80 before\): "Our executive sponsor left"/);
  assert.throws(() => model.score({ blockers: [{ text: "x", severity: "urgent" }] }), InputError);
});

test("typed-array batch equals scoring one by one", () => {
  const n = 1000;
  const cols = {};
  let s = 7;
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  for (const d of model.drivers) cols[d] = Float64Array.from({ length: n }, () => (rand() < 0.1 ? NaN : rand()));
  const out = model.scoreBatch(cols);
  assert.ok(out.renewal instanceof Float64Array && out.renewalBand instanceof Int8Array);
  assert.equal(out.expansionRootDriver.length, n);
  for (let i = 0; i < n; i += 37) {
    const one = model.score(Object.fromEntries(model.drivers.map((d) => [d, cols[d][i]])));
    for (const eq of model.equations) {
      const want = one[eq].score;
      assert.ok(want === null ? Number.isNaN(out[eq][i]) : Object.is(out[eq][i], want), `${eq} row ${i}`);
      const root = out[`${eq}RootDriver`][i];
      assert.equal(root < 0 ? null : model.drivers[root], one[eq].rootDriver);
    }
  }
  const plain = model.scoreBatch({ product: [0.5, null], need: [0.5, 0.5] });
  assert.ok(Number.isNaN(plain.adoption[1]));
});

test("errors are Error subclasses with kind and path", () => {
  const cases = [
    [() => model.scoreBatch({ product: new Float64Array(2), trust: new Float64Array(2) }), InputError, "trust"],
    [() => model.scoreBatch({ product: new Float64Array(3), need: new Float64Array(2) }), InputError, "need"],
    [() => model.scoreBatch({ nps: Float64Array.of(1, Infinity) }), InputError, "nps"],
    [() => model.scoreBatch({ product: ["high"] }), InputError, "product"],
    [() => model.score({ nps: Infinity }), InputError, "nps"],
    [() => model.score({ weekly_active_ratoi: 0.4 }), InputError, "weekly_active_ratoi"],
    [() => model.progress({ product: 0.5 }, { product: 0.6 }, NaN), InputError, "days"],
    [() => model.progress({ product: 0.5 }, { product: 2 }, 30), InputError, "after.product"],
    [() => model.equationInputs("churn"), InputError, "churn"],
    [() => model.score({ product: () => 1 }), InputError, "product"],
    [() => model.score({ blockers: [{ text: "x", severity: "low", tags: [Symbol("t")] }] }), InputError, "blockers[0].tags[0]"],
    [() => model.score({ product: [0.5] }), InputError, "product"],
    [() => Model.fromJson('{"name": "x", "drivers": ['), ModelError, "drivers"],
    [() => Model.fromJson(JSON.stringify({ name: "x", drivers: [{ name: "a" }], equations: [{ name: "e", inputs: [{ ref: "trust" }] }] })), ModelError, "equations.e.inputs[0].ref"],
  ];
  for (const [call, Kind, path] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Kind && e instanceof ValuevectorError && e instanceof Error, `${e}`);
      assert.equal(e.path, path);
      assert.equal(e.kind, Kind === ModelError ? "model" : "input");
      return true;
    });
  }
});

test("classify, models, version", () => {
  const c = classify("Data migration left thousands of duplicate contacts");
  assert.equal(c.dimension, "Quality");
  assert.ok(c.matched.includes("data migration"));
  assert.equal(model.classify("They are moving offices").dimension, "unclassified");
  const again = Model.fromJson(model.toJson());
  assert.deepEqual(again.equations, ["adoption", "renewal", "expansion", "value", "transformation", "roi", "advocacy"]);
  assert.deepEqual(model.bands, ["red", "yellow", "green"]);
  assert.match(version(), /^\d+\.\d+\.\d+$/);
  const p = model.progress({ product: 0.5 }, { product: 0.8 }, 30);
  assert.equal(p.direction, "evolving");
  assert.equal(p.changes[0].driver, "product");
  // A move across the way to the model customer is sideways, and renewal,
  // which fell a band, has its own direction.
  const before = { product: 0.8, outcomes: 0.7, enablement: 0.3, guidance: 0.7, relationship: 0.5, need: 0.6 };
  const side = model.progress(before, { ...before, enablement: 0.6, relationship: 0.2 }, 30);
  assert.equal(side.direction, "sideways");
  const renewal = side.outcomes.find((o) => o.equation === "renewal");
  assert.deepEqual([renewal.bandBefore, renewal.bandAfter, renewal.direction], ["yellow", "red", "devolving"]);
});

test("plan: each account against its plan, paths to green, and the summary", () => {
  const model = Model.default();
  const plans = [{ account: "A1", inception: "2025-06-01",
    steps: [{ text: "Admin training for the new team", due: "2026-05-01", status: "open" },
            { text: "Clean up duplicate contacts", due: "2027-01-01", status: "open" }] }];
  const accounts = [{ id: "A1", arr: 3000, product: 0.8, outcomes: 0.1, enablement: 0.1, guidance: 0.1, relationship: 0.9, need: 0.9 },
                    { id: "A2", arr: 1000, product: 0.9 }];
  const book = model.plan(plans, accounts, "2026-06-01");
  const a1 = book.accounts[0];
  assert.equal(a1.account, "A1");
  assert.equal(a1.alignment.mode, "guided");
  assert.deepEqual(a1.lifecycle.overdueSteps, [0]);
  assert.equal(a1.lifecycle.recycleDue, true);
  assert.equal(a1.archetype, "visionary");
  const green = a1.pathToGreen.adoption.green;
  assert.deepEqual(green.moves.map((m) => m.driver).sort(), ["enablement", "guidance", "outcomes"]);
  assert.ok(green.moves.every((m) => m.to > m.from && m.to <= 1));
  assert.deepEqual(book.summary.plansMissing, ["A2"]);
  // JSON text reads the same as objects.
  assert.deepEqual(model.plan(JSON.stringify(plans), accounts, "2026-06-01"), book);
  assert.throws(() => model.plan([{ account: "A1", inception: "2026-02-30" }], accounts, "2026-06-01"),
    (e) => e instanceof InputError && e.path === "plans[0].inception");
  assert.throws(() => model.plan(plans, [{ id: "A1", nps: Infinity }], "2026-06-01"),
    (e) => e instanceof InputError && e.path.startsWith("accounts[0]"));
  assert.throws(() => model.plan(plans, accounts, "June"), (e) => e instanceof InputError && e.path === "as_of");
});

test("a bundle scores each account with its segment's model and names it", () => {
  const strict = JSON.parse(Model.default().toJson());
  strict.name = "strict";
  strict.bands[1].min = 0.5;
  strict.bands[2].min = 0.8;
  const bundle = Bundle.fromJson({ by: "segment", models: { enterprise: strict }, otherwise: "default" });
  assert.equal(bundle.by, "segment");
  assert.deepEqual(bundle.keys, ["enterprise"]);
  const drivers = { product: 0.75, outcomes: 0.75, enablement: 0.75, guidance: 0.75, relationship: 0.75, need: 0.75 };
  const big = bundle.score({ ...drivers, segment: "enterprise" });
  const small = bundle.score({ ...drivers, segment: "smb" });
  assert.equal(big.model, "strict");
  assert.equal(small.model, "default");
  assert.equal(big.renewal.score, small.renewal.score);
  assert.equal(big.renewal.band, "yellow");
  assert.equal(small.renewal.band, "green");
  assert.equal(Model.default().score(drivers).model, undefined);
  // The same document as text reads the same, and writes itself back.
  const again = Bundle.fromJson(bundle.toJson());
  assert.deepEqual(again.keys, ["enterprise"]);
  const list = bundle.worklist({
    history: [{ id: "E", segment: "enterprise", arr: 1000, as_of: "2026-02-01", ...drivers }],
  });
  assert.equal(list.accounts[0].model, "strict");
  assert.equal(list.accounts[0].arrAtStake, 500);
});

test("a bad bundle throws a ModelError naming the field", () => {
  const amber = JSON.parse(Model.default().toJson());
  amber.bands[1].name = "amber";
  for (const [spec, path] of [
    [{ by: "segment", models: { x: amber }, otherwise: "default" }, "models.x.bands"],
    [{ by: "tier", models: { x: "default" }, otherwise: "default" }, "by"],
    [{ by: "segment", models: { x: "x.json" }, otherwise: "default" }, "models.x"],
  ]) {
    assert.throws(() => Bundle.fromJson(spec), (e) => e instanceof ModelError && e.path === path);
  }
  assert.throws(() => Bundle.fromJson("{"), ModelError);
});
