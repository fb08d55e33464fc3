import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readYamlBody } from "@/lib/http/read-yaml-body";
import { deleteManifest, getManifest, saveManifest } from "@/lib/manifests/manifest-store";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ type: string }> };

/** GET — one registered task type: its current revision and YAML. */
export const GET = handleRoute("signedIn", async (_request, { params }: Ctx) =>
  Response.json(await getManifest(await getDb(), (await params).type)),
);

/** PUT — a new revision of the type's manifest (the YAML must name the same type). Admins only. */
export const PUT = handleRoute("taskType:write", async (request, { params }: Ctx, actor) =>
  Response.json(await saveManifest(await getDb(), await readYamlBody(request), actor.email, (await params).type)),
);

/** DELETE — unregisters the type; flows that use it are refused until it is registered again. Admins only. */
export const DELETE = handleRoute("taskType:write", async (_request, { params }: Ctx) => {
  await deleteManifest(await getDb(), (await params).type);
  return new Response(null, { status: 204 });
});
