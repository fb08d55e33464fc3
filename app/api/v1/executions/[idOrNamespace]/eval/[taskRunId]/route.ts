import { evalRoute } from "@/lib/http/eval-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/executions/{executionId}/eval/{taskRunId} — the expression as that task run saw its variables. */
export const POST = evalRoute;
