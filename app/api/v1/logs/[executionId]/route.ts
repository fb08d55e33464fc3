import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { getExecution } from "@/lib/executions/get-execution";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";
import { queryOf } from "@/lib/values/paging";
import { MAX_LOG_PAGE, readLogs } from "@/lib/logs/read-logs";
import { taskRunIdsOf } from "@/lib/logs/task-run-filter";

export const dynamic = "force-dynamic";

const ZQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_LOG_PAGE).default(1000),
  taskId: z.string().max(100).optional(),
});

type Ctx = { params: Promise<{ executionId: string }> };

/**
 * GET — stored lines, paged by sequence number: pass the last `seq` you got as `afterSeq`. `taskId`
 * keeps one task's lines, `taskRunId` (repeatable) those of the task runs named.
 */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("executionId") },
  async (request, { params }: Ctx) => {
    const { executionId } = await params;
    const query = ZQuery.parse(queryOf(request));
    const taskRunIds = taskRunIdsOf(request);
    const db = await getDb();
    await getExecution(db, executionId);
    const lines = await readLogs(db, executionId, { ...query, taskRunIds });
    return Response.json({
      executionId,
      lines,
      nextAfterSeq: lines.at(-1)?.seq ?? query.afterSeq,
      more: lines.length === query.limit,
    });
  },
);
