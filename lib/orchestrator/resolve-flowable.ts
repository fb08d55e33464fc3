import { javaString } from "../plugin-kit/java-text";
import type { TConfig } from "../config";
import type { TTask } from "../flow/flow-schema";
import type { TNamespaceFiles } from "../flow/task-types/common";
import { isTruthy } from "../engine/truth";
import { State, type TState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { moveTaskRun, sessionParts } from "../task-runs/move-task-run";
import type { StoredRun } from "../task-runs/stored-run";
import { openWorkingDirectory, WORKING_DIRECTORY_TYPE } from "./working-directory";
import { isPauseWithTasks } from "../engine/flowables";
import { pauseExecution } from "../tasks/pause-task";
import { leafContext } from "./pause-flowable";
import { renderAsFlowable } from "./render-as-flowable";

const FLOW = "io.kestra.plugin.core.flow.";

/**
 * A flowable task run just made: renders what decides its children (If's condition, Switch's value,
 * ForEach's values) and stores it as its outputs, so the choice is frozen (a restart does not
 * re-decide it), then marks it RUNNING. `runIf` false: SKIPPED; an expression that fails: FAILED.
 */
export async function resolveFlowable(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
): Promise<TState> {
  const task = session.tasks.get(run.taskId)!;
  const render = (value: unknown) => renderAsFlowable(session, run, runs, value);
  let state: TState = State.RUNNING;
  let outputs: Record<string, unknown> = {};
  let error: string | null = null;
  try {
    if (task.runIf !== undefined && !isTruthy(await render(task.runIf))) state = State.SKIPPED;
    else {
      outputs = await controllingOutputs(task, render, session.deps.config);
      if (task.type === WORKING_DIRECTORY_TYPE) {
        await openWorkingDirectory(session, run, {
          inputFiles: (await render(task.inputFiles ?? {})) as Record<string, string> | string,
          namespaceFiles: (await render(task.namespaceFiles)) as TNamespaceFiles | undefined,
        });
      }
    }
  } catch (err) {
    state = State.FAILED;
    error = session.masker.mask(err instanceof Error ? err.message : String(err));
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "ERROR", message: error });
    await session.writer.flush();
  }
  // A Pause with tasks pauses first: its tasks run once it is resumed (lib/orchestrator/pause-flowable.ts).
  const pausing = state === State.RUNNING && isPauseWithTasks(task);
  if (pausing) state = State.PAUSED;
  // Only from CREATED: a run the kill ended meanwhile keeps its end.
  const moved = await moveTaskRun(
    sessionParts(session),
    run,
    state,
    { outputs: JSON.stringify(outputs), error, startedAt: new Date() },
    { from: [State.CREATED] },
  );
  if (moved && pausing) await pauseExecution(leafContext(session, run), task);
  return state;
}

type Caps = Pick<TConfig, "OSPREY_MAX_FOREACH_VALUES" | "OSPREY_MAX_PARALLEL_TASKS">;

async function controllingOutputs(
  task: TTask,
  render: (value: unknown) => Promise<unknown>,
  caps: Caps,
): Promise<Record<string, unknown>> {
  const each = async (values: unknown) => {
    const list = await forEachValues(values, render);
    if (list.length > caps.OSPREY_MAX_FOREACH_VALUES) {
      throw new Error(
        `${task.id} has ${list.length} values: more than the ${caps.OSPREY_MAX_FOREACH_VALUES} one loop may iterate over (OSPREY_MAX_FOREACH_VALUES)`,
      );
    }
    return list;
  };
  const width = (tasks: number) => {
    if (tasks > caps.OSPREY_MAX_PARALLEL_TASKS) {
      throw new Error(
        `${task.id} would run ${tasks} tasks side by side: more than ${caps.OSPREY_MAX_PARALLEL_TASKS} (OSPREY_MAX_PARALLEL_TASKS)`,
      );
    }
  };
  const children = ((task.tasks ?? []) as unknown[]).length;
  switch (task.type) {
    case `${FLOW}Parallel`:
      width(children);
      return {};
    case `${FLOW}If`:
      return { evaluationResult: isTruthy(await render(task.condition)) };
    case `${FLOW}Switch`: {
      const value = String(await render(task.value));
      const cases = (task.cases ?? {}) as Record<string, unknown>;
      return { value, defaults: !Object.hasOwn(cases, value) };
    }
    case `${FLOW}ForEach`:
      return { values: await each(task.values) };
    case `${FLOW}WaitFor`:
      return { iteration: 1, iterationCount: 0 };
    case `${FLOW}EachSequential`:
      return { values: await each(task.value) };
    case `${FLOW}EachParallel`: {
      const values = await each(task.value);
      // Every (value, task) pair starts at once unless `concurrent` says otherwise.
      if (!Number(task.concurrent ?? 0)) width(values.length * children);
      return { values };
    }
    default:
      return {};
  }
}

/**
 * ForEach `values` as Kestra reads them: a string is rendered and parsed as a JSON list; a list's
 * strings are rendered, numbers become text, maps are rendered and written as JSON. Duplicates are
 * dropped; each value is the text `taskrun.value` holds.
 */
export async function forEachValues(values: unknown, render: (value: unknown) => Promise<unknown>): Promise<string[]> {
  let list: unknown[];
  if (typeof values === "string") {
    const rendered = await render(values);
    const parsed = typeof rendered === "string" ? parseJsonList(rendered) : rendered;
    if (!Array.isArray(parsed))
      throw new Error(`ForEach values must be a list or a JSON list, got ${String(rendered).slice(0, 80)}`);
    list = parsed;
  } else if (Array.isArray(values)) {
    list = (await render(values)) as unknown[];
  } else throw new Error("ForEach values must be a list or a JSON list");
  const nulls = list.filter((v) => v === null || v === undefined).length;
  // Kestra's message prints the values as Java does (Arrays.toString, a map as {k=v}).
  if (nulls > 0) throw new Error(`Found '${nulls}' null values on Each, with values=${javaString(list)}`);
  return [...new Set(list.map((v) => (typeof v === "string" ? v : JSON.stringify(v))))];
}

function parseJsonList(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`ForEach values must be a JSON list, got ${text.slice(0, 80)}`);
  }
}
