import { getDb } from "@/lib/db/db";
import { saveFlow } from "@/lib/flows/save-flow";
import { handleRoute } from "@/lib/http/handle-route";
import { readYamlBody } from "@/lib/http/read-yaml-body";

export const dynamic = "force-dynamic";

/** POST /api/v1/flows — create a flow from YAML (Content-Type: application/x-yaml). */
export const POST = handleRoute("flow:write", async (request, _context, actor) => {
  const saved = await saveFlow(await getDb(), await readYamlBody(request), { create: true }, actor.email);
  return Response.json(saved, { status: 201 });
});
