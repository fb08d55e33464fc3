import type { TLabel } from "../../flow/labels";

/** The execution a condition looks at: for a Flow trigger, the upstream execution that just ended. */
export interface ConditionExecution {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  labels: TLabel[];
  /** The flow's rendered `outputs`; null when it declared none or did not end well. */
  outputs: Record<string, unknown> | null;
  /** Its task runs' attempts, read only when a condition asks (HasRetryAttempt). */
  taskRuns?: () => Promise<ConditionTaskRun[]>;
}

/** A task run as a condition sees it: how many attempts it made and how the last one ended. */
export interface ConditionTaskRun {
  taskId: string;
  attempt: number;
  state: string;
}

/** What a condition is evaluated against. */
export interface ConditionContext {
  execution?: ConditionExecution;
  /** The moment of evaluation: what date conditions check when no `trigger.date` is given. */
  now: Date;
  /** The flow that holds the trigger. */
  flow: { namespace: string; id: string };
  /** Variables expressions see (`flow`, `trigger`, …). */
  variables: Record<string, unknown>;
  /** Renders one expression to text (in a template worker, with its limits). */
  render: (expression: string, variables: Record<string, unknown>) => Promise<string>;
}

/** A condition that cannot be evaluated here (no execution to look at, a bad date): the trigger does not fire. */
export class ConditionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConditionError";
  }
}

/** Kestra's truth of a rendered condition: anything but blank or `false`. */
export function renderedTrue(text: string): boolean {
  return !(text.trim() === "" || text.trim() === "false");
}
