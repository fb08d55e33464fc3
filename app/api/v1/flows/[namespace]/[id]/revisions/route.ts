import { getDb } from "@/lib/db/db";
import { listRevisions } from "@/lib/flows/flow-revisions";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; id: string }> };

/** GET — the flow's revisions, newest first: number, who saved it, when. */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx) => {
    const { namespace, id } = await params;
    return Response.json({ revisions: await listRevisions(await getDb(), namespace, id) });
  },
);
