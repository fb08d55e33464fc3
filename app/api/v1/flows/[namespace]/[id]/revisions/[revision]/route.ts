import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { getRevision } from "@/lib/flows/flow-revisions";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; id: string; revision: string }> };

/** GET — one revision's YAML as saved (restore it by PUTting it back: it becomes a new revision). */
export const GET = handleRoute({ permission: "flow:read", namespace: namespaceParam("namespace") }, async (_request, { params }: Ctx) => {
  const { namespace, id, revision } = await params;
  const rev = z.coerce.number().int().min(1).parse(revision);
  return Response.json(await getRevision(await getDb(), namespace, id, rev));
});
