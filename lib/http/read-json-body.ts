import { AppError } from "../errors/app-error";
import { JsonDepthError, parseJsonWithin } from "../json/json-depth";
import { readBoundedBody } from "./read-body";

/** Most bytes a JSON or form request body may have (secrets, inputs); a flow is YAML and has its own cap. */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/**
 * The request body as JSON: bounded while it is read, and a clear 400 (not a 500) when it does not
 * parse or nests deeper than MAX_JSON_DEPTH (such a value would overflow the stack once stored).
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = (await readBoundedBody(request, MAX_JSON_BODY_BYTES, "a JSON body")).toString("utf8");
  try {
    return parseJsonWithin(text);
  } catch (err) {
    if (err instanceof JsonDepthError) throw new AppError("BAD_REQUEST", `the body's ${err.message}`);
    throw new AppError("BAD_REQUEST", "the body is not valid JSON");
  }
}

/** The request body as text (a secret's value sent raw), bounded while it is read. */
export async function readTextBody(request: Request): Promise<string> {
  return (await readBoundedBody(request, MAX_JSON_BODY_BYTES, "the body")).toString("utf8");
}
