import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET — Kestra's `getNamespace`: `{id}`; a namespace exists as soon as something names it. */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx) => {
    const id = ZNamespace.parse((await params).namespace);
    return Response.json({ id, deleted: false });
  },
);
