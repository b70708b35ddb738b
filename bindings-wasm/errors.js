/** Errors thrown by valuevector: `ModelError` and `InputError`, both
 * `ValuevectorError`s, with `.kind` ("model", "input") and `.path` (the model
 * field or input at fault, such as "equations.renewal.inputs[1].ref" or
 * "nps"). */
export class ValuevectorError extends Error {
  constructor(kind, path, message) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.path = path;
  }
}

/** The model is malformed or invalid. */
export class ModelError extends ValuevectorError {}

/** An input is invalid: an unknown name, infinity, a value out of range... */
export class InputError extends ValuevectorError {}

/** Makes the error for a core error of `kind`; the module calls it. */
export function makeError(kind, path, message) {
  const Kind = kind === "model" ? ModelError : kind === "input" ? InputError : ValuevectorError;
  return new Kind(kind, path, message);
}
