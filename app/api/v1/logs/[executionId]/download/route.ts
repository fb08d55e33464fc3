import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { getExecution } from "@/lib/executions/get-execution";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";
import { queryOf } from "@/lib/values/paging";
import { logTextStream } from "@/lib/logs/download-logs";
import { taskRunIdsOf } from "@/lib/logs/task-run-filter";

export const dynamic = "force-dynamic";

const ZQuery = z.object({ taskId: z.string().max(100).optional() });

type Ctx = { params: Promise<{ executionId: string }> };

/** GET — the whole stored log (or one task's, `?taskId=`, or some task runs', `?taskRunId=`) as plain text, streamed from the database. */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("executionId") },
  async (request, { params }: Ctx) => {
    const { executionId } = await params;
    const { taskId } = ZQuery.parse(queryOf(request));
    const taskRunIds = taskRunIdsOf(request);
    const db = await getDb();
    await getExecution(db, executionId);
    const name =
      `${executionId}${taskId ? `-${taskId}` : ""}${taskRunIds.length === 1 ? `-${taskRunIds[0]}` : ""}.log`.replace(
        /[^\w.-]/g,
        "_",
      );
    return new Response(logTextStream(db, executionId, { taskId, taskRunIds }), {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
