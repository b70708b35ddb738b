// The what-if simulator: sliders for the default model's drivers, a blocker
// text box, and the three outcomes scored live by valuevector (WebAssembly).
import init, { Model } from "../../bindings-wasm/web.js";

const $ = (id) => document.getElementById(id);

try {
  await init();
  const model = Model.default();
  const values = Object.fromEntries(model.drivers.map((d) => [d, 0.7]));

  for (const driver of model.drivers) {
    const label = document.createElement("label");
    label.innerHTML = `<span>${driver}</span><input type="range" id="driver-${driver}" min="0" max="1" step="0.01" value="${values[driver]}"><output id="value-${driver}">${values[driver].toFixed(2)}</output>`;
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

  function update() {
    const text = $("blocker").value.trim();
    const blocker = text ? model.classify(text) : null;
    $("blocker-dimension").textContent = blocker ? blocker.dimension : "—";
    $("blocker-matched").textContent = blocker && blocker.matched.length ? `(${blocker.matched.join(", ")})` : "";
    const result = model.score({ ...values, blockers: text ? [{ text, severity: "high" }] : [] });
    for (const driver of model.drivers) $(`value-${driver}`).textContent = result.drivers[driver].toFixed(2);
    for (const eq of model.equations) {
      const o = result[eq];
      $(`outcome-${eq}`).className = `outcome band-${o.band ?? "missing"}`;
      $(`score-${eq}`).textContent = o.score === null ? "—" : o.score.toFixed(2);
      $(`band-${eq}`).textContent = o.band ?? "missing";
      $(`limiting-${eq}`).textContent = o.rootDriver ? `work on ${o.rootDriver}` : "nothing limits it";
    }
  }

  update();
  document.body.dataset.ready = "true";
} catch (e) {
  $("error").textContent = `${e.name}: ${e.message}`;
  throw e;
}
