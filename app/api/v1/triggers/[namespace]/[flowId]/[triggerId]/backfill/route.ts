import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readJsonBody } from "@/lib/http/read-json-body";
import { cancelBackfill, setBackfillPaused, startBackfill, ZBackfillRequest } from "@/lib/triggers/backfill";
import { triggerContext } from "@/lib/triggers/trigger-state-search";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; flowId: string; triggerId: string }> };

const inNamespace = namespaceParam("namespace");

/** POST {start, end?, inputs?, labels?} — run the schedule's ticks from start to end (default now). */
export const POST = handleRoute(
  { permission: "execution:run", namespace: inNamespace },
  async (request, { params }: Ctx) => {
    const { namespace, flowId, triggerId } = await params;
    const body = ZBackfillRequest.parse(await readJsonBody(request));
    return Response.json(triggerContext(await startBackfill(await getDb(), namespace, flowId, triggerId, body)), {
      status: 201,
    });
  },
);

const ZPause = z.object({ paused: z.boolean() }).strict();

/** PUT {paused} — pause or resume the running backfill. */
export const PUT = handleRoute(
  { permission: "execution:run", namespace: inNamespace },
  async (request, { params }: Ctx) => {
    const { namespace, flowId, triggerId } = await params;
    const { paused } = ZPause.parse(await readJsonBody(request));
    return Response.json(triggerContext(await setBackfillPaused(await getDb(), namespace, flowId, triggerId, paused)));
  },
);

/** DELETE — cancel the backfill: ticks not yet run are not run. */
export const DELETE = handleRoute(
  { permission: "execution:run", namespace: inNamespace },
  async (_request, { params }: Ctx) => {
    const { namespace, flowId, triggerId } = await params;
    return Response.json(triggerContext(await cancelBackfill(await getDb(), namespace, flowId, triggerId)));
  },
);
