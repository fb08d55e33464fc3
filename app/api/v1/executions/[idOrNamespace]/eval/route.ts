import { evalOrRunRoute } from "@/lib/http/eval-route";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/executions/{executionId}/eval — renders the expression in the body against the
 * execution's variables (Kestra's "debug outputs"); for a namespace, runs its flow `eval`.
 */
export const POST = evalOrRunRoute;
