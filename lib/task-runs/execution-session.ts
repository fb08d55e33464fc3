import type { TFlow, TTask } from "../flow/flow-schema";
import { parseWithManifests } from "../manifests/parse-with-manifests";
import { LogWriter } from "../logs/log-writer";
import { lastStoredSeq } from "../logs/read-logs";
import { SecretMasker } from "../secrets/secret-masker";
import { unsealSecretInputs } from "../secrets/sealed-inputs";
import { effectiveConfig } from "../settings/settings";
import { tasksById } from "../engine/decide";
import { isTransientDbError } from "../db/transient-error";
import { HeldLeases } from "./held-leases";
import type { ExecutorDeps } from "../deps/executor-deps";
import { executionSource } from "../flows/execution-source";

/** The flow as the engine runs it: its tasks and the handlers around them. */
export type TRunnableFlow = TFlow & { errors?: TTask[]; finally?: TTask[]; variables?: Record<string, unknown> };

/** What every part of running one execution shares: its flow, inputs, secrets, log and masking. */
export interface ExecutionSession {
  deps: ExecutorDeps;
  execution: {
    id: string;
    namespace: string;
    flowId: string;
    flowRevision: number;
    createdAt: Date;
    source: string;
    labels: string | null;
    trigger: string | null;
    replayOf: string | null;
  };
  flow: TRunnableFlow;
  /** Every task of the flow by id, nested ones included. */
  tasks: Map<string, TTask>;
  inputs: Record<string, unknown>;
  /** The namespace's secrets, decrypted once, only when the flow asks for one. */
  secrets?: Record<string, string>;
  masker: SecretMasker;
  writer: LogWriter;
  /** The task runs this process holds here: each is let go when another process takes it over. */
  leases: HeldLeases;
  /** Publishes a state change live (its message masked like everything stored). */
  publish: (state: string, taskRunId?: string | null, taskId?: string | null, message?: string) => void;
}

/**
 * Opens a claimed execution: an admin's settings as they stand now hold for all of its tasks; the
 * log writer continues after lines stored before a restart. Returns the reason instead when the
 * stored flow revision no longer parses.
 */
export async function openSession(
  baseDeps: ExecutorDeps,
  executionId: string,
): Promise<
  | { session: ExecutionSession }
  | { session: Omit<ExecutionSession, "flow" | "tasks" | "inputs" | "secrets">; invalid: string }
> {
  const deps: ExecutorDeps = { ...baseDeps, config: await effectiveConfig(baseDeps.db, baseDeps.config) };
  const { db, bus } = deps;
  const row = await db.execution.findUniqueOrThrow({ where: { id: executionId } });
  // A source that cannot be read (its revision is not stored) ends the execution with the reason, below.
  const unreadable = await executionSource(db, row).then(
    () => null,
    (err: unknown) => (err as Error).message,
  );
  const execution = { ...row, source: unreadable === null ? await executionSource(db, row) : "" };
  const masker = new SecretMasker();
  const leases = new HeldLeases();
  const writer = new LogWriter(db, bus, executionId, await lastStoredSeq(db, executionId), {
    flushMs: deps.config.OSPREY_LOG_FLUSH_MS,
    highWaterLines: deps.config.OSPREY_LOG_BUFFER_LINES,
    // Every secret a task used is masked from then on, in stored and streamed lines alike.
    transform: (message) => masker.mask(message),
    maxLinesPerTaskRun: deps.config.OSPREY_MAX_TASK_LOG_LINES,
    // Lines of a task run another process took over are not stored; its run here lets go.
    holder: deps.config.OSPREY_WORKER_NAME,
    onFenced: (taskRunId) => leases.lose(taskRunId),
    isTransient: isTransientDbError,
  });
  const publish: ExecutionSession["publish"] = (state, taskRunId = null, taskId = null, message) =>
    bus.publishState({
      executionId,
      taskRunId,
      taskId,
      state,
      at: Date.now(),
      message: message === undefined ? undefined : masker.mask(message),
    });
  const base = { deps, execution, masker, writer, leases, publish };
  if (unreadable !== null) return { session: base, invalid: unreadable };
  const parsed = await parseWithManifests(deps.db, execution.source);
  if (!parsed.ok)
    return { session: base, invalid: `the flow revision is no longer valid: ${parsed.problems[0]?.message}` };
  const flow = parsed.flow as TRunnableFlow;
  // SECRET inputs are opened for the run only, and masked in every log line like secrets.
  const { inputs, secrets: secretInputs } = unsealSecretInputs(
    flow.inputs ?? [],
    JSON.parse(execution.inputs ?? "{}") as Record<string, unknown>,
    (inputId, sealed) => deps.secrets.unsealInput(`${execution.namespace}/${execution.flowId}`, inputId, sealed),
  );
  for (const value of secretInputs) masker.add(value);
  return {
    session: {
      ...base,
      flow,
      tasks: tasksById(flow),
      inputs,
      secrets: execution.source.includes("secret(")
        ? Object.fromEntries(await deps.secrets.resolveAll(execution.namespace))
        : undefined,
    },
  };
}
