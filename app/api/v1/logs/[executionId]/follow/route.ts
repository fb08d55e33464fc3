import { getDb } from "@/lib/db/db";
import { getExecution } from "@/lib/executions/get-execution";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";
import { followLogs } from "@/lib/logs/follow-logs";
import { getLogBus } from "@/lib/logs/log-bus";
import { sseResponse } from "@/lib/logs/sse";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ executionId: string }> };

/** GET — server-sent events: stored then live lines, state changes, `end` when done. */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("executionId") },
  async (request, { params }: Ctx) => {
    const { executionId } = await params;
    const db = await getDb();
    await getExecution(db, executionId); // 404 before the first byte, not inside the stream
    const header = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId");
    const afterSeq = Math.max(0, Number.parseInt(header ?? "0", 10) || 0);
    return sseResponse(request, (send, signal) =>
      followLogs({ db, bus: getLogBus() }, executionId, afterSeq, send, signal),
    );
  },
);
