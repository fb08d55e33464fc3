import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readJsonBody } from "@/lib/http/read-json-body";
import { deleteKeysForApi, listKvForApi } from "@/lib/kv/kv-api";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET — the namespace's live keys (Kestra's KVEntry list, with each value's type and a preview). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx) => {
    const namespace = ZNamespace.parse((await params).namespace);
    return Response.json(await listKvForApi(await getDb(), namespace));
  },
);

const ZBulk = z.object({ keys: z.array(z.string()).max(1000) });

/** DELETE — several keys at once: `{"keys": [...]}` → `{"keys": [those that had a value]}`. */
export const DELETE = handleRoute(
  { permission: "flow:write", namespace: namespaceParam("namespace") },
  async (request, { params }: Ctx) => {
    const namespace = ZNamespace.parse((await params).namespace);
    const { keys } = ZBulk.parse(await readJsonBody(request));
    return Response.json({ keys: await deleteKeysForApi(await getDb(), namespace, keys) });
  },
);
