import type { z } from "zod";
import { isTruthy } from "../engine/truth";
import type { ZCheck } from "../flow/flow-parts";
import { renderString } from "../template/render";

type TCheck = z.infer<typeof ZCheck>;

/** What the flow's checks say about a new execution: create it, create it FAILED, or refuse it. */
export interface ChecksVerdict {
  outcome: "CREATE" | "FAIL" | "BLOCK";
  /** The messages of the checks that did not hold, in order. */
  messages: string[];
}

/** Most steps one condition may take: it runs on the request's thread. */
const MAX_STEPS = 100_000;

const RANK = { CREATE_EXECUTION: 0, FAIL_EXECUTION: 1, BLOCK_EXECUTION: 2 } as const;

/**
 * Kestra's flow `checks`, before an execution is created: each `condition` is rendered with the
 * run's inputs (and flow, labels, vars); one that is false fails the check, whose `behavior`
 * (default BLOCK_EXECUTION) says what happens. Several failed: the strictest wins. A condition
 * that cannot be rendered counts as false, with its error after the message.
 */
export function evaluateChecks(
  checks: readonly TCheck[] | undefined,
  vars: {
    flow: { id: string; namespace: string; revision: number };
    inputs: Record<string, unknown>;
    labels: Record<string, unknown>;
    vars?: Record<string, unknown>;
  },
): ChecksVerdict {
  const messages: string[] = [];
  let worst = -1;
  for (const check of checks ?? []) {
    let holds: boolean;
    let why = "";
    try {
      holds = isTruthy(
        renderString(
          check.condition,
          {
            ...vars,
            execution: { id: "", startDate: new Date().toISOString() },
            outputs: {},
            secret: () => {
              throw new Error("secret() cannot be read by a check");
            },
          },
          { maxSteps: MAX_STEPS },
        ),
      );
    } catch (err) {
      holds = false;
      why = ` (${err instanceof Error ? err.message : String(err)})`;
    }
    if (holds) continue;
    messages.push(check.message + why);
    worst = Math.max(worst, RANK[check.behavior ?? "BLOCK_EXECUTION"]);
  }
  const outcome = worst === RANK.BLOCK_EXECUTION ? "BLOCK" : worst === RANK.FAIL_EXECUTION ? "FAIL" : "CREATE";
  return { outcome, messages };
}
