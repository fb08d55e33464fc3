export const EXECUTION_STATES = ["CREATED", "RUNNING", "SUCCESS", "WARNING", "FAILED", "KILLED"] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

const TERMINAL = new Set<string>(["SUCCESS", "WARNING", "FAILED", "KILLED"]);

export function isTerminal(state: string): boolean {
  return TERMINAL.has(state);
}
