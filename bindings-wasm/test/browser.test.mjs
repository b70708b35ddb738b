// The what-if page in a real browser: Debian's Chromium, driven headless by
// playwright-core. Moves a slider, types a blocker, saves a screenshot.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

// A static server for the repository, on loopback only.
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(root, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file.startsWith(root) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
after(async () => {
  await browser.close();
  server.close();
});

test("the what-if page scores live in the browser", async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
  assert.deepEqual(errors, []);

  const renewal = () => page.textContent("#score-renewal");
  const before = await renewal();
  assert.match(before, /^0\.\d\d$/);
  await page.locator("#driver-relationship").fill("0.1");
  await page.waitForFunction((b) => document.getElementById("score-renewal").textContent !== b, before);
  const afterMove = await renewal();
  assert.ok(Number(afterMove) < Number(before), `${before} -> ${afterMove}`);
  assert.match(await page.getAttribute("#outcome-renewal", "class"), /band-(red|yellow)/);
  assert.equal(await page.textContent("#limiting-renewal"), "work on relationship");

  // The path to green names the relationship, and applying it makes
  // renewal green on rescoring.
  const path = await page.textContent("#path-renewal");
  assert.match(path, /relationship 0\.10 → 0\.\d{3}/);
  await page.click('#path-renewal button');
  await page.waitForFunction(() => /band-green/.test(document.getElementById("outcome-renewal").className));
  assert.match(await page.textContent("#path-renewal"), /green already/);
  assert.ok(Number(await renewal()) >= 0.7);

  // Everything at zero: adoption needs several drivers; the path lists
  // them all and applying it reaches green.
  for (const d of ["product", "outcomes", "enablement", "guidance"]) await page.locator(`#driver-${d}`).fill("0");
  await page.waitForFunction(() => document.getElementById("score-adoption").textContent === "0.01");
  const adoption = await page.textContent("#path-adoption");
  for (const d of ["product", "outcomes", "enablement", "guidance"]) assert.match(adoption, new RegExp(`${d} 0\\.00 →`));
  await page.click('#path-adoption button');
  await page.waitForFunction(() => /band-green/.test(document.getElementById("outcome-adoption").className));

  await page.fill("#blocker", "Our executive sponsor left after the reorg");
  await page.waitForFunction(() => document.getElementById("blocker-dimension").textContent === "People");
  assert.match(await page.textContent("#blocker-matched"), /sponsor/);

  // With the blocker's penalty, the path still reaches green when applied.
  await page.locator("#driver-relationship").fill("0.3");
  await page.waitForFunction(() => /Apply/.test(document.getElementById("path-renewal").textContent));
  await page.click('#path-renewal button');
  await page.waitForFunction(() => /band-green/.test(document.getElementById("outcome-renewal").className));
  assert.deepEqual(errors, []);

  mkdirSync(join(root, "target"), { recursive: true });
  const shot = join(root, "target", "web-demo.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(readFileSync(shot).subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
});
