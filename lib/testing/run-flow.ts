import { createExecution } from "../executions/create-execution";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { getExecution } from "../executions/get-execution";
import { isTerminalState as isTerminal } from "../states/states";
import { parseFlow } from "../flow/parse-flow";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { LABEL_INSTANCE } from "../runner/docker/labels";

/** Saves `yaml` as a flow (or a new revision), runs it through a real executor and returns the outcome. */
export async function runFlow(deps: ExecutorDeps, yaml: string, executor?: Executor) {
  const own = executor ?? new Executor(deps);
  own.start();
  const saved = await saveFlowAnyway(deps, yaml);
  const created = await createExecution(deps.db, saved.namespace, saved.id);
  own.wake();
  const execution = await waitForEnd(deps, created.id);
  if (!executor) await own.stop();
  const logs = await readLogs(deps.db, created.id, { limit: 10_000 });
  return { execution, logs };
}

async function saveFlowAnyway(deps: ExecutorDeps, yaml: string) {
  try {
    return await saveFlow(deps.db, yaml, { create: true });
  } catch (err) {
    if ((err as { code?: string }).code !== "CONFLICT") throw err;
    // It saved once, so it parses: update the flow it names.
    const parsed = parseFlow(yaml);
    if (!parsed.ok) throw err;
    return saveFlow(deps.db, yaml, { create: false, namespace: parsed.flow.namespace, id: parsed.flow.id });
  }
}

export async function waitForEnd(deps: ExecutorDeps, executionId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await getExecution(deps.db, executionId);
    if (isTerminal(execution.state)) return execution;
    if (Date.now() > deadline)
      throw new Error(`execution ${executionId} still ${execution.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Containers this test's server started that still exist: must be none after every run. */
export async function leftoverContainers(deps: ExecutorDeps) {
  return deps.docker.listContainers({ all: true, filters: { label: [`${LABEL_INSTANCE}=${deps.instance}`] } });
}
