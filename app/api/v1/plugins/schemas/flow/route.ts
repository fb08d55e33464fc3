import { flowJsonSchema } from "@/lib/flow/json-schema";

/** The editor's JSON schema, generated from the zod schemas that validate on save. */
export function GET() {
  return Response.json(flowJsonSchema());
}
