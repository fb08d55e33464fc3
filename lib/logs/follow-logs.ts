import type { Db } from "../db/create-client";
import { isTerminal } from "../executor/states";
import type { BusEvent, LogBus } from "./log-bus";
import type { LogLine } from "./log-line";
import { readLogs } from "./read-logs";
import type { SseEvent } from "./sse";

const REPLAY_PAGE = 5_000;

/**
 * Streams an execution's log: stored lines after `afterSeq`, then live ones, with state changes
 * as their own events, until the execution has ended and every line is sent.
 * Lines go out in `log` events whose data is an array and whose id is the last line's sequence
 * number, so a reconnect with Last-Event-ID resumes with no gap and no duplicate.
 */
export async function followLogs(
  deps: { db: Db; bus: LogBus },
  executionId: string,
  afterSeq: number,
  send: (e: SseEvent) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const { db, bus } = deps;
  // Subscribe before reading what is stored, so nothing published in between is lost.
  const queue: BusEvent[] = [];
  let notify: (() => void) | null = null;
  const unsubscribe = bus.subscribe(executionId, (e) => {
    queue.push(e);
    notify?.();
  });
  const onAbort = () => notify?.();
  signal.addEventListener("abort", onAbort);
  let lastSent = afterSeq;

  const sendLines = async (lines: LogLine[]) => {
    const fresh = lines.filter((l) => l.seq > lastSent);
    if (!fresh.length) return;
    lastSent = fresh[fresh.length - 1].seq;
    await send({ event: "log", id: lastSent, data: fresh });
  };
  const replayStored = async () => {
    for (;;) {
      const page = await readLogs(db, executionId, { afterSeq: lastSent, limit: REPLAY_PAGE });
      await sendLines(page);
      if (page.length < REPLAY_PAGE || signal.aborted) return;
    }
  };

  try {
    const execution = await db.execution.findUnique({ where: { id: executionId }, include: { taskRuns: true } });
    if (!execution) throw new Error(`execution ${executionId} not found`);
    await send({ event: "snapshot", data: { state: execution.state, taskRuns: execution.taskRuns.map((t) => ({ id: t.id, taskId: t.taskId, state: t.state })) } });
    await replayStored();
    // Terminal state is stored only after the last line: re-read it now that replay is done.
    const current = await db.execution.findUniqueOrThrow({ where: { id: executionId }, select: { state: true, error: true } });
    if (isTerminal(current.state)) {
      await replayStored();
      await send({ event: "end", data: { state: current.state, error: current.error, lastSeq: lastSent } });
      return;
    }
    while (!signal.aborted) {
      if (queue.length === 0) await new Promise<void>((r) => (notify = r));
      notify = null;
      for (const e of queue.splice(0)) {
        if (e.kind === "lines") {
          // A gap means lines were stored before we subscribed: fetch them from the store.
          if (e.lines[0] && e.lines[0].seq > lastSent + 1) await replayStored();
          await sendLines(e.lines);
          continue;
        }
        // Lines stored before a state change may not have been published to this late subscriber.
        await replayStored();
        await send({ event: "state", data: e.event });
        if (e.event.taskRunId === null && isTerminal(e.event.state)) {
          await send({ event: "end", data: { state: e.event.state, error: e.event.message ?? null, lastSeq: lastSent } });
          return;
        }
      }
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
}
