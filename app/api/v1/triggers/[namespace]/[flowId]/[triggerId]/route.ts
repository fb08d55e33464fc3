import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readJsonBody } from "@/lib/http/read-json-body";
import { triggerContext } from "@/lib/triggers/trigger-state-search";
import { findTriggerState, setTriggerDisabled } from "@/lib/triggers/trigger-state-toggle";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; flowId: string; triggerId: string }> };

const inNamespace = namespaceParam("namespace");

/** GET — the trigger's state (next and last run, switched off, backfill). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: inNamespace },
  async (_request, { params }: Ctx) => {
    const { namespace, flowId, triggerId } = await params;
    return Response.json(triggerContext(await findTriggerState(await getDb(), namespace, flowId, triggerId)));
  },
);

const ZToggle = z.object({ disabled: z.boolean() }).strict();

/** PUT {disabled} — switch the trigger off or back on (a Schedule then applies recoverMissedSchedules). */
export const PUT = handleRoute(
  { permission: "flow:write", namespace: inNamespace },
  async (request, { params }: Ctx) => {
    const { namespace, flowId, triggerId } = await params;
    const { disabled } = ZToggle.parse(await readJsonBody(request));
    return Response.json(
      triggerContext(await setTriggerDisabled(await getDb(), namespace, flowId, triggerId, disabled)),
    );
  },
);
