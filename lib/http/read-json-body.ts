import { AppError } from "../errors/app-error";

/** Most bytes a JSON request body may have (secrets, inputs); a flow is YAML and has its own cap. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/** The request body as JSON: bounded, and a clear 400 (not a 500) when it does not parse. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `a JSON body may be at most ${MAX_JSON_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "the body is not valid JSON");
  }
}
