import { AppError } from "../errors/app-error";
import { MAX_FLOW_SOURCE_BYTES } from "../flow/parse-flow";
import { readBoundedBody } from "./read-body";

const YAML_TYPES = ["application/x-yaml", "application/yaml", "text/yaml", "text/x-yaml", "text/plain"];

/** The request body as YAML text: right media type, bounded size, read without buffering more than the cap. */
export async function readYamlBody(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!YAML_TYPES.includes(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `send the flow as YAML with Content-Type: application/x-yaml (got "${type || "none"}")`,
    );
  }
  return (await readBoundedBody(request, MAX_FLOW_SOURCE_BYTES, "a flow")).toString("utf8");
}
