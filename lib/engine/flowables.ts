import type { TTask } from "../flow/flow-schema";
import type { Decision, RunIndex, RunView } from "./run-view";
import { createDecision, parallel, type Place, type Progress, sequence, withHandlers } from "./sequence";
import { isFailedState, type TState, worstOf } from "./task-states";

const FLOW = "io.kestra.plugin.core.flow.";

type Step = (run: RunView) => Decision[];
type Tasks = readonly TTask[] | undefined;

/**
 * A flowable task: how its children go on under its run, and what state it ends in (Kestra's
 * FlowableTask.resolveNexts / resolveState). `run.outputs` holds what its expressions resolved to.
 */
export type Flowable = (task: TTask, run: RunView, index: RunIndex, step: Step) => Progress;

const handlers = (task: TTask) => ({ errors: task.errors as Tasks, finally: task.finally as Tasks });
const under = (run: RunView): Place => ({ parent: run, value: null });

const sequential: Flowable = (task, run, index, step) =>
  withHandlers(sequence(task.tasks as Tasks, under(run), index, step), handlers(task), under(run), index, step);

const parallelFlowable: Flowable = (task, run, index, step) =>
  withHandlers(parallel(task.tasks as Tasks, Number(task.concurrent ?? 0), under(run), index, step), handlers(task), under(run), index, step);

/** If: `then` when the condition held (`outputs.evaluationResult`, frozen when it started), else `else` (nothing: SUCCESS). */
const ifFlowable: Flowable = (task, run, index, step) => {
  const branch = run.outputs?.evaluationResult === true ? task.then : task.else;
  return withHandlers(sequence(branch as Tasks, under(run), index, step), handlers(task), under(run), index, step);
};

/** Switch: the case whose key equals the resolved value, else `defaults`; neither: FAILED, as in Kestra. */
const switchFlowable: Flowable = (task, run, index, step) => {
  const value = String(run.outputs?.value ?? "");
  const cases = (task.cases ?? {}) as Record<string, TTask[]>;
  const branch = Object.prototype.hasOwnProperty.call(cases, value) ? cases[value] : (task.defaults as Tasks);
  if (!branch) return withHandlers({ decisions: [], state: "FAILED" }, handlers(task), under(run), index, step);
  return withHandlers(sequence(branch, under(run), index, step), handlers(task), under(run), index, step);
};

/**
 * ForEach: the tasks once per (distinct) value, each a sequence under the ForEach's run; at most
 * `concurrencyLimit` iterations at once (0: all at once; Kestra's default is 1, one after another).
 * Once an iteration failed no new one starts.
 */
const forEach: Flowable = (task, run, index, step) => {
  const values = (run.outputs?.values ?? []) as string[];
  const limit = Number(task.concurrencyLimit ?? 1);
  const decisions: Decision[] = [];
  const states: TState[] = [];
  let active = 0;
  let failed = false;
  let next = 0;
  for (; next < values.length; next++) {
    const place: Place = { parent: run, value: values[next] };
    const started = index.childrenOf(run.id).some((r) => r.value === values[next]);
    if (!started) break;
    const progress = sequence(task.tasks as Tasks, place, index, step);
    if (progress.state === null) {
      active++;
      decisions.push(...progress.decisions);
    } else {
      states.push(progress.state);
      failed ||= isFailedState(progress.state);
    }
  }
  for (; next < values.length && !failed && (limit === 0 || active < limit); next++) {
    const first = (task.tasks as TTask[]).find((t) => t.disabled !== true);
    if (first) decisions.push(createDecision(first, { parent: run, value: values[next] }));
    active++;
  }
  const done = active === 0 && (failed || next >= values.length);
  const body: Progress = { decisions, state: done ? worstOf(states) : null };
  return withHandlers(body, handlers(task), under(run), index, step);
};

/** AllowFailure: its tasks' failure becomes a WARNING, the flow goes on. */
const allowFailure: Flowable = (task, run, index, step) => {
  const progress = sequential(task, run, index, step);
  return progress.state !== null && isFailedState(progress.state) && progress.state !== "KILLED" ? { ...progress, state: "WARNING" } : progress;
};

export const FLOWABLES: Record<string, Flowable> = {
  [`${FLOW}Sequential`]: sequential,
  [`${FLOW}WorkingDirectory`]: sequential,
  [`${FLOW}Parallel`]: parallelFlowable,
  [`${FLOW}If`]: ifFlowable,
  [`${FLOW}Switch`]: switchFlowable,
  [`${FLOW}ForEach`]: forEach,
  [`${FLOW}AllowFailure`]: allowFailure,
};

export function flowableOf(type: string): Flowable | undefined {
  return FLOWABLES[type];
}
