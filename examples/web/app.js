// The what-if simulator: sliders for the default model's drivers, a blocker
// text box, every outcome scored live by valuevector (WebAssembly), and the
// path to green: the least movement of the drivers that makes each outcome
// green, which one click applies to the sliders.
import init, { Model } from "../../bindings-wasm/web.js";

const $ = (id) => document.getElementById(id);
const ACCOUNT = "what-if";

/** An element with text, built without parsing HTML. */
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

try {
  await init();
  const model = Model.default();
  const values = Object.fromEntries(model.drivers.map((d) => [d, 0.7]));

  for (const driver of model.drivers) {
    const label = document.createElement("label");
    label.innerHTML = `<span>${driver}</span><input type="range" id="driver-${driver}" min="0" max="1" step="0.001" value="${values[driver]}"><output id="value-${driver}">${values[driver].toFixed(2)}</output>`;
    $("drivers").append(label);
    label.querySelector("input").addEventListener("input", (e) => {
      values[driver] = Number(e.target.value);
      update();
    });
  }
  for (const eq of model.equations) {
    const card = document.createElement("div");
    card.className = "outcome";
    card.id = `outcome-${eq}`;
    card.innerHTML = `<h2>${eq}</h2><div class="score" id="score-${eq}">—</div><div id="band-${eq}"></div><div id="limiting-${eq}"></div>`;
    $("outcomes").append(card);
  }
  $("blocker").addEventListener("input", update);

  /** Moves the sliders so that each driver, after the blockers' penalty
   * (`penalties`), stands at the path's value; then rescores. */
  function apply(moves, penalties) {
    for (const m of moves) {
      values[m.driver] = Math.min(1, m.to + (penalties[m.driver] ?? 0));
      $(`driver-${m.driver}`).value = String(values[m.driver]);
    }
    update();
  }

  /** Each outcome short of green, with the moves that make it green. */
  function showPaths(blockers, penalties) {
    const today = new Date().toISOString().slice(0, 10);
    const book = model.plan([{ account: ACCOUNT, inception: today }], [{ id: ACCOUNT, ...values, blockers }], today);
    const list = $("path-list");
    list.replaceChildren();
    for (const eq of model.equations) {
      const path = book.accounts[0].pathToGreen[eq];
      const item = el("li", undefined, { id: `path-${eq}` });
      item.append(el("strong", eq), " ");
      if (!path || !path.green) {
        item.append(path && path.band === "green" ? "green already" : "missing: no path");
      } else if (path.green.moves.length === 0 && path.green.reachable) {
        item.append("green already");
      } else if (!path.green.reachable) {
        item.append(`cannot reach green within the drivers' targets (best ${path.green.score.toFixed(2)})`);
      } else {
        const moves = el("span", path.green.moves.map((m) => `${m.driver} ${m.from.toFixed(2)} → ${m.to.toFixed(3)}`).join(", "),
          { class: "moves" });
        const button = el("button", "Apply", { type: "button", "aria-label": `Apply the path to green for ${eq}` });
        button.addEventListener("click", () => apply(path.green.moves, penalties));
        item.append(moves, " ", button);
      }
      list.append(item);
    }
  }

  function update() {
    const text = $("blocker").value.trim();
    const blocker = text ? model.classify(text) : null;
    $("blocker-dimension").textContent = blocker ? blocker.dimension : "—";
    $("blocker-matched").textContent = blocker && blocker.matched.length ? `(${blocker.matched.join(", ")})` : "";
    const blockers = text ? [{ text, severity: "high" }] : [];
    const result = model.score({ ...values, blockers });
    for (const driver of model.drivers) $(`value-${driver}`).textContent = result.drivers[driver].toFixed(2);
    for (const eq of model.equations) {
      const o = result[eq];
      $(`outcome-${eq}`).className = `outcome band-${o.band ?? "missing"}`;
      $(`score-${eq}`).textContent = o.score === null ? "—" : o.score.toFixed(2);
      $(`band-${eq}`).textContent = o.band ?? "missing";
      $(`limiting-${eq}`).textContent = o.rootDriver ? `work on ${o.rootDriver}` : "nothing limits it";
    }
    showPaths(blockers, Object.fromEntries(result.vector.map((d) => [d.name, d.penalty])));
  }

  update();
  document.body.dataset.ready = "true";
} catch (e) {
  $("error").textContent = `${e.name}: ${e.message}`;
  throw e;
}
