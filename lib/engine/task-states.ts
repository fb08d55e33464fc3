import { z } from "zod";

/**
 * Kestra's states (io.kestra.core.models.flows.State.Type), for executions and task runs alike:
 * the one place that says which exist, which are final, and how children's states make a parent's.
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
] as const;
export const ZState = z.enum(STATES);
export type TState = z.infer<typeof ZState>;

const TERMINAL = new Set<TState>(["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED"]);
const FAILED = new Set<TState>(["FAILED", "KILLED"]);

export function isTerminalState(state: string): boolean {
  return TERMINAL.has(state as TState);
}

/** A failure stops the branch it is in (unless the task allows it). */
export function isFailedState(state: string): boolean {
  return FAILED.has(state as TState);
}

/** A state that lets the next task start: success, warning, or skipped. */
export function isSuccessfulState(state: string): boolean {
  return state === "SUCCESS" || state === "WARNING" || state === "SKIPPED";
}

// Kestra's Execution.guessFinalState: KILLED over FAILED over WARNING over PAUSED, else SUCCESS
// (skipped and cancelled children count as success).
const PRIORITY: TState[] = ["KILLED", "FAILED", "WARNING", "PAUSED"];

/** The state a finished group of children gives its parent. */
export function worstOf(states: readonly string[]): TState {
  for (const state of PRIORITY) if (states.includes(state)) return state;
  return "SUCCESS";
}
