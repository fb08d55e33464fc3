import type { Db } from "../db/create-client";
import type { TConfig } from "../config";
import type { TLabel } from "../flow/labels";
import { parseWithManifests } from "../manifests/parse-with-manifests";
import { maskSealedInputs } from "../secrets/sealed-inputs";
import { ENDED, type TState } from "../states/states";
import type { TRunnableFlow } from "../task-runs/execution-session";
import { loadRunsOf } from "../task-runs/stored-run";
import { executionContext } from "../task-runs/template-context";
import type { ConditionExecution } from "./conditions/condition-context";
import { conditionTaskRuns } from "./conditions/condition-task-runs";
import { withSource } from "../flows/execution-source";

/** The upstream execution's row, as stored. */
export type UpstreamRow = NonNullable<Awaited<ReturnType<Db["execution"]["findUnique"]>>>;

/** The flow holding a Flow trigger: what `{{ flow.* }}` reads in its expressions. */
export interface ListeningFlow {
  namespace: string;
  flowId: string;
  revision: number;
}

/** An upstream execution as Flow triggers see it, in the state it just moved into. */
export interface Upstream {
  execution: ConditionExecution;
  /** What `{{ trigger.* }}` reads, in the trigger's expressions and in the execution it starts. */
  trigger: Record<string, unknown>;
  /**
   * The variables of the upstream execution (its task `outputs`, `tasks`, `inputs`, `labels`, `vars`,
   * `execution`) with the listening flow as `flow` and the Flow trigger's `trigger`: Kestra renders a
   * Flow trigger's inputs and conditions in runContextFactory.of(flow, upstream execution).
   */
  variablesFor(flow: ListeningFlow): Record<string, unknown>;
}

/**
 * Reads what Flow triggers may look at in `row`, now in `state` (the row itself may have moved on
 * since). `expressions`: the text of the triggers to evaluate; task runs are read only when it
 * may name `outputs` or `tasks`. SECRET inputs stay masked: a listening flow never reads them.
 */
export async function readUpstream(
  deps: { db: Db; config: Pick<TConfig, "envs" | "OSPREY_GLOBALS"> },
  stored: UpstreamRow,
  state: TState,
  expressions: string,
): Promise<Upstream> {
  const row = await withSource(deps.db, stored);
  const labels = row.labels ? (JSON.parse(row.labels) as TLabel[]) : [];
  const outputs = row.outputs ? (JSON.parse(row.outputs) as Record<string, unknown>) : null;
  const parsed = await parseWithManifests(deps.db, row.source);
  // Only `vars` is read from the flow: a revision that no longer parses has none.
  const flow = (parsed.ok ? parsed.flow : { variables: undefined }) as TRunnableFlow;
  const inputs = JSON.parse(maskSealedInputs(row.inputs) ?? "{}") as Record<string, unknown>;
  const runs = /outputs|tasks|render/.test(expressions) ? await loadRunsOf(deps.db, row.id) : [];
  const base = executionContext({ execution: row, inputs, flow, tasks: new Map(), deps }, runs, expressions);
  const execution = {
    ...base.execution,
    state,
    ...(ENDED.has(state) && row.endedAt ? { endDate: row.endedAt.toISOString() } : {}),
    ...(outputs ? { outputs } : {}),
  };
  const trigger = {
    executionId: row.id,
    namespace: row.namespace,
    flowId: row.flowId,
    flowRevision: row.flowRevision,
    state,
    outputs: outputs ?? {},
  };
  return {
    execution: {
      id: row.id,
      namespace: row.namespace,
      flowId: row.flowId,
      flowRevision: row.flowRevision,
      state,
      labels,
      outputs,
      taskRuns: () => conditionTaskRuns(deps.db, row.id),
    },
    trigger,
    variablesFor: (f) => ({
      ...base,
      flow: { id: f.flowId, namespace: f.namespace, revision: f.revision, tenantId: "main" },
      execution,
      trigger,
    }),
  };
}
