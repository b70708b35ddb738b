// Builds the npm package from the crate: cargo (wasm32), wasm-bindgen
// (--target web: one ES module for the browser and, through node.js, for
// Node), then wasm-opt -Oz from the npm binaryen package. Fails when the
// .wasm is over the size budget; prints its raw and gzipped sizes.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

// 451 KB, read strictly as 451,000 bytes: 250 KB until floors, required
// inputs, caps and movement per outcome needed about 8 KB more, account
// plans (their reader and checks, the path-to-green solver, the reports)
// 61 KB more raw, 25 KB gzipped, and the worklist (history grouping,
// trends, events, stakes; maps replaced by sorted positions to save 14 KB)
// 33 KB more raw, 14 KB gzipped, and recurring themes (content words,
// weighted Dice, grouping) 20 KB more raw, 8 KB gzipped, and parents
// rolled up in the worklist 14 KB more raw, and model bundles (their
// reader, the check that their models line up, scoring and the worklist
// through them) 16 KB more raw, 7 KB gzipped, and clusters (k-means++,
// the silhouette, each cluster's root driver and first moves) 26 KB more
// raw, 10 KB gzipped, and the path to green in closed form with the
// worklist's lean steps (the closed form must run in every binding: the
// rounded moves follow from its answer) 21 KB more raw, 9 KB gzipped.
// The performance issue's 300 KB for a faster kernel predates the plans
// and is to be weighed again there.
const BUDGET = 451_000;
const here = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(here);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: "inherit", cwd: root });
const tool = (name) => {
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", name);
  return existsSync(cargoBin) ? cargoBin : name;
};

run("cargo", ["build", "--locked", "-p", "valuevector-wasm", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release"]);
const built = join(root, "target", "wasm32-unknown-unknown", "wasm-release", "valuevector_wasm.wasm");
const pkg = join(here, "pkg");
mkdirSync(pkg, { recursive: true });
// The licence texts ship in the tarball; npm leaves symbolic links out, so
// they are copied from the repository root.
for (const licence of ["LICENSE-MIT", "LICENSE-APACHE"]) copyFileSync(join(root, licence), join(here, licence));
run(tool("wasm-bindgen"), ["--target", "web", "--out-dir", pkg, "--out-name", "valuevector", built]);
const wasm = join(pkg, "valuevector_bg.wasm");
const before = readFileSync(wasm).length;
run(join(here, "node_modules", ".bin", "wasm-opt"), ["-Oz", "--strip-debug", "--strip-producers", wasm, "-o", wasm]);
const bytes = readFileSync(wasm);
const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, beforeWasmOpt: before };
writeFileSync(join(pkg, "size.json"), JSON.stringify(size, null, 2) + "\n");
console.log(`valuevector_bg.wasm: ${(size.raw / 1024).toFixed(1)} KiB raw (${(before / 1024).toFixed(1)} KiB before wasm-opt), ${(size.gzip / 1024).toFixed(1)} KiB gzipped`);
if (size.raw > BUDGET) {
  console.error(`error: over the size budget of ${BUDGET} bytes`);
  process.exit(1);
}
