import { flowJsonSchema } from "@/lib/flow/json-schema";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

/** The editor's JSON schema, generated from the zod schemas that validate on save. */
export const GET = handleRoute("signedIn", async () => Response.json(flowJsonSchema()));
