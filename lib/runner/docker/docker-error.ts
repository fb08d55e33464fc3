/** A Docker failure with what a reader needs to act on it (STYLE habit 6). */
export class DockerError extends Error {
  constructor(
    message: string,
    readonly details: { image?: string; containerId?: string; statusCode?: number; cause?: string } = {},
  ) {
    super(message);
    this.name = "DockerError";
  }
}

/** dockerode errors carry the engine's JSON body; take its message, not the HTTP noise. */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; reason?: string; message?: string };
  return e?.json?.message ?? e?.message ?? e?.reason ?? String(err);
}

export function statusCodeOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown })?.statusCode;
  return typeof code === "number" ? code : undefined;
}
