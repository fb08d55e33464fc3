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
 * Told of a state an execution was just moved into, by the one call whose write moved it. `wants`
 * answers at once whether a move to that state concerns it: a batch no listener wants stays one write.
 */
export interface ExecutionMoveListener {
  wants: (to: TState) => boolean;
  tell: (executionId: string, to: TState) => Promise<void>;
}

// Per client: a server's executor listens to the moves made through its own client.
const listeners = new WeakMap<Db, ExecutionMoveListener[]>();

/**
 * Listens to every state change made through `db` (Flow triggers: lib/triggers/flow-trigger-listen.ts).
 * Returns the way to stop. Several executors sharing one client: only the first listening is told,
 * so a change is told once.
 */
export function onExecutionMoved(db: Db, listener: ExecutionMoveListener): () => void {
  listeners.set(db, [...(listeners.get(db) ?? []), listener]);
  return () =>
    listeners.set(
      db,
      (listeners.get(db) ?? []).filter((l) => l !== listener),
    );
}

/**
 * The one way an execution's state changes: checks the move against the table
 * (lib/states/state-moves.ts), writes it only if the row is still in one of `from` that may make the
 * move (so a kill and a pause at once cannot overwrite each other), stamps `endedAt` on an ended state, publishes the
 * new state to live pages, then tells the listener of the client (onExecutionMoved) of each row it
 * moved: the compare-and-set lets one call alone win a change, so a change is told once across
 * servers. Returns how many rows moved (0: somebody else moved it first). A log
 * writer that must be flushed before the end is the caller's (endExecution flushes its own).
 */
export async function moveExecution(
  deps: { db: Db; bus?: Pick<LogBus, "publishState"> },
  id: string | readonly string[],
  move: ExecutionMove,
): Promise<number> {
  const ids = typeof id === "string" ? [id] : [...id];
  const first = listeners.get(deps.db)?.[0];
  const listener = first?.wants(move.to) ? first : undefined;
  if (!listener || ids.length === 1) {
    const count = await write(deps.db, ids, move);
    if (count > 0 && ids.length === 1) {
      publish(deps, ids[0], move);
      if (listener) await tell(listener, ids[0], move.to);
    }
    return count;
  }
  // Which rows of a batch this call moved is known only row by row (one statement each, as one
  // statement returning its rows would hold SQLite's lock across the client's turns).
  let count = 0;
  for (const one of ids)
    if ((await write(deps.db, [one], move)) > 0) {
      count++;
      await tell(listener, one, move.to);
    }
  return count;
}

/** The compare-and-set: how many of `ids` were still in a state that may make the move. */
async function write(db: Db, ids: string[], move: ExecutionMove): Promise<number> {
  const states = movableFrom("execution", move.from, move.to);
  const ended = ENDED.has(move.to) && !move.data?.endedAt ? { endedAt: new Date() } : {};
  const { count } = await db.execution.updateMany({
    where: { ...move.where, id: ids.length === 1 ? ids[0] : { in: ids }, state: { in: states } },
    data: { ...move.data, ...ended, state: move.to },
  });
  return count;
}

function publish(deps: { bus?: Pick<LogBus, "publishState"> }, id: string, move: ExecutionMove): void {
  deps.bus?.publishState({
    executionId: id,
    taskRunId: null,
    taskId: null,
    state: move.to,
    at: Date.now(),
    message: move.message,
  });
}

async function tell(listener: ExecutionMoveListener, id: string, to: TState): Promise<void> {
  // What listens (other flows starting) never fails the move itself.
  await listener
    .tell(id, to)
    .catch((err: unknown) => console.warn(`[osprey] after execution ${id} moved to ${to}:`, err));
}
