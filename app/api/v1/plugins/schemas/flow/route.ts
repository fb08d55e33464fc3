import { getDb } from "@/lib/db/db";
import { flowJsonSchema } from "@/lib/flow/json-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { syncManifestTypes } from "@/lib/manifests/manifest-sync";

export const dynamic = "force-dynamic";

/** The editor's JSON schema, generated from the zod schemas that validate on save (with the registered task types). */
export const GET = handleRoute("signedIn", async () => {
  await syncManifestTypes(await getDb());
  return Response.json(flowJsonSchema());
});
