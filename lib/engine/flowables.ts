import type { TTask } from "../flow/flow-schema";
import type { Decision, RunIndex, RunView } from "./run-view";
import { createDecision, parallel, type Place, type Progress, sequence, withHandlers } from "./sequence";
import { State, isFailedState, isTerminalState, type TState, worstOf } from "../states/states";

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
  withHandlers(
    parallel(task.tasks as Tasks, Number(task.concurrent ?? 0), under(run), index, step),
    handlers(task),
    under(run),
    index,
    step,
  );

/** If: `then` when the condition held (`outputs.evaluationResult`, frozen when it started), else `else` (nothing: SUCCESS). */
const ifFlowable: Flowable = (task, run, index, step) => {
  const branch = run.outputs?.evaluationResult === true ? task.then : task.else;
  return withHandlers(sequence(branch as Tasks, under(run), index, step), handlers(task), under(run), index, step);
};

/** Switch: the case whose key equals the resolved value, else `defaults`; neither: FAILED, as in Kestra. */
const switchFlowable: Flowable = (task, run, index, step) => {
  const value = String(run.outputs?.value ?? "");
  const cases = (task.cases ?? {}) as Record<string, TTask[]>;
  const branch = Object.hasOwn(cases, value) ? cases[value] : (task.defaults as Tasks);
  if (!branch) return withHandlers({ decisions: [], state: State.FAILED }, handlers(task), under(run), index, step);
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
  // Values at the front that have all ended stay ended: the index remembers them, so a pass looks
  // only at the iterations still going (a ForEach of 10,000 values one after another stays linear).
  let prefix = index.settled.get(run.id);
  if (!prefix || prefix.values !== values) prefix = { values, count: 0, worst: State.SUCCESS, failed: false };
  const states: TState[] = [prefix.worst];
  let active = 0;
  let failed = prefix.failed;
  let next = prefix.count;
  for (; next < values.length; next++) {
    const place: Place = { parent: run, value: values[next] };
    if (!index.hasValueUnder(run.id, values[next])) break;
    const progress = sequence(task.tasks as Tasks, place, index, step);
    if (progress.state === null) {
      active++;
      decisions.push(...progress.decisions);
    } else {
      states.push(progress.state);
      failed ||= isFailedState(progress.state);
      if (active === 0 && next === prefix.count)
        prefix = { values, count: next + 1, worst: worstOf([prefix.worst, progress.state]), failed };
    }
  }
  index.settled.set(run.id, prefix);
  for (; next < values.length && !failed && (limit === 0 || active < limit); next++) {
    const first = (task.tasks as TTask[]).find((t) => t.disabled !== true);
    if (first) decisions.push(createDecision(first, { parent: run, value: values[next] }));
    active++;
  }
  const done = active === 0 && (failed || next >= values.length);
  const body: Progress = { decisions, state: done ? worstOf(states) : null };
  return withHandlers(body, handlers(task), under(run), index, step);
};

/**
 * The deprecated EachSequential / EachParallel: the tasks for each `value`; EachSequential one
 * (value, task) after another, EachParallel every pair at once (`concurrent` at a time).
 */
const eachSequential: Flowable = (task, run, index, step) =>
  forEach({ ...task, concurrencyLimit: 1 }, run, index, step);

const eachParallel: Flowable = (task, run, index, step) => {
  const values = (run.outputs?.values ?? []) as string[];
  const limit = Number(task.concurrent ?? 0);
  const decisions: Decision[] = [];
  const states: TState[] = [];
  let running = 0;
  let failed = false;
  const notStarted: Decision[] = [];
  for (const value of values) {
    for (const child of (task.tasks as TTask[]).filter((t) => t.disabled !== true)) {
      const r = index.find(run.id, child.id, value);
      if (!r) notStarted.push(createDecision(child, { parent: run, value }));
      else if (!isTerminalState(r.state)) {
        running++;
        decisions.push(...step(r));
      } else {
        states.push(r.state);
        failed ||= isFailedState(r.state);
      }
    }
  }
  if (!failed)
    for (const d of notStarted.slice(0, limit > 0 ? Math.max(0, limit - running) : undefined)) decisions.push(d);
  const started = decisions.filter((d) => d.kind === "create").length;
  const done = running === 0 && started === 0 && (failed || notStarted.length === 0);
  return withHandlers({ decisions, state: done ? worstOf(states) : null }, handlers(task), under(run), index, step);
};

/**
 * Dag: each task starts once every task it `dependsOn` has ended (`concurrent` at a time, 0: no
 * limit); a failure stops new starts.
 */
const dag: Flowable = (task, run, index, step) => {
  const entries = ((task.tasks ?? []) as { task: TTask; dependsOn?: string[] }[]).filter(
    (e) => e.task.disabled !== true,
  );
  const limit = Number(task.concurrent ?? 0);
  const decisions: Decision[] = [];
  const states: TState[] = [];
  const ended = new Set<string>();
  let running = 0;
  let failed = false;
  for (const { task: child } of entries) {
    const r = index.find(run.id, child.id);
    if (!r) continue;
    if (isTerminalState(r.state)) {
      ended.add(child.id);
      states.push(r.state);
      failed ||= isFailedState(r.state);
    } else {
      running++;
      decisions.push(...step(r));
    }
  }
  const waiting = entries.filter((e) => !index.find(run.id, e.task.id));
  if (!failed) {
    for (const e of waiting) {
      if (limit > 0 && running >= limit) break;
      if ((e.dependsOn ?? []).every((id) => ended.has(id))) {
        decisions.push(createDecision(e.task, under(run)));
        running++;
      }
    }
  }
  const done = running === 0 && (failed || waiting.length === 0);
  return withHandlers({ decisions, state: done ? worstOf(states) : null }, handlers(task), under(run), index, step);
};

/**
 * WaitFor: its tasks again and again, round after round, until its `condition` holds (checked
 * after each round that ended well). `outputs`: `iterationCount` (rounds run), `iteration` (the
 * round under way), `checking` (a check is under way), `done`, `failed` (limits reached with
 * `failOnMaxReached`).
 */
const waitFor: Flowable = (task, run, index, step) => {
  const o = run.outputs ?? {};
  const body = (): Progress => {
    if (o.done === true) return { decisions: [], state: o.failed === true ? State.FAILED : State.SUCCESS };
    if (o.checking === true) return { decisions: [], state: null };
    const round = sequence(
      task.tasks as Tasks,
      { parent: run, value: null, iteration: Number(o.iteration ?? 1) },
      index,
      step,
    );
    if (round.state === null) return round;
    if (isFailedState(round.state)) return round;
    return { decisions: [{ kind: "check-loop", taskRunId: run.id }], state: null };
  };
  return withHandlers(body(), handlers(task), under(run), index, step);
};

/** AllowFailure: its tasks' failure becomes a WARNING, the flow goes on. */
const allowFailure: Flowable = (task, run, index, step) => {
  const progress = sequential(task, run, index, step);
  return progress.state !== null && isFailedState(progress.state) && progress.state !== State.KILLED
    ? { ...progress, state: State.WARNING }
    : progress;
};

/**
 * Pause with its deprecated `tasks` (Kestra's Pause.resolveNexts/resolveState): nothing runs while
 * it is PAUSED (the orchestrator waits for the resume, or for `pauseDuration`); once RUNNING again
 * its tasks run as a Sequential with its errors and finally, and `behavior: WARN` makes a SUCCESS
 * a WARNING. A Pause without tasks is a leaf (lib/tasks/pause-task.ts).
 */
const pause: Flowable = (task, run, index, step) => {
  if (run.state === State.PAUSED) return { decisions: [{ kind: "await-resume", taskRunId: run.id }], state: null };
  const progress = sequential(task, run, index, step);
  return task.behavior === "WARN" && progress.state === State.SUCCESS
    ? { ...progress, state: State.WARNING }
    : progress;
};

export const PAUSE_TYPE = `${FLOW}Pause`;

/** A Pause that has tasks of its own. */
export const isPauseWithTasks = (task: { type: string; tasks?: unknown }): boolean =>
  task.type === PAUSE_TYPE && Array.isArray(task.tasks) && task.tasks.length > 0;

export const FLOWABLES: Record<string, Flowable> = {
  [`${FLOW}Sequential`]: sequential,
  [`${FLOW}WorkingDirectory`]: sequential,
  [`${FLOW}Parallel`]: parallelFlowable,
  [`${FLOW}If`]: ifFlowable,
  [`${FLOW}Switch`]: switchFlowable,
  [`${FLOW}ForEach`]: forEach,
  [`${FLOW}AllowFailure`]: allowFailure,
  [`${FLOW}EachSequential`]: eachSequential,
  [`${FLOW}EachParallel`]: eachParallel,
  [`${FLOW}Dag`]: dag,
  [`${FLOW}WaitFor`]: waitFor,
};

/** How a task's children go on, or undefined for a leaf. */
export function flowableOf(task: { type: string; tasks?: unknown } | undefined): Flowable | undefined {
  if (!task) return undefined;
  return isPauseWithTasks(task) ? pause : FLOWABLES[task.type];
}
