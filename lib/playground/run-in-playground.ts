import { randomUUID } from "node:crypto";
import { config } from "../config";
import type { Db } from "../db/create-client";
import { tasksById } from "../engine/decide";
import { AppError } from "../errors/app-error";
import { ExecutionKind } from "../execution-kind/execution-kind";
import { evaluateChecks } from "../executions/flow-checks";
import { withExpressionValues } from "../executions/input-expressions";
import { resolveInputs } from "../flow/resolve-inputs";
import { CORRELATION_ID, labelsOf, labelsVariable, withoutSystemLabels } from "../flow/labels";
import { validateFlowSource } from "../flows/save-flow";
import { parseWithManifests } from "../manifests/parse-with-manifests";
import { syncManifestTypes } from "../manifests/manifest-sync";
import type { SecretStore } from "../secrets/secret-store";
import { sealSecretInputs } from "../secrets/sealed-inputs";
import type { Storage } from "../storage/storage";
import { State } from "../states/states";
import { createWithEarlierRuns } from "./copy-earlier-runs";
import { cutFlow } from "./cut-flow";
import type { TPlaygroundRun } from "./playground-request";
import { findReusableRun } from "./reusable-run";

/**
 * Task types that start other executions. The playground refuses them rather than start real runs
 * of another flow from an unsaved draft (their children would be NORMAL executions, counted and
 * listed, and could fire triggers): the message says to save and run the flow instead.
 */
const STARTS_EXECUTIONS = new Set(["io.kestra.plugin.core.flow.Subflow", "io.kestra.plugin.core.flow.ForEachItem"]);

export interface PlaygroundDeps {
  db: Db;
  storage: Storage;
  secrets?: Pick<SecretStore, "sealInput">;
}

/**
 * Runs the editor's flow as it stands (unsaved) up to one top-level task, as an execution of kind
 * PLAYGROUND that keeps the source it ran. The flow is checked as a save checks it, and must name
 * the namespace and id it is run under. `upTo`: every task up to it, from the start. `task`: that
 * task alone; the tasks before it are copied, outputs and files, from this person's latest
 * playground run that ran them (lib/playground/reusable-run.ts). Returns the new execution.
 */
export async function runInPlayground(
  deps: PlaygroundDeps,
  namespace: string,
  flowId: string,
  request: TPlaygroundRun,
  startedBy: string,
) {
  const { db } = deps;
  await syncManifestTypes(db);
  const flow = validateFlowSource(request.source, config, config);
  if (flow.namespace !== namespace || flow.id !== flowId)
    throw new AppError(
      "BAD_REQUEST",
      `the YAML names ${flow.namespace}.${flow.id} but the playground was asked to run ${namespace}.${flowId}`,
    );
  if (flow.disabled === true)
    throw new AppError("CONFLICT", `flow ${namespace}.${flowId} is disabled and cannot be run`);
  const cut = cutFlow(request.source, request.taskId);
  const parsed = await parseWithManifests(db, cut.source);
  if (!parsed.ok)
    throw new AppError(
      "INVALID_FLOW",
      `the flow up to ${request.taskId} is not valid: ${parsed.problems[0]?.message}`,
      parsed.problems,
    );
  const runnable = parsed.flow;
  for (const task of tasksById(runnable).values())
    if (STARTS_EXECUTIONS.has(task.type))
      throw new AppError(
        "BAD_REQUEST",
        `task ${task.id} (${task.type}) would start real executions of another flow, which the playground does not do: save the flow and run it instead`,
      );
  const saved = await db.flow.findUnique({ where: { namespace_flowId: { namespace, flowId } } });
  // A flow not saved yet runs as revision 0.
  const revision = saved && !saved.deleted ? saved.revision : 0;
  const earlier = request.mode === "task" ? cut.taskIds.slice(0, -1) : [];
  const reused = earlier.length
    ? await findReusableRun(db, { namespace, flowId, startedBy }, runnable, earlier, request.taskId)
    : null;
  const id = randomUUID();
  const inputs = reused ? (JSON.parse(reused.inputs ?? "{}") as Record<string, unknown>) : await newInputs();
  const labels = [...withoutSystemLabels(labelsOf(runnable)), { key: CORRELATION_ID, value: id }];
  const checks = evaluateChecks(runnable.checks, {
    flow: { id: flowId, namespace, revision },
    inputs,
    labels: labelsVariable(labels),
    ...(runnable.variables ? { vars: runnable.variables as Record<string, unknown> } : {}),
  });
  if (checks.outcome === "BLOCK")
    throw new AppError("BAD_REQUEST", `the flow's checks block this execution: ${checks.messages.join("; ")}`);
  const failed = checks.outcome === "FAIL";
  const data = {
    id,
    kind: ExecutionKind.PLAYGROUND,
    namespace,
    flowId,
    flowRevision: revision,
    source: cut.source,
    inputs: JSON.stringify(inputs),
    state: failed ? State.FAILED : State.CREATED,
    ...(failed
      ? { error: `the flow's checks failed this execution: ${checks.messages.join("; ")}`, endedAt: new Date() }
      : {}),
    startedBy,
    triggerType: "manual",
    labels: JSON.stringify(labels),
    ...(reused ? { replayOf: reused.id } : {}),
  };
  if (reused) await createWithEarlierRuns(deps, data, reused, earlier);
  else await db.execution.create({ data });
  return { ...data, reusedFrom: reused?.id ?? null };

  async function newInputs() {
    const declared = await withExpressionValues(
      db,
      { namespace, id: flowId, revision, variables: runnable.variables as Record<string, unknown> | undefined },
      flow.inputs ?? [],
    );
    const resolved = resolveInputs(declared, request.inputs);
    return sealSecretInputs(declared, resolved, (inputId, value) => {
      if (!deps.secrets) throw new AppError("BAD_REQUEST", `input ${inputId} is a SECRET, which cannot be given here`);
      return deps.secrets.sealInput(`${namespace}/${flowId}`, inputId, value);
    });
  }
}
