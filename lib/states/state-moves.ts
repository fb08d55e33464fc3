import { ENDED, REPLAYABLE, State, type StateSet, type TState } from "./states";

/**
 * The moves each entity's state may make: the transition functions (lib/executions/move-execution.ts,
 * lib/task-runs/task-run-writes.ts) refuse any other, so a new path that would, say, bring an ended
 * execution back to RUNNING fails its first test instead of corrupting a row.
 */
type Moves = Readonly<Partial<Record<TState, readonly TState[]>>>;

const { CREATED, QUEUED, RUNNING, PAUSED, RETRYING, KILLING, SUCCESS, WARNING, FAILED, KILLED, CANCELLED, SKIPPED } =
  State;
/** A claimed or waiting execution can end straight away: refused by its limit, killed, or failed to start. */
const ENDS_BEFORE_START = [KILLED, CANCELLED, FAILED] as const;
const ENDS = [SUCCESS, WARNING, FAILED, KILLED, CANCELLED] as const;

export const EXECUTION_MOVES: Moves = {
  // Claimed, held back by its flow's concurrency limit, or ended before it starts.
  [CREATED]: [RUNNING, QUEUED, ...ENDS_BEFORE_START],
  [QUEUED]: [RUNNING, ...ENDS_BEFORE_START],
  // Paused by a Pause task, asked to stop, or ended by the engine. RUNNING → RUNNING: a new owner
  // takes over an execution whose lease ran out.
  // RETRIED: failed, and a new execution is the next attempt (retry.behavior CREATE_NEW_EXECUTION).
  [RUNNING]: [RUNNING, PAUSED, KILLING, State.RETRIED, ...ENDS],
  [PAUSED]: [RUNNING, KILLING, ...ENDS],
  [KILLING]: [KILLED, FAILED],
  // Restart (FAILED, KILLED) and replay (any end) start it again.
  ...Object.fromEntries(REPLAYABLE.states.map((s) => [s, [CREATED]])),
};

export const TASK_RUN_MOVES: Moves = {
  // PAUSED: a Pause with tasks pauses as it is resolved.
  [CREATED]: [RUNNING, PAUSED, SKIPPED, KILLED, FAILED, CANCELLED],
  [RUNNING]: [RUNNING, RETRYING, PAUSED, KILLING, SKIPPED, ...ENDS],
  [RETRYING]: [RUNNING, FAILED, KILLED],
  [PAUSED]: [RUNNING, ...ENDS],
  [KILLING]: [KILLED, FAILED],
  // A restart runs a failed leaf again (CREATED) and reopens the flowables above it (RUNNING);
  // a replay does the same from any ended task run; a user may mark an ended one SUCCESS, WARNING
  // or FAILED (Kestra's markAs), and the execution then goes on from there.
  ...Object.fromEntries(ENDED.states.map((s) => [s, [CREATED, RUNNING, SUCCESS, WARNING, FAILED]])),
};

export type Entity = "execution" | "task run";

/** Whether `from` may move to `to`. */
export function canMove(entity: Entity, from: TState, to: TState): boolean {
  const moves = entity === "execution" ? EXECUTION_MOVES : TASK_RUN_MOVES;
  return moves[from]?.includes(to) ?? false;
}

/**
 * The states of `from` that may move to `to`: a compare-and-set on them leaves a row in any other
 * (say, an execution that ended meanwhile) as it is. None at all is a bug, not a user error: it throws.
 */
export function movableFrom(entity: Entity, from: StateSet | readonly TState[], to: TState): TState[] {
  const states = "states" in from ? from.states : from;
  const allowed = states.filter((s) => canMove(entity, s, to));
  if (allowed.length === 0) throw new Error(`${entity} cannot move from ${states.join(", ")} to ${to}`);
  return allowed;
}
