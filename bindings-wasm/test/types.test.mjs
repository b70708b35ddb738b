// The TypeScript declarations are real types: a typed usage compiles, and a
// misuse does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
