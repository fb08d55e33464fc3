import type { Db } from "../db/create-client";
import type { LogBus } from "../logs/log-bus";
import { movableFrom } from "../states/state-moves";
import { ACTIVE, type TState, isTerminalState } from "../states/states";
import { type TaskRunWrite, updateTaskRun } from "./task-run-writes";

/** What a move needs around the row: the store, and (in an open execution) its log and live events. */
export interface MoveParts {
  db: Db;
  /** Stores the lines written so far: called before an end is written, so whoever sees it sees them all. */
  flush?: () => Promise<void>;
  publish?: (state: TState, taskRunId: string, taskId: string, message?: string) => void;
}

/** An open execution's parts (lib/task-runs/execution-session.ts), as a move takes them. */
export function sessionParts(session: {
  deps: { db: Db };
  writer: { flush(): Promise<void> };
  publish: (state: string, taskRunId?: string | null, taskId?: string | null, message?: string) => void;
}): MoveParts {
  return { db: session.deps.db, flush: () => session.writer.flush(), publish: session.publish };
}

/** A running task's parts (lib/tasks/task-context.ts): its events go out on the bus, as a session's do. */
export function contextParts(ctx: {
  deps: { db: Db; bus: Pick<LogBus, "publishState"> };
  executionId: string;
  writer: { flush(): Promise<void> };
}): MoveParts {
  const { db, bus } = ctx.deps;
  return {
    db,
    flush: () => ctx.writer.flush(),
    publish: (state, taskRunId, taskId, message) =>
      bus.publishState({ executionId: ctx.executionId, taskRunId, taskId, state, at: Date.now(), message }),
  };
}

/**
 * The one transition of a task run's state: checks the move against the table (lib/states/state-moves.ts),
 * writes it with a compare-and-set on the states it may come from (`from`, else the still-going ones
 * that may make it, so a run ended meanwhile, say killed, keeps its end) and, when given, on its holder; an end is stamped `endedAt` and the log is flushed first;
 * then the change is published. Returns false when the row was no longer in such a state (ended or
 * taken over meanwhile): nothing was written or published.
 */
export async function moveTaskRun(
  parts: MoveParts,
  run: { id: string; taskId: string },
  to: TState,
  data: Omit<TaskRunWrite, "state"> = {},
  match: { from?: readonly TState[]; holder?: string } = {},
): Promise<boolean> {
  const ends = isTerminalState(to);
  if (ends) await parts.flush?.();
  const write: TaskRunWrite = {
    ...data,
    state: to,
    ...(ends && data.endedAt === undefined ? { endedAt: new Date() } : {}),
  };
  const moved = await updateTaskRun(
    parts.db,
    { id: run.id, states: match.from ?? ACTIVE.states, holder: match.holder },
    write,
  );
  if (moved) parts.publish?.(to, run.id, run.taskId, data.error ?? undefined);
  return moved;
}

type TaskRunTable = Pick<Db, "taskRun">;

/**
 * The same move for many task runs at once (a kill ending every open one, a restart, a worker's claim),
 * as one query that can join a transaction. Rows in a state that may not make the move are left as
 * they are (by default those ended already: a restart names the ended ones it starts again). Publishing is the caller's (one event for the lot, or none when nobody is watching yet).
 */
export function moveTaskRuns(
  db: TaskRunTable,
  ids: readonly string[],
  to: TState,
  data: Record<string, unknown> = {},
  from: readonly TState[] = ACTIVE.states,
) {
  const states = movableFrom("task run", from, to);
  return db.taskRun.updateMany({
    where: { id: { in: [...ids] }, state: { in: states } },
    data: { ...data, state: to },
  });
}
