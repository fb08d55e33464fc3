import { createExecutionRoute } from "@/lib/http/create-execution-route";

export const dynamic = "force-dynamic";

// Kestra's path: POST /api/v1/executions/{namespace}/{flowId}. The first segment shares its folder
// with GET /api/v1/executions/{executionId}, hence its name.
export const POST = createExecutionRoute();
