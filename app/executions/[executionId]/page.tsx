import { pageActor } from "@/lib/auth/page-actor";
import { canIn } from "@/lib/auth/namespace-roles";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { getExecution } from "@/lib/executions/get-execution";
import { parseFlow } from "@/lib/flow/parse-flow";
import { ExecutionView } from "@/components/execution/ExecutionView";
import { executionSource } from "@/lib/flows/execution-source";

export const dynamic = "force-dynamic";

export default async function ExecutionPage({ params }: { params: Promise<{ executionId: string }> }) {
  const { executionId } = await params;
  const actor = await pageActor(`/executions/${executionId}`);
  try {
    const execution = await getExecution(await getDb(), executionId);
    // Like the API: an execution outside the viewer's namespaces does not exist for them.
    if (!canIn(actor, "execution:read", execution.namespace)) notFound();
    const parsed = parseFlow(await executionSource(await getDb(), execution));
    // The task tree the execution ran (its graph and task list are drawn from it).
    const flow = parsed.ok
      ? {
          tasks: parsed.flow.tasks,
          errors: parsed.flow.errors,
          finally: parsed.flow.finally,
          afterExecution: parsed.flow.afterExecution,
        }
      : {};
    const { source: _source, ...rest } = execution;
    return (
      <ExecutionView
        initial={JSON.parse(JSON.stringify(rest))}
        flow={JSON.parse(JSON.stringify(flow))}
        canRun={canIn(actor, "execution:run", execution.namespace)}
      />
    );
  } catch (err) {
    if (AppError.is(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
