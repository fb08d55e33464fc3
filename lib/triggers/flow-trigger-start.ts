import type { ExecutorDeps } from "../deps/executor-deps";
import { createExecution } from "../executions/create-execution";
import type { TFlowInput } from "../flow/flow-inputs";
import { defaultOf, isBlank, isRequired } from "../flow/input-rules";
import { SYSTEM_PREFIX, type TLabel, toLabelList } from "../flow/labels";
import type { TFlowTrigger } from "../flow/trigger-schemas";
import { LogWriter } from "../logs/log-writer";
import { lastStoredSeq } from "../logs/read-logs";
import type { ListeningFlow, Upstream } from "./flow-trigger-upstream";
import { triggerRenderer } from "./trigger-render";

/** A flow with Flow triggers, as the upstream's state change found it. */
export interface ListeningFlowSpec extends ListeningFlow {
  /** Its declared inputs: a required one a trigger does not give is told in the execution's log. */
  inputs: TFlowInput[];
}

/**
 * Starts the listening flow for one Flow trigger that holds, as Kestra's Flow.evaluate: `inputs` and
 * the trigger's `labels` rendered with the upstream's variables (`variables`), the flow's labels,
 * the upstream's correlation id. Kestra does not check a Flow trigger's inputs: a required input it
 * does not give is left unset (null) and said in the new execution's log. Returns its id.
 */
export async function startListeningFlow(
  deps: ExecutorDeps,
  start: {
    flow: ListeningFlowSpec;
    trigger: TFlowTrigger;
    upstream: Upstream;
    variables: Record<string, unknown>;
    correlationId: string;
  },
): Promise<string> {
  const { flow, trigger: t, upstream, variables } = start;
  const render = triggerRenderer(deps);
  const inputs = t.inputs ? await render.value(t.inputs, variables) : {};
  const labels = await renderLabels(toLabelList((t as { labels?: unknown }).labels), (v) => render.value(v, variables));
  const execution = await createExecution(deps.db, flow.namespace, flow.flowId, inputs, undefined, {
    trigger: upstream.trigger,
    triggerType: "flow",
    triggerId: t.id,
    correlationId: start.correlationId,
    labels,
    requiredMayBeMissing: true,
  });
  const missing = flow.inputs.filter((d) => isRequired(d) && !d.dependsOn && isBlank(d, inputs[d.id] ?? defaultOf(d)));
  if (missing.length)
    await logToExecution(
      deps,
      execution.id,
      `required input${missing.length > 1 ? "s" : ""} ${missing.map((d) => d.id).join(", ")} not given by Flow trigger ${t.id}: ` +
        `the execution starts with ${missing.length > 1 ? "them" : "it"} unset (null), as Kestra starts it`,
    );
  return execution.id;
}

/**
 * Kestra's LabelService.fromTrigger: each label value rendered; one rendering to null is left out, and
 * so are system labels (`system.*` are Osprey's to set).
 */
async function renderLabels(labels: TLabel[], render: (value: string) => Promise<unknown>): Promise<TLabel[]> {
  const out: TLabel[] = [];
  for (const { key, value } of labels) {
    if (key.startsWith(SYSTEM_PREFIX)) continue;
    const rendered = await render(value);
    if (rendered !== null && rendered !== undefined) out.push({ key, value: String(rendered) });
  }
  return out;
}

/** One WARN line in an execution's log, stored before this returns. */
async function logToExecution(deps: ExecutorDeps, executionId: string, message: string): Promise<void> {
  const writer = new LogWriter(deps.db, deps.bus, executionId, await lastStoredSeq(deps.db, executionId), {
    flushMs: 10,
    highWaterLines: 10,
  });
  writer.append({ taskRunId: null, taskId: null, stream: "system", level: "WARN", message });
  await writer.flush();
}
