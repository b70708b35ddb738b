// The CLI's HTML report (`worklist --format html`) in a real browser:
// Debian's Chromium, headless, through playwright-core. The page must
// render with no console error and no request beyond the file itself,
// each chart must carry a title and a table, and it must print.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const out = join(root, "target", "report");
mkdirSync(out, { recursive: true });
const report = join(out, "worklist.html");
execFileSync("cargo", ["run", "--quiet", "--locked", "-p", "valuevector-cli", "--", "worklist", "examples/snapshots.csv",
  "--blockers", "examples/blockers.csv", "--plans", "examples/plans.json", "--as-of", "2026-12-01", "-o", report],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"] });

assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package`);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
after(() => browser.close());

test("the HTML report renders in Chromium with no error and no request", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(report).href;
  await page.goto(url, { waitUntil: "load" });
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, [url], "the report is self-contained");
  assert.equal(await page.locator("script, link, img, iframe").count(), 0);

  // Every section is there, each chart named for a screen reader and
  // followed by the numbers it draws.
  for (const id of ["bands", "movement", "blockers", "worklist", "vectors"]) {
    assert.equal(await page.locator(`h2#${id}`).count(), 1, id);
  }
  const charts = page.locator("svg[role=img]");
  const count = await charts.count();
  assert.ok(count >= 3 + 20, `${count} charts`);
  for (let i = 0; i < count; i++) {
    const labelled = await charts.nth(i).getAttribute("aria-labelledby");
    for (const id of labelled.split(" ")) {
      assert.ok((await page.locator(`[id="${id}"]`).textContent()).trim().length > 0, id);
    }
  }
  // One circle per account of the history, each with its title.
  assert.equal(await page.locator("h2#movement + svg circle").count(), 40);
  assert.equal(await page.locator("h2#movement + svg circle > title").count(), 40);
  // The worklist's top 20, the first the most ARR at stake.
  const rows = page.locator("h2#worklist + table tbody tr");
  assert.equal(await rows.count(), 20);
  const stakes = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.children[4].textContent.replace(/,/g, ""))));
  assert.deepEqual(stakes, [...stakes].sort((a, b) => b - a));
  // Themes and dimensions from the blockers.
  assert.ok(await page.locator("h2#blockers ~ table").count() >= 2);

  // It prints: the tables behind the charts show on paper.
  await page.emulateMedia({ media: "print" });
  assert.ok(await page.locator("h2#movement ~ table").first().isVisible());
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10_000);
  await page.emulateMedia({ media: "screen" });
  await page.screenshot({ path: join(out, "worklist.png"), fullPage: true });
});
