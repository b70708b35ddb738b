// The browser (and bundler) entry: call `await init()` once before use.
import initWasm, { setErrorFactory } from "./pkg/valuevector.js";
import { makeError } from "./errors.js";

export * from "./pkg/valuevector.js";
export { ValuevectorError, ModelError, InputError } from "./errors.js";

let ready;

/** Loads the WebAssembly module (once); `moduleOrPath` defaults to the
 * package's own `.wasm` next to this file. */
export default function init(moduleOrPath) {
  ready ??= initWasm(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath }).then(() => {
    setErrorFactory(makeError);
  });
  return ready;
}
