// Every conformance vector through the JavaScript API, numbers to the bit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Bundle, Model, ModelError, InputError } from "valuevector";

const dir = fileURLToPath(new URL("../../conformance/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

/** Deep equality; numbers compared as the bits of their doubles. */
function same(a, b) {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    return (Array.isArray(b) || ArrayBuffer.isView(b)) && a.length === b.length && [...a].every((x, i) => same(x, [...b][i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && same(a[k], b[k]));
  }
  return a === b;
}

const toCamel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const camelKeys = (v) =>
  Array.isArray(v) ? v.map(camelKeys)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [toCamel(k), camelKeys(x)]))
  : v;

function batch(model, columns) {
  const input = {};
  for (const name of Object.keys(columns).sort()) {
    const special = { inf: Infinity, "-inf": -Infinity, nan: NaN };
    input[name] = Float64Array.from(columns[name], (v) => (v === null ? NaN : v in special ? special[v] : Number(v)));
  }
  const out = model.scoreBatch(input);
  const drivers = model.drivers, bands = model.bands;
  const result = {};
  for (const eq of model.equations) {
    const inputs = model.equationInputs(eq);
    const name = (codes, names) => [...codes].map((c) => (c < 0 ? null : names[c]));
    result[eq] = {
      score: [...out[eq]].map((s) => (Number.isNaN(s) ? null : s)),
      band: name(out[`${eq}Band`], bands),
      limiting: name(out[`${eq}Limiting`], inputs),
      root_driver: name(out[`${eq}RootDriver`], drivers),
    };
  }
  return result;
}

// A score result is the shared report shape, camelCase, with the detail
// that only the bindings return (`vector`, each outcome's `terms`, each
// blocker's `drivers`, the `explanation`): without it, it must equal the vector's expectation.
function report(model, result) {
  const r = { ...result };
  delete r.vector;
  delete r.explanation;
  r.blockers = r.blockers.map(({ drivers, ...shared }) => shared);
  for (const eq of model.equations) {
    r[eq] = { ...r[eq] };
    delete r[eq].terms;
  }
  return r;
}

// The expectation's field names in camelCase; names that are data (driver,
// input and equation names) stay as they are.
function camelFields(v, model) {
  const convert = (x, keepKeys) =>
    Array.isArray(x) ? x.map((y) => convert(y, false))
    : x && typeof x === "object"
      ? Object.fromEntries(Object.entries(x).map(([k, y]) => [keepKeys ? k : toCamel(k), convert(y, k === "drivers" || k === "lifts")]))
      : x;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    out[model.equations.includes(k) ? k : toCamel(k)] = convert(x, k === "drivers");
  }
  return out;
}

function run(model, c) {
  switch (c.op) {
    case "score": return report(model, model.score(c.account));
    case "batch": return batch(model, c.columns);
    case "classify": return model.classify(c.text);
    case "classify_blocker": return model.classifyBlockerJson(JSON.stringify(c.blocker));
    case "rollup": return model.rollupJson(JSON.stringify(c.blockers));
    case "series": return model.seriesJson(JSON.stringify(c.snapshots));
    case "progress": return model.progress(c.before, c.after, c.days);
    case "plan": return model.plan(c.plans, c.accounts, c.as_of);
    case "worklist": return model.worklist(c.request);
    case "themes": return model.themes(c.request);
    case "clusters": return model.clusters(c.request);
    case "bundle_score": return Bundle.fromJson(c.bundle).scoreJson(JSON.stringify(c.accounts));
    case "bundle_worklist": return Bundle.fromJson(c.bundle).worklist(c.request);
    case "load_bundle": {
      const b = Bundle.fromJson(c.bundle_json);
      const doc = JSON.parse(b.toJson());
      return { by: b.by, keys: b.keys, models: [...Object.values(doc.models), doc.otherwise].map((m) => m.name) };
    }
    case "load_model": {
      const m = Model.fromJson(c.model_json);
      return { drivers: m.drivers, equations: m.equations };
    }
    default: throw new Error(`unknown op ${c.op}`);
  }
}

// A plan book's field names in camelCase; the paths are keyed by equation
// (data), and the scores are a scorecard (see camelFields).
function planFields(v, model) {
  return {
    accounts: v.accounts.map(({ path_to_green, scores, ...rest }) => ({
      ...camelKeys(rest),
      pathToGreen: Object.fromEntries(Object.entries(path_to_green).map(([eq, p]) => [eq, camelKeys(p)])),
      scores: camelFields(scores, model),
    })),
    summary: camelKeys(v.summary),
  };
}

let count = 0;
for (const file of files) {
  const doc = JSON.parse(readFileSync(dir + file, "utf8"));
  const model = doc.model === "default" ? Model.default() : Model.fromJson(JSON.stringify(doc.model));
  for (const c of doc.cases) {
    count++;
    test(`${file}: ${c.name}`, () => {
      if (c.expect_error) {
        assert.throws(() => run(model, c), (e) => {
          assert.ok(e instanceof (c.expect_error.kind === "model" ? ModelError : InputError), `${e.name}: ${e.message}`);
          assert.deepEqual({ kind: e.kind, path: e.path }, c.expect_error);
          return true;
        });
      } else {
        const got = run(model, c);
        const want = c.op === "progress" || c.op === "classify" || c.op === "worklist" || c.op === "bundle_worklist" || c.op === "clusters" || c.op === "themes" ? camelKeys(c.expect)
          : c.op === "score" ? camelFields(c.expect, model)
          : c.op === "plan" ? planFields(c.expect, model)
          : c.expect;
        assert.ok(same(got, want), `got ${JSON.stringify(got)}\nwant ${JSON.stringify(want)}`);
      }
    });
  }
}

test("there are enough conformance vectors", () => assert.ok(count >= 30, `${count}`));
