import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readYamlBody } from "@/lib/http/read-yaml-body";
import { listManifests, saveManifest } from "@/lib/manifests/manifest-store";

export const dynamic = "force-dynamic";

/** GET — the task types registered from manifests, each with its current revision and YAML. */
export const GET = handleRoute("signedIn", async () =>
  Response.json({ taskTypes: await listManifests(await getDb()) }),
);

/** POST — registers a task type from its manifest (YAML), or saves a new revision of it. Admins only. */
export const POST = handleRoute("taskType:write", async (request, _context, actor) =>
  Response.json(await saveManifest(await getDb(), await readYamlBody(request), actor.email), { status: 201 }),
);
