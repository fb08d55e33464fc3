import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { expect } from "vitest";
import { isTerminalState, State } from "../states/states";
import { createExecutionWithFiles } from "../executions/create-execution-with-files";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { getExecution, type TExecutionView } from "../executions/get-execution";
import { readFileByUri } from "../files/output-files";
import { CORRELATION_ID, labelsOf, type TLabel } from "../flow/labels";
import { parseFlow } from "../flow/parse-flow";
import { getFlow } from "../flows/get-flow";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { waitForEnd } from "../testing/run-flow";
import { useTestDeps } from "../testing/test-deps";
import { useTestExecutor } from "../testing/test-executor";

/**
 * What Kestra's runner tests do (RunnerUtils.runOne, @LoadFlows, @ExecuteFlow, findTaskRunsByTaskId,
 * findTaskRunByTaskIdAndValue), on Osprey's real executor: the flows are Kestra's own test flows,
 * copied verbatim into kestra-valids/.
 */
export const TESTS = "io.kestra.tests";
export type Execution = TExecutionView;
export type TaskRun = Execution["taskRuns"][number];

const FIXTURES = fileURLToPath(new URL("./kestra-valids", import.meta.url));

/** A flow of Kestra's core/src/test/resources/flows/valids, as written there. */
export function fixture(file: string): string {
  return readFileSync(join(FIXTURES, file), "utf8");
}

export interface RunOptions {
  inputs?: Record<string, unknown>;
  /** FILE inputs, uploaded as the Run API takes them: input id → content, or a named file. */
  files?: Record<string, string | { name: string; content: string }>;
  /** Labels given at run time (RunnerUtils.runOne's `labels`). */
  labels?: TLabel[];
}

/**
 * A test file's executor and database (fresh per file), with Kestra's RunnerUtils verbs. Flows are
 * loaded once per file, as @LoadFlows does.
 */
export function useKestra(overrides: Record<string, string> = {}) {
  const t = useTestExecutor({ OSPREY_CONCURRENCY: "8", ...overrides });
  return { t, ...verbs(t, () => t.executor.wake()) };
}

/**
 * The same verbs without an executor running in the background: an execution changes only inside
 * `settle`, which runs an executor until it ends. For Kestra's ExecutionServiceTest, which looks at
 * an execution right after restart() or replay(), before anything runs it.
 */
export function useKestraStepwise() {
  const t = useTestDeps({ OSPREY_CONCURRENCY: "8" });
  const v = verbs(t, () => {});
  async function settle(executionId: string): Promise<Execution> {
    const executor = new Executor(t.deps);
    executor.start();
    executor.wake();
    try {
      return await v.ended(executionId);
    } finally {
      await executor.stop();
    }
  }
  return { t, ...v, settle };
}

function verbs(t: { deps: ExecutorDeps }, wake: () => void) {
  const loaded = new Set<string>();

  async function load(...files: string[]): Promise<void> {
    for (const file of files) {
      if (loaded.has(file)) continue;
      await saveFlow(t.deps.db, fixture(file), { create: true });
      loaded.add(file);
    }
  }

  /** Starts a run through the Run API's checks (inputs typed and validated, FILE inputs stored). */
  async function start(namespace: string, flowId: string, options: RunOptions = {}): Promise<string> {
    const files = Object.entries(options.files ?? {}).map(([inputId, file]) => {
      const { name, content } = typeof file === "string" ? { name: `${inputId}.txt`, content: file } : file;
      return { inputId, name, stream: Readable.from([Buffer.from(content)]) };
    });
    const created = await createExecutionWithFiles(
      t.deps,
      namespace,
      flowId,
      { fields: options.inputs ?? {}, files },
      undefined,
      { labels: options.labels },
    );
    wake();
    return created.id;
  }

  /**
   * Starts a run as Kestra's test harness does when it gives no inputs, or a map it does not read
   * through FlowInputOutput (`runOne(…, (f, e) -> Map.of(…))`): the execution holds exactly these
   * inputs, nothing is typed or checked. Kestra's API would refuse a missing required input; its
   * runner tests bypass that, and so does this.
   */
  async function startUnchecked(namespace: string, flowId: string, inputs: Record<string, unknown> = {}) {
    const flow = await getFlow(t.deps.db, namespace, flowId);
    const parsed = parseFlow(flow.source);
    const id = randomUUID();
    const labels = [...(parsed.ok ? labelsOf(parsed.flow) : []), { key: CORRELATION_ID, value: id }];
    await t.deps.db.execution.create({
      data: {
        id,
        namespace,
        flowId,
        flowRevision: flow.revision,
        source: flow.source,
        inputs: JSON.stringify(inputs),
        state: State.CREATED,
        triggerType: "manual",
        labels: JSON.stringify(labels),
      },
    });
    wake();
    return id;
  }

  /** RunnerUtils.runOne: runs to a terminal state and returns the execution with its task runs. */
  async function run(namespace: string, flowId: string, options: RunOptions = {}): Promise<Execution> {
    return ended(await start(namespace, flowId, options));
  }

  /** runOne without reading inputs (see startUnchecked). */
  async function runUnchecked(namespace: string, flowId: string, inputs: Record<string, unknown> = {}) {
    return ended(await startUnchecked(namespace, flowId, inputs));
  }

  /** @ExecuteFlow: loads the file's flow and runs it without inputs. */
  async function execute(file: string): Promise<Execution> {
    await load(file);
    const parsed = parseFlow(fixture(file));
    if (!parsed.ok) throw new Error(`${file} does not parse: ${parsed.problems[0]?.message}`);
    return runUnchecked(parsed.flow.namespace, parsed.flow.id);
  }

  async function ended(executionId: string, timeoutMs?: number): Promise<Execution> {
    await waitForEnd(t.deps, executionId, timeoutMs);
    return getExecution(t.deps.db, executionId);
  }

  /** Waits until the execution is in `state` (runOneUntilPaused, runOneUntilRunning). */
  async function until(executionId: string, state: string, timeoutMs = 30_000): Promise<Execution> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await getExecution(t.deps.db, executionId);
      if (execution.state === state) return execution;
      if (isTerminalState(execution.state) || Date.now() > deadline)
        throw new Error(`execution ${executionId} is ${execution.state}, waited for ${state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Log messages of an execution (the worker task log queue's entries). */
  async function logs(executionId: string) {
    return readLogs(t.deps.db, executionId, { limit: 10_000 });
  }

  /** Executions of a flow, oldest first. */
  async function executionsOf(namespace: string, flowId: string): Promise<Execution[]> {
    const rows = await t.deps.db.execution.findMany({
      where: { namespace, flowId },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    return Promise.all(rows.map((r) => getExecution(t.deps.db, r.id)));
  }

  /** A stored file's text, by the URI a task output or an input holds. */
  async function readFile(executionId: string, uri: string): Promise<string> {
    return (await readFileByUri(t.deps, executionId, uri)).content.toString("utf8");
  }

  return {
    readFile,
    load,
    start,
    startUnchecked,
    run,
    runUnchecked,
    execute,
    ended,
    until,
    logs,
    executionsOf,
    get: (id: string) => getExecution(t.deps.db, id),
  };
}

/** Execution.findTaskRunsByTaskId. */
export function runsOf(execution: Execution, taskId: string): TaskRun[] {
  return execution.taskRuns.filter((r) => r.taskId === taskId);
}

/** The first run of a task (findTaskRunsByTaskId(id).getFirst()); fails the test when there is none. */
export function runOf(execution: Execution, taskId: string): TaskRun {
  const run = runsOf(execution, taskId)[0];
  expect(run, `a task run of ${taskId}`).toBeDefined();
  return run;
}

/** Execution.findParentsValues(taskRun, true): the values of the run and its ancestors, outermost first. */
export function valuesOf(execution: Execution, run: TaskRun): string[] {
  const byId = new Map(execution.taskRuns.map((r) => [r.id, r]));
  const chain: string[] = [];
  for (let r: TaskRun | undefined = run; r; r = r.parentTaskRunId ? byId.get(r.parentTaskRunId) : undefined)
    if (r.value !== null) chain.unshift(r.value);
  return chain;
}

/** Execution.findTaskRunByTaskIdAndValue. */
export function runWithValues(execution: Execution, taskId: string, values: string[]): TaskRun {
  const run = runsOf(execution, taskId).find((r) => JSON.stringify(valuesOf(execution, r)) === JSON.stringify(values));
  expect(run, `a task run of ${taskId} for ${JSON.stringify(values)}`).toBeDefined();
  return run!;
}

/** A task run's outputs as a map. */
export function outputsOf(run: TaskRun): Record<string, unknown> {
  return (run.outputs ?? {}) as Record<string, unknown>;
}

/** Internal storage URIs: Kestra's are kestra:///…, Osprey's osprey:///… (see kestra-storage-scheme in docs). */
export const STORAGE_URI = /^osprey:\/\/\//;
