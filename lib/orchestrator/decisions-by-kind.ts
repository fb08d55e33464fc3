import type { Decision } from "../engine/run-view";

type Of<K extends Decision["kind"]> = Extract<Decision, { kind: K }>;

/** One pass's decisions, grouped by how the loop applies them. */
export interface DecisionsByKind {
  /** The execution ends (applied once no leaf runs any more). */
  end: Of<"end-execution"> | undefined;
  /** New task runs, written together in one transaction. */
  creates: Of<"create">[];
  /** Flowables to resolve or close, one after the other. */
  flowables: Of<"resolve" | "end-task-run">[];
  /** WaitFor rounds to check, each beside the loop. */
  checks: Of<"check-loop">[];
  /** Pauses with tasks to wait for, each beside the loop. */
  pauses: Of<"await-resume">[];
}

/**
 * Routes every decision to its handler's group by one exhaustive switch: a new kind of decision
 * without a handler does not compile (the `never` below), instead of being silently dropped.
 */
export function decisionsByKind(decisions: readonly Decision[]): DecisionsByKind {
  const out: DecisionsByKind = { end: undefined, creates: [], flowables: [], checks: [], pauses: [] };
  for (const d of decisions) {
    switch (d.kind) {
      case "end-execution":
        out.end ??= d;
        break;
      case "create":
        out.creates.push(d);
        break;
      case "resolve":
      case "end-task-run":
        out.flowables.push(d);
        break;
      case "check-loop":
        out.checks.push(d);
        break;
      case "await-resume":
        out.pauses.push(d);
        break;
      default:
        return unhandled(d);
    }
  }
  return out;
}

function unhandled(decision: never): never {
  throw new Error(`no handler for decision ${JSON.stringify(decision)}`);
}
