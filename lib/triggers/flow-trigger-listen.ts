import type { ExecutorDeps } from "../deps/executor-deps";
import { onExecutionMoved } from "../executions/move-execution";
import { flowSaves } from "../flows/flow-saves";
import { ENDED, type TState } from "../states/states";
import { fireFlowTriggers, listenedStates } from "./flow-trigger-fire";

/** How old the set of listened-to states may be before it is read again (a flow saved by another process). */
const REFRESH_MS = 1_000;

/**
 * Evaluates Flow triggers on every state change of an execution made through this server's client
 * (RUNNING, PAUSED, the end, …), as Kestra's executor does for each transition. The change is told
 * by the one call whose compare-and-set moved the execution (lib/executions/move-execution.ts), so
 * each change fires a trigger at most once, however many servers share the database. An end is
 * always looked at; another state only when some flow listens to it (as read at most a second ago),
 * so the usual RUNNING moves, claims of many executions at once included, cost nothing more.
 * Returns the way to stop listening.
 */
export function listenForFlowTriggers(deps: ExecutorDeps): () => void {
  let known: ReadonlySet<TState> | null = null;
  let readAt = 0;
  let readAtSave = -1;
  let reading: Promise<void> | null = null;
  const refresh = () => {
    const save = flowSaves();
    reading ??= listenedStates(deps.db)
      .then(
        (states) => {
          known = states;
          readAt = Date.now();
          readAtSave = save;
        },
        () => undefined,
      )
      .finally(() => {
        reading = null;
      });
  };
  return onExecutionMoved(deps.db, {
    wants: (state) => {
      if (ENDED.has(state)) return true;
      const stale = readAtSave !== flowSaves() || Date.now() - readAt > REFRESH_MS;
      if (stale) refresh();
      // Until it is read again, a move is looked at: a trigger saved meanwhile is not missed.
      return stale || known === null || known.has(state);
    },
    tell: async (executionId, state) => {
      await fireFlowTriggers(deps, executionId, state);
    },
  });
}
