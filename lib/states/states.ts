import { z } from "zod";

/**
 * Kestra's states (io.kestra.core.models.flows.State.Type), for executions and task runs alike: the
 * one place that names them, groups them into sets, and says which moves are allowed. No other file
 * spells a state name (scripts/lint-state-literals.ts checks it in npm test).
 *
 * Execution:
 *   CREATED    entered by create, restart and replay; left when an orchestrator claims it (RUNNING),
 *              it waits on its flow's concurrency limit (QUEUED), is killed, or a limit refuses it.
 *   QUEUED     waits for a slot of its flow's `concurrency`; left as CREATED's.
 *   RUNNING    an orchestrator holds its lease and applies the engine's decisions; left when the engine
 *              ends it, a Pause task pauses it, or a kill asks it to stop (KILLING).
 *   PAUSED     a Pause task waits; left by resume or the pause's timeout (RUNNING), or a kill.
 *   KILLING    a kill was asked; left when every running task run has stopped (KILLED).
 *   SUCCESS, WARNING, FAILED, KILLED, CANCELLED: ended; a restart (FAILED, KILLED) or replay (any
 *              of them) starts it again as CREATED.
 *   RETRIED    ended by a failure whose `retry.behavior` is CREATE_NEW_EXECUTION: a new execution
 *              (a replay from the start, at the retry's date) is the next attempt.
 * Task run:
 *   CREATED    written by the engine's decision; left when a holder claims it (RUNNING) or a kill.
 *   RUNNING    a holder (the orchestrator or a worker) runs an attempt; left at the attempt's end.
 *   RETRYING   an attempt failed and `retry` allows another: waits its delay, then RUNNING again.
 *   PAUSED     a Pause task waits for resume; left as the execution's PAUSED.
 *   SKIPPED    `runIf` was false or a branch was not taken; SUCCESS, WARNING, FAILED, KILLED,
 *              CANCELLED: the attempt (or a flowable's children) ended; a restart makes a FAILED or
 *              KILLED one CREATED (or RUNNING for a flowable) again.
 */
export const STATES = [
  "CREATED",
  "QUEUED",
  "RUNNING",
  "PAUSED",
  "RETRYING",
  "KILLING",
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "SKIPPED",
  "RETRIED",
] as const;
export const ZState = z.enum(STATES);
export type TState = z.infer<typeof ZState>;
/** Each state by name: `State.FAILED`. */
export const State = ZState.enum;

/**
 * Names Kestra has that Osprey never enters (a restart here keeps the execution's id, a retry its task
 * run): flows may still name them in conditions and `stopAfter`, where they simply never match.
 */
export const KESTRA_ONLY_STATES = ["RESTARTED", "BREAKPOINT", "RESUBMITTED", "SUBMITTED"] as const;
/** Every state name a flow may write (conditions, Flow triggers, stopAfter). */
export const KESTRA_STATE_NAMES = [...STATES, ...KESTRA_ONLY_STATES] as const;

/** A named group of states; `has` takes any string, so a row's state can be asked as read. */
export class StateSet {
  private readonly members: ReadonlySet<string>;
  constructor(readonly states: readonly TState[]) {
    this.members = new Set(states);
  }
  has(state: string | null | undefined): boolean {
    return state != null && this.members.has(state);
  }
  /** For database filters: `state: { in: SET.list() }`. */
  list(): TState[] {
    return [...this.states];
  }
}
const set = (...states: TState[]): StateSet => new StateSet(states);

/** Ended: nothing will change it again unless it is restarted. */
export const ENDED = set("SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED", "RETRIED");
/** Still going: every state that is not ended. */
export const ACTIVE = set(...STATES.filter((s) => !ENDED.has(s)));
/** A failure stops the branch it is in (unless the task allows it). */
export const FAILURES = set("FAILED", "KILLED");
/** Lets the next task start: success, warning, or skipped. */
export const PASSED = set("SUCCESS", "WARNING", "SKIPPED");
/** A task run a holder is working on: an attempt runs, or waits to retry. */
export const WORKING = set("RUNNING", "RETRYING");
/** A task run somebody holds (its lease is renewed) and that a new holder resumes after a restart. */
export const HELD = set("RUNNING", "RETRYING", "PAUSED");
/** An execution an orchestrator may claim, or a kill may end before it starts. */
export const CLAIMABLE = set("CREATED", "QUEUED");
/** An execution an orchestrator holds the lease of (it ends it, or a successor takes it over). */
export const OWNED = set("RUNNING", "PAUSED", "KILLING");
/** An execution that takes one of its flow's `concurrency` slots. */
export const OCCUPYING = set("RUNNING", "PAUSED");
/** Ended executions a restart may start again from their failed task runs. */
export const RESTARTABLE = FAILURES;
/** Ended executions a replay may start again from any task run (Kestra: any terminated state). */
export const REPLAYABLE = set("SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED");
/** What a task's own run may return: a leaf ends in one of these. */
export type TOutcomeState = "SUCCESS" | "WARNING" | "FAILED";

export function isTerminalState(state: string): boolean {
  return ENDED.has(state);
}

export function isFailedState(state: string): boolean {
  return FAILURES.has(state);
}

export function isSuccessfulState(state: string): boolean {
  return PASSED.has(state);
}

/** Parses a state read from a row; a name this build does not know is a corrupt row, not a guess. */
export function parseState(value: string): TState {
  return ZState.parse(value);
}

// Kestra's Execution.guessFinalState: KILLED over FAILED over WARNING over PAUSED, else SUCCESS
// (skipped and cancelled children count as success).
const PRIORITY: TState[] = ["KILLED", "FAILED", "WARNING", "PAUSED"];

/** The state a finished group of children gives its parent. */
export function worstOf(states: readonly string[]): TState {
  for (const state of PRIORITY) if (states.includes(state)) return state;
  return "SUCCESS";
}

/** Kestra's `State.Type.terminatedTypes()`: a Flow trigger's default `states`, and what `stopAfter` takes. */
export const KESTRA_TERMINATED = ENDED.states;
