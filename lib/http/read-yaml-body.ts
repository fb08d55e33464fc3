import { AppError } from "../errors/app-error";
import { MAX_FLOW_SOURCE_BYTES } from "../flow/parse-flow";

const YAML_TYPES = ["application/x-yaml", "application/yaml", "text/yaml", "text/x-yaml", "text/plain"];

/** The request body as YAML text: right media type, bounded size, read without buffering more than the cap. */
export async function readYamlBody(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!YAML_TYPES.includes(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", `send the flow as YAML with Content-Type: application/x-yaml (got "${type || "none"}")`);
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FLOW_SOURCE_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FLOW_SOURCE_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `a flow may be at most ${MAX_FLOW_SOURCE_BYTES} bytes`);
}
