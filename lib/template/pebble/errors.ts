/** Where in the template something went wrong (1-based). */
export interface SourcePosition {
  line: number;
  column: number;
}

function where(pos: SourcePosition | undefined, source: string | undefined): string {
  const at = pos ? ` (line ${pos.line}, column ${pos.column})` : "";
  const expr = source !== undefined ? ` in \`${source.length > 120 ? `${source.slice(0, 117)}...` : source}\`` : "";
  return `${at}${expr}`;
}

export type PebbleErrorKind = "syntax" | "runtime" | "undefined" | "limit";

// A global brand, not `instanceof`: bundles (and worker threads) may hold several copies of the class.
const BRAND = Symbol.for("osprey.PebbleError");

/** Base of every error the engine throws: a message with position and the template text. */
export class PebbleError extends Error {
  readonly [BRAND] = true;
  readonly kind: PebbleErrorKind = "runtime";

  constructor(
    readonly reason: string,
    readonly position?: SourcePosition,
    readonly template?: string,
  ) {
    super(`${reason}${where(position, template)}`);
    this.name = "PebbleError";
  }

  static is(err: unknown): err is PebbleError {
    return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Plain data, e.g. to post from a worker thread. */
  toJSON(): { name: string; kind: PebbleErrorKind; message: string; reason: string; position?: SourcePosition } {
    return { name: this.name, kind: this.kind, message: this.message, reason: this.reason, position: this.position };
  }
}

/** The template does not parse. */
export class PebbleSyntaxError extends PebbleError {
  constructor(reason: string, position: SourcePosition, template: string) {
    super(reason, position, template);
    this.name = "PebbleSyntaxError";
    (this as { kind: PebbleErrorKind }).kind = "syntax";
  }
}

/** Evaluation failed (wrong types, a filter's error, a host function's error). */
export class PebbleRuntimeError extends PebbleError {
  constructor(reason: string, position?: SourcePosition, template?: string) {
    super(reason, position, template);
    this.name = "PebbleRuntimeError";
  }
}

/**
 * A variable or attribute does not exist (Kestra runs Pebble with strictVariables). It is the one
 * error `??`, `???`, `default` and `is defined` swallow, like Pebble's AttributeNotFoundException.
 */
export class PebbleUndefinedError extends PebbleRuntimeError {
  constructor(
    reason: string,
    readonly attribute: string,
    position?: SourcePosition,
    template?: string,
  ) {
    super(reason, position, template);
    this.name = "PebbleUndefinedError";
    (this as { kind: PebbleErrorKind }).kind = "undefined";
  }
}

/** The evaluation went past its step budget or its output cap. */
export class TemplateLimitError extends PebbleError {
  constructor(reason: string, position?: SourcePosition, template?: string) {
    super(reason, position, template);
    this.name = "TemplateLimitError";
    (this as { kind: PebbleErrorKind }).kind = "limit";
  }
}

/** A failure raised inside a filter or function, before the caller adds the position. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterError";
  }
}

/** Gives an error raised during evaluation the position and template it happened in (once). */
export function locate(err: unknown, position: SourcePosition | undefined, template: string): Error {
  if (err instanceof PebbleError) {
    if (err.position || err.template !== undefined) return err;
    if (err instanceof TemplateLimitError) return new TemplateLimitError(err.reason, position, template);
    if (err instanceof PebbleUndefinedError)
      return new PebbleUndefinedError(err.reason, err.attribute, position, template);
    return new PebbleRuntimeError(err.reason, position, template);
  }
  const message = err instanceof Error ? err.message : String(err);
  // A RangeError is the engine refusing an allocation (string or array too long), or a stack
  // overflow, most often from walking a value nested thousands deep: a limit either way.
  if (err instanceof RangeError) {
    const reason = /call stack/i.test(message)
      ? "Evaluation nested too deeply for the stack (most likely a value nested thousands of levels deep)"
      : "Evaluation ran out of room";
    return new TemplateLimitError(`${reason}: ${message}`, position, template);
  }
  return new PebbleRuntimeError(message, position, template);
}
