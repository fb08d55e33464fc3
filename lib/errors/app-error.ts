/** Typed errors with a code that routes map to an HTTP status (STYLE habit 6). */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "INVALID_FLOW"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_FLOW: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
};

export interface Problem {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly problems: Problem[];

  constructor(code: AppErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.problems = problems;
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON() {
    return { code: this.code, message: this.message, problems: this.problems };
  }
}
