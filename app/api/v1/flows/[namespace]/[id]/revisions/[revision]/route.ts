import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { getRevision } from "@/lib/flows/flow-revisions";
import { visibleSource } from "@/lib/flows/visible-source";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; id: string; revision: string }> };

/** GET — one revision's YAML as saved (restore it by PUTting it back: it becomes a new revision); webhook keys masked below editor. */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx, actor) => {
    const { namespace, id, revision } = await params;
    const rev = await getRevision(await getDb(), namespace, id, z.coerce.number().int().min(1).parse(revision));
    return Response.json({ ...rev, source: visibleSource(actor, namespace, rev.source) });
  },
);
