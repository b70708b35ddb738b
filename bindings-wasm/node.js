// The Node entry: the module is loaded on import, synchronously.
import { readFileSync } from "node:fs";
import { initSync, setErrorFactory } from "./pkg/valuevector.js";
import { makeError } from "./errors.js";

initSync({ module: readFileSync(new URL("./pkg/valuevector_bg.wasm", import.meta.url)) });
setErrorFactory(makeError);

export * from "./pkg/valuevector.js";
export { ValuevectorError, ModelError, InputError } from "./errors.js";

/** Nothing to wait for in Node; kept so code written for the browser runs unchanged. */
export default async function init() {}
