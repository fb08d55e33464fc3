/** Typed errors with a code that routes map to an HTTP status (STYLE habit 6). */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "INVALID_FLOW"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "GATEWAY_TIMEOUT"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INVALID_FLOW: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  GATEWAY_TIMEOUT: 504,
  INTERNAL: 500,
};

export interface Problem {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

// A global brand, not `instanceof`: Next bundles each route apart, so one class can exist in
// several copies while objects (the cached secret store, the executor) are shared between them.
const BRAND = Symbol.for("osprey.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;
  readonly code: AppErrorCode;
  readonly problems: Problem[];

  constructor(code: AppErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.problems = problems;
  }

  static is(err: unknown): err is AppError {
    return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { code: this.code, message: this.message, problems: this.problems };
  }
}
