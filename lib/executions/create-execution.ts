import { randomUUID } from "node:crypto";
import { config } from "../config";
import { assertDepthAllowed } from "./execution-depth";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { resolveInputs } from "../flow/resolve-inputs";
import {
  CORRELATION_ID,
  labelsOf,
  labelsVariable,
  SYSTEM_PREFIX,
  systemLabelGiven,
  type TLabel,
  withoutSystemLabels,
} from "../flow/labels";
import { refuseLabelsPastCaps } from "../flow/label-caps";
import { parseWithManifests } from "../manifests/parse-with-manifests";
import { getFlow } from "../flows/get-flow";
import { sourceToStore } from "../flows/execution-source";
import { evaluateChecks } from "./flow-checks";
import { withExpressionValues } from "./input-expressions";
import { sealSecretInputs } from "../secrets/sealed-inputs";
import type { SecretStore } from "../secrets/secret-store";
import { State } from "../states/states";

export interface ExecutionOrigin {
  /** What `{{ trigger.* }}` reads in the new execution (a parent's Subflow: its execution's ids). */
  trigger?: Record<string, unknown>;
  /** What kind of thing started it (manual when absent) and, for a flow's trigger, that trigger's id. */
  triggerType?: "manual" | "schedule" | "webhook" | "flow" | "subflow" | "backfill" | "http" | "poll";
  triggerId?: string;
  /** Labels given for this run; the flow's own labels come first, these win on the same key. */
  labels?: TLabel[];
  /** The new execution's id, when the caller already stored files under it (FILE inputs). */
  id?: string;
  /** Seals SECRET inputs before they are stored; without it a flow's SECRET input cannot be given. */
  secrets?: Pick<SecretStore, "sealInput">;
  /** For a child (Subflow, ForEachItem, Flow trigger): how deep chains of executions may go (OSPREY_MAX_SUBFLOW_DEPTH). */
  maxDepth?: number;
  /** The `system.correlationId` it shares with the execution that started it (else its own id). */
  correlationId?: string;
  /** A Flow trigger's run: Kestra does not check its inputs, so a required input it does not give is null instead of refusing the run. */
  requiredMayBeMissing?: boolean;
  /** Kestra's `scheduleDate`: made now, started from then on (a past date: at once). */
  scheduledFor?: Date;
}

/**
 * Queues a run of the flow's current revision with checked inputs; the executor picks it up. A
 * manual run passes the flow's `checks` first: BLOCK_EXECUTION refuses it with their messages,
 * FAIL_EXECUTION stores it FAILED (it never runs), CREATE_EXECUTION runs it.
 */
export async function createExecution(
  db: Db,
  namespace: string,
  flowId: string,
  givenInputs: Record<string, unknown> = {},
  startedBy?: string,
  origin: ExecutionOrigin = {},
) {
  const parentId = origin.trigger?.executionId;
  if (typeof parentId === "string" && (origin.triggerType === "subflow" || origin.triggerType === "flow")) {
    await assertDepthAllowed(db, parentId, origin.maxDepth ?? config.OSPREY_MAX_SUBFLOW_DEPTH);
  }
  const flow = await getFlow(db, namespace, flowId);
  const parsed = await parseWithManifests(db, flow.source);
  if (parsed.ok && parsed.flow.disabled === true)
    throw new AppError("CONFLICT", `flow ${namespace}.${flowId} is disabled and cannot be run`);
  const declared = parsed.ok
    ? await withExpressionValues(
        db,
        {
          namespace,
          id: flowId,
          revision: flow.revision,
          variables: parsed.flow.variables as Record<string, unknown> | undefined,
        },
        parsed.flow.inputs ?? [],
      )
    : [];
  const id = origin.id ?? randomUUID();
  const checked = origin.requiredMayBeMissing ? declared.map((d) => ({ ...d, required: false })) : declared;
  const resolved = parsed.ok ? resolveInputs(checked, givenInputs) : {};
  const sealer = origin.secrets;
  // SECRET values are never stored in clear: sealed here, opened only when the execution runs.
  const inputs = sealSecretInputs(declared, resolved, (inputId, value) => {
    if (!sealer)
      throw new AppError(
        "BAD_REQUEST",
        `input ${inputId} is a SECRET, which can only be given through the API or the Run dialog`,
      );
    return sealer.sealInput(`${namespace}/${flowId}`, inputId, value);
  });
  const given = origin.labels ?? [];
  const reserved = systemLabelGiven(given);
  if (reserved)
    throw new AppError(
      "BAD_REQUEST",
      `label ${reserved}: labels starting with ${SYSTEM_PREFIX} are set by Osprey, not given`,
    );
  // Kestra: the flow's system labels stay on the flow; the execution gets its correlation id.
  const own = mergeLabels(withoutSystemLabels(parsed.ok ? labelsOf(parsed.flow) : []), given);
  refuseLabelsPastCaps(own);
  const labels = [...own, { key: CORRELATION_ID, value: origin.correlationId ?? id }];
  const manual = (origin.triggerType ?? "manual") === "manual";
  const checks =
    parsed.ok && manual
      ? evaluateChecks(parsed.flow.checks, {
          flow: { id: flowId, namespace, revision: flow.revision },
          inputs,
          labels: labelsVariable(labels),
          ...(parsed.flow.variables ? { vars: parsed.flow.variables as Record<string, unknown> } : {}),
        })
      : null;
  if (checks?.outcome === "BLOCK")
    throw new AppError("BAD_REQUEST", `the flow's checks block this execution: ${checks.messages.join("; ")}`);
  const failed = checks?.outcome === "FAIL";
  return db.execution.create({
    data: {
      id,
      namespace,
      flowId,
      flowRevision: flow.revision,
      // Null: it runs the stored revision, whose source it reads (lib/flows/execution-source.ts).
      source: await sourceToStore(db, namespace, flowId, flow.revision, flow.source),
      inputs: JSON.stringify(inputs),
      state: failed ? State.FAILED : State.CREATED,
      ...(failed
        ? { error: `the flow's checks failed this execution: ${checks.messages.join("; ")}`, endedAt: new Date() }
        : {}),
      startedBy,
      trigger: origin.trigger ? JSON.stringify(origin.trigger) : null,
      triggerType: origin.triggerType ?? "manual",
      triggerId: origin.triggerId ?? null,
      labels: labels.length ? JSON.stringify(labels) : null,
      scheduledFor: origin.scheduledFor ?? null,
    },
  });
}

/** Labels by key, later ones winning, in first-seen order. */
export function mergeLabels(...lists: TLabel[][]): TLabel[] {
  const byKey = new Map<string, string>();
  for (const list of lists) for (const { key, value } of list) byKey.set(key, value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
