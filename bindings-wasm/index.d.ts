export * from "./pkg/valuevector.js";
export { ValuevectorError, ModelError, InputError } from "./errors.js";

/**
 * Loads the WebAssembly module. In the browser, await it once before using
 * the API; in Node the module is loaded on import and this resolves at once.
 */
export default function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
