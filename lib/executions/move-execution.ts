import type { Db } from "../db/create-client";
import { movableFrom } from "../states/state-moves";
import { ENDED, type StateSet, type TState } from "../states/states";
import type { LogBus } from "../logs/log-bus";

type Update = NonNullable<Parameters<Db["execution"]["updateMany"]>[0]>;
type Where = NonNullable<Update["where"]>;

export interface ExecutionMove {
  /** The states it may be in now: the write is a compare-and-set on them. */
  from: StateSet | readonly TState[];
  to: TState;
  /** Other columns written with the state (error, owner, …). `endedAt` is set for an ended state. */
  data?: Omit<Update["data"], "state">;
  /** Further conditions, e.g. `ownerId`: only while this server holds it. */
  where?: Omit<Where, "id" | "state">;
  /** Shown with the published state (the execution's error). */
  message?: string;
}

/**
 * The one way an execution's state changes: checks the move against the table
 * (lib/states/state-moves.ts), writes it only if the row is still in one of `from` that may make the
 * move (so a kill and a pause at once cannot overwrite each other), stamps `endedAt` on an ended state, and publishes the
 * new state to live pages. Returns how many rows moved (0: somebody else moved it first). A log
 * writer that must be flushed before the end is the caller's (endExecution flushes its own).
 */
export async function moveExecution(
  deps: { db: Db; bus?: Pick<LogBus, "publishState"> },
  id: string | readonly string[],
  move: ExecutionMove,
): Promise<number> {
  const states = movableFrom("execution", move.from, move.to);
  const ids = typeof id === "string" ? [id] : [...id];
  const ended = ENDED.has(move.to) && !move.data?.endedAt ? { endedAt: new Date() } : {};
  const { count } = await deps.db.execution.updateMany({
    where: { ...move.where, id: ids.length === 1 ? ids[0] : { in: ids }, state: { in: states } },
    data: { ...move.data, ...ended, state: move.to },
  });
  if (count > 0 && ids.length === 1 && deps.bus)
    deps.bus.publishState({
      executionId: ids[0],
      taskRunId: null,
      taskId: null,
      state: move.to,
      at: Date.now(),
      message: move.message,
    });
  return count;
}
