import { authorizeIn } from "@/lib/auth/refusal";
import { getDb } from "@/lib/db/db";
import { parseFlow } from "@/lib/flow/parse-flow";
import { saveFlow } from "@/lib/flows/save-flow";
import { handleRoute } from "@/lib/http/handle-route";
import { readYamlBody } from "@/lib/http/read-yaml-body";

export const dynamic = "force-dynamic";

/** POST /api/v1/flows — create a flow from YAML (Content-Type: application/x-yaml). */
export const POST = handleRoute(
  { permission: "flow:write", namespaces: "visible" },
  async (request, _context, actor) => {
    const source = await readYamlBody(request);
    // The namespace is in the body: checked before anything is stored (saveFlow refuses an invalid flow).
    const declared = parseFlow(source);
    if (declared.ok) authorizeIn(actor, "flow:write", declared.flow.namespace);
    const saved = await saveFlow(await getDb(), source, { create: true }, actor.email);
    return Response.json(saved, { status: 201 });
  },
);
