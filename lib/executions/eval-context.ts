import type { ExecutorDeps } from "../deps/executor-deps";
import { tasksById } from "../engine/decide";
import { AppError } from "../errors/app-error";
import { parseWithManifests } from "../manifests/parse-with-manifests";
import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import { maskSealedInputs, unsealSecretInputs } from "../secrets/sealed-inputs";
import { MASK, SecretMasker } from "../secrets/secret-masker";
import { effectiveConfig } from "../settings/settings";
import type { TRunnableFlow } from "../task-runs/execution-session";
import { loadRunsOf } from "../task-runs/stored-run";
import { executionContext, templateContext } from "../task-runs/template-context";
import type { TemplateContext } from "../template/render";
import { withSource } from "../flows/execution-source";

export type EvalDeps = Pick<ExecutorDeps, "db" | "config" | "secrets" | "storage" | "templates">;

/** What an expression of the debugger is rendered with, and what must never show in its answer. */
export interface EvalContext {
  executionId: string;
  namespace: string;
  vars: Omit<TemplateContext, "secret">;
  /** The namespace's secrets by name, each as ****: `secret()` checks the name, the value never reaches the render. */
  secrets: Record<string, string>;
  /** Masks every secret of the namespace and every SECRET input of the execution, in any form logs mask. */
  masker: SecretMasker;
  config: EvalDeps["config"];
}

/**
 * The variables a task of the execution gets (Kestra's RunContext): the execution's (flow,
 * execution, inputs, outputs, labels, trigger, vars, envs, globals) and, for a task run, its
 * taskrun, task, parent and parents as that task saw them. SECRET inputs show as Kestra shows them
 * (******), secrets as ****.
 */
export async function evalContext(deps: EvalDeps, executionId: string, taskRunId?: string): Promise<EvalContext> {
  const row = await deps.db.execution.findUnique({ where: { id: executionId } });
  if (!row) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  const execution = await withSource(deps.db, row);
  const runs = await loadRunsOf(deps.db, executionId);
  const run = taskRunId === undefined ? undefined : runs.find((r) => r.id === taskRunId);
  if (taskRunId !== undefined && !run)
    throw new AppError("NOT_FOUND", `task run ${taskRunId} not found in execution ${executionId}`);
  const parsed = await parseWithManifests(deps.db, execution.source);
  if (!parsed.ok)
    throw new AppError(
      "INVALID_FLOW",
      `the execution's flow revision no longer parses: ${parsed.problems[0]?.message}`,
      parsed.problems,
    );
  const flow = parsed.flow as TRunnableFlow;
  const config = await effectiveConfig(deps.db, deps.config);
  const masker = new SecretMasker();
  // The values of SECRET inputs are opened only to be masked wherever else they show (an output).
  const stored = JSON.parse(execution.inputs ?? "{}") as Record<string, unknown>;
  const opened = unsealSecretInputs(flow.inputs ?? [], stored, (inputId, sealed) =>
    deps.secrets.unsealInput(`${execution.namespace}/${execution.flowId}`, inputId, sealed),
  );
  for (const value of opened.secrets) masker.add(value);
  const secrets: Record<string, string> = {};
  for (const [name, value] of await deps.secrets.resolveAll(execution.namespace)) {
    masker.add(value);
    secrets[name] = MASK;
  }
  const session = {
    execution,
    flow,
    tasks: tasksById(flow),
    inputs: JSON.parse(maskSealedInputs(execution.inputs) ?? "{}") as Record<string, unknown>,
    deps: { config },
  };
  const vars = run
    ? templateContext(session, run, runs, { attempt: run.attempt, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR })
    : executionContext(session, runs);
  return { executionId, namespace: execution.namespace, vars, secrets, masker, config };
}
