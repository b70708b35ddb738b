/** Any valuevector error. */
export class ValuevectorError extends Error {
  /** "model", "input"... */
  readonly kind: string;
  /** The model field or input at fault; "" for the whole input. */
  readonly path: string;
}
/** The model is malformed or invalid. */
export class ModelError extends ValuevectorError {}
/** An input is invalid: an unknown name, infinity, a value out of range... */
export class InputError extends ValuevectorError {}
