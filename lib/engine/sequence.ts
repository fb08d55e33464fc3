import type { TTask } from "../flow/flow-schema";
import type { Decision, RunIndex, RunView } from "./run-view";
import { State, isFailedState, isTerminalState, type TState, worstOf } from "../states/states";

/** Where a group of children sits: under which task run, for which ForEach value (null: not iterating). */
export interface Place {
  parent: RunView | null;
  value: string | null;
  /** The WaitFor round (its direct children only). */
  iteration?: number | null;
}

/** How far a group of children got. `state` is set once every one of them has ended. */
export interface Progress {
  decisions: Decision[];
  state: TState | null;
}

const enabled = (tasks: readonly TTask[] | undefined) => (tasks ?? []).filter((t) => t.disabled !== true);

export function createDecision(task: TTask, place: Place): Decision {
  return {
    kind: "create",
    taskId: task.id,
    parentTaskRunId: place.parent?.id ?? null,
    value: place.value,
    iteration: place.iteration ?? null,
  };
}

/**
 * Tasks one after another: the first not yet made is made once the one before it succeeded; a
 * failure stops the sequence. `step` goes into each running flowable child.
 */
export function sequence(
  tasks: readonly TTask[] | undefined,
  place: Place,
  index: RunIndex,
  step: (run: RunView) => Decision[],
): Progress {
  const states: TState[] = [];
  for (const task of enabled(tasks)) {
    const run = index.find(place.parent?.id ?? null, task.id, place.value, place.iteration ?? null);
    if (!run) return { decisions: [createDecision(task, place)], state: null };
    if (!isTerminalState(run.state)) return { decisions: step(run), state: null };
    states.push(run.state);
    if (isFailedState(run.state)) return { decisions: [], state: worstOf(states) };
  }
  return { decisions: [], state: worstOf(states) };
}

/**
 * Tasks side by side, at most `concurrent` running at once (0: no limit). Once one has failed no
 * new one starts; the group ends when every started one has.
 */
export function parallel(
  tasks: readonly TTask[] | undefined,
  concurrent: number,
  place: Place,
  index: RunIndex,
  step: (run: RunView) => Decision[],
): Progress {
  const decisions: Decision[] = [];
  const states: TState[] = [];
  let running = 0;
  let failed = false;
  const notStarted: TTask[] = [];
  for (const task of enabled(tasks)) {
    const run = index.find(place.parent?.id ?? null, task.id, place.value, place.iteration ?? null);
    if (!run) notStarted.push(task);
    else if (!isTerminalState(run.state)) {
      running++;
      decisions.push(...step(run));
    } else {
      states.push(run.state);
      failed ||= isFailedState(run.state);
    }
  }
  if (!failed) {
    for (const task of notStarted) {
      if (concurrent > 0 && running >= concurrent) break;
      decisions.push(createDecision(task, place));
      running++;
    }
  }
  const done = running === 0 && (failed || notStarted.length === 0);
  return { decisions, state: done ? worstOf(states) : null };
}

/**
 * A block with Kestra's handlers: `tasks` (run by `body`), then `errors` if one of them FAILED (not
 * when killed), then `finally` whatever happened. The block's state is its tasks' (Kestra's
 * guessFinalState over the main tasks): it stays FAILED when the error handlers succeed, and a
 * failing handler does not change it.
 */
export function withHandlers(
  body: Progress,
  handlers: { errors?: readonly TTask[]; finally?: readonly TTask[] },
  place: Place,
  index: RunIndex,
  step: (run: RunView) => Decision[],
): Progress {
  if (body.state === null) return body;
  if (body.state === State.FAILED && enabled(handlers.errors).length > 0) {
    const errors = sequence(handlers.errors, place, index, step);
    if (errors.state === null) return errors;
  }
  if (enabled(handlers.finally).length > 0) {
    const after = sequence(handlers.finally, place, index, step);
    if (after.state === null) return after;
  }
  return { decisions: [], state: body.state };
}
