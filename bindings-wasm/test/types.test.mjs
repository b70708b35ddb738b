// The TypeScript declarations are real types: a typed usage compiles, and a
// misuse does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Model } from "valuevector";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const tsc = join(pkg, "node_modules", "typescript", "bin", "tsc");

function compile(source) {
  const dir = mkdtempSync(join(tmpdir(), "vv-ts-"));
  writeFileSync(join(dir, "use.ts"), source);
  writeFileSync(join(dir, "package.json"), '{"type": "module"}');
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
      "--target", "es2022", "--lib", "es2022,dom,esnext.disposable", join(dir, "use.ts")], { cwd: dir, stdio: "pipe" });
    return "";
  } catch (e) {
    return String(e.stdout);
  }
}

const header = `import init, { Model, classify, InputError } from "${pkg}index.js";\n`;

test("typed usage compiles", () => {
  const errors = compile(header + `
    await init();
    const model: Model = Model.default();
    const r = model.score({ product: 0.8, nps: null, id: "acme" });
    const s: number | null = r.drivers["product"];
    const dims: string = classify("sponsor left").dimension;
    const lifts: number | null = r.realisation;
    const batch = model.scoreBatch({ product: new Float64Array([0.5]) });
    const ok: InputError | undefined = undefined;
    export { s, dims, lifts, batch, ok };
  `);
  assert.equal(errors, "");
});

test("misuse does not compile", () => {
  const errors = compile(header + `
    const model = Model.default();
    const wrong: number = classify("x").matched;
    model.score(42);
    export { wrong };
  `);
  // classify(...).matched is a string[]; score() takes an Account.
  assert.match(errors, /use\.ts\(4,\d+\): error TS2322: Type 'string\[\]' is not assignable to type 'number'/);
  assert.match(errors, /use\.ts\(5,\d+\): error TS2345: .*'Account'/);
});

// The declarations are written by hand beside the core's shapes; here every
// field of real results must be declared (object literals get TypeScript's
// excess-property check) and every required field present.
test("the declarations match what the module returns", () => {
  const model = Model.fromJson(JSON.stringify({
    name: "typed",
    drivers: [{ name: "a" }, { name: "b" }],
    equations: [{ name: "e", inputs: [{ ref: "a" }, { ref: "b" }], calibration: { intercept: 1, slope: 2 } }],
  }));
  const defaults = Model.default();
  const calibrated = model.score({ id: "acme", segment: "smb", arr: 5, a: 0.5, b: 0.2 });
  const full = defaults.score({
    id: "x", product: 0.05, relationship: 0.9,
    blockers: [{ text: "Our sponsor left", severity: "high" }],
  });
  const literal = (v) => JSON.stringify(v);
  const outcomes = (r, m) => m.equations.map((eq, i) => `const o${i}_${r.id}: Outcome = ${literal(r[eq])};`).join("\n");
  const fields = (r, m) => literal(Object.fromEntries(Object.entries(r).filter(([k]) => !m.equations.includes(k))));
  const errors = compile(`import type { ScoreFields, Outcome, Progress, Classification } from "${pkg}index.js";
    const f1: ScoreFields = ${fields(calibrated, model)};
    const f2: ScoreFields = ${fields(full, defaults)};
    ${outcomes(calibrated, model)}
    ${outcomes(full, defaults)}
    const p: Progress = ${literal(defaults.progress({ product: 0.2 }, { product: 0.5, nps: 10 }, 30))};
    const c: Classification = ${literal(defaults.classify("the sponsor left"))};
    export {};
  `);
  assert.equal(errors, "");
  assert.ok(full.blockers.length === 1 && full.inferredBlockers.length > 0, "the sample exercises every part");
  assert.ok(calibrated.e.probability > 0 && calibrated.arr === 5);
});

test("the plan declarations match what plan() returns", () => {
  const model = Model.default();
  const plans = [{
    account: "A1", inception: "2026-01-15", last_review: "2026-06-01",
    success: [{ text: "Reps productive", driver: "enablement", target: 0.8, due: "2027-03-31" }],
    steps: [{ text: "Admin training for the new team", due: "2026-12-15", status: "open" },
            { text: "Fix the SSO integration", due: "2026-10-01", status: "done", done: "2026-10-20", dimension: "Product" }],
    blockers: [{ text: "Onboarding stalled", severity: "high", opened: "2026-09-01" }],
  }];
  const book = model.plan(plans, [
    { id: "A1", arr: 100, product: 0.8, outcomes: 0.1, enablement: 0.05, guidance: 0.2, relationship: 0.9, need: 0.9 },
    { id: "A2", product: 0.5 },
  ], "2026-12-01");
  const literal = (v) => JSON.stringify(v);
  const reports = book.accounts.map(({ scores, ...rest }) => rest);
  const errors = compile(`import type { PlanInput, PlanReport, PlanSummary } from "${pkg}index.js";
    const input: PlanInput[] = ${literal(plans)};
    const reports: Omit<PlanReport, "scores">[] = ${literal(reports)};
    const summary: PlanSummary = ${literal(book.summary)};
    export { input, reports, summary };
  `);
  assert.equal(errors, "");
  const renewal = book.accounts[0].pathToGreen.renewal;
  assert.ok(renewal.next && renewal.green.moves.length >= 3, "the sample exercises moves");
});

test("the worklist declarations match what worklist() returns", () => {
  const model = Model.default();
  const doc = JSON.parse(readFileSync(new URL("../../conformance/worklist.json", import.meta.url), "utf8"));
  const request = doc.cases[0].request;
  const list = model.worklist(request);
  const literal = (v) => JSON.stringify(v);
  const errors = compile(`import type { WorklistRequest, Worklist } from "${pkg}index.js";
    const request: WorklistRequest = ${literal(request)};
    const list: Worklist = ${literal(list)};
    export { request, list };
  `);
  assert.equal(errors, "");
  assert.ok(list.accounts.some((a) => a.tooFast) && list.accounts.some((a) => a.events.length > 0)
    && list.accounts.some((a) => a.firstMove?.covered), "the sample exercises every part");
  // A misspelt field does not compile.
  assert.notEqual(compile(`import type { Worklist } from "${pkg}index.js";
    declare const l: Worklist; export const x = l.accounts[0].arrAtStak;`), "");
});

test("the theme declarations match what themes() returns", () => {
  const model = Model.default();
  const doc = JSON.parse(readFileSync(new URL("../../conformance/themes.json", import.meta.url), "utf8"));
  const request = doc.cases[1].request;
  const themes = model.themes(request);
  const literal = (v) => JSON.stringify(v);
  const errors = compile(`import type { ThemesRequest, Theme } from "${pkg}index.js";
    const request: ThemesRequest = ${literal(request)};
    const themes: Theme[] = ${literal(themes)};
    export { request, themes };
  `);
  assert.equal(errors, "");
  assert.ok(themes.some((t) => t.steps > 0 && t.wordings.length > 1 && t.oldestDays !== null));
});
