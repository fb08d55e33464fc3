import type { Db } from "../db/create-client";
import { isTerminalState as isTerminal } from "../states/states";
import type { BusEvent, LogBus } from "./log-bus";
import type { LogLine } from "./log-line";
import { readLogs } from "./read-logs";
import type { SseEvent } from "./sse";

const REPLAY_PAGE = 5_000;
/** A follower that has heard nothing for this long looks at the store itself (lost notifications). */
const IDLE_CHECK_MS = 2_000;
/** Most published lines a follower holds while its client reads; past it they are dropped and read back from the store. */
export const MAX_QUEUED_LINES = 10_000;
/** The same bound in characters of message text (lines may be up to 64 K characters). */
export const MAX_QUEUED_CHARS = 8 * 1024 * 1024;

export interface FollowStats {
  /** Most lines held at once in the follower's queue of published events. */
  maxQueuedLines: number;
  /** Times the queue passed its bound and the follower fell back to reading the store. */
  fellBehind: number;
}

/**
 * Streams an execution's log: stored lines after `afterSeq`, then live ones, with state changes
 * as their own events, until the execution has ended and every line is sent.
 * Lines go out in `log` events whose data is an array and whose id is the last line's sequence
 * number, so a reconnect with Last-Event-ID resumes with no gap and no duplicate.
 *
 * Lines are stored before they are published, so a published batch is only a hint: a follower
 * whose client reads slowly keeps at most MAX_QUEUED_LINES of them, then drops them and
 * remembers only that it is behind; it catches up from the store page by page, at the pace of
 * the client (`send` waits while the stream is full).
 */
export async function followLogs(
  deps: { db: Db; bus: LogBus },
  executionId: string,
  afterSeq: number,
  send: (e: SseEvent) => Promise<void>,
  signal: AbortSignal,
  options: { stats?: FollowStats } = {},
): Promise<void> {
  const { db, bus } = deps;
  // Subscribe before reading what is stored, so nothing published in between is lost.
  let queue: BusEvent[] = [];
  let queuedLines = 0;
  let queuedChars = 0;
  let behind = false;
  let notify: (() => void) | null = null;
  const queueLines = (e: Extract<BusEvent, { kind: "lines" }>) => {
    queuedLines += e.lines.length;
    for (const l of e.lines) queuedChars += l.message.length;
    if (queuedLines > MAX_QUEUED_LINES || queuedChars > MAX_QUEUED_CHARS) {
      // Every queued line is in the store: keep only the state events (few, and ordered after lines).
      queue = queue.filter((q) => q.kind !== "lines");
      queuedLines = queuedChars = 0;
      behind = true;
      if (options.stats) options.stats.fellBehind++;
    } else queue.push(e);
    if (options.stats) options.stats.maxQueuedLines = Math.max(options.stats.maxQueuedLines, queuedLines);
  };
  const unsubscribe = bus.subscribe(executionId, (e) => {
    if (e.kind === "state") queue.push(e);
    // Stored by another process: read from the store, as when behind.
    else if (e.kind === "stored") behind ||= e.lastSeq > lastSent;
    // While behind, published lines are not kept: the catch-up reads them from the store.
    else if (!behind) queueLines(e);
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
      // From here on the store holds everything this follower dropped; lines published later queue again.
      behind = false;
      const page = await readLogs(db, executionId, { afterSeq: lastSent, limit: REPLAY_PAGE });
      await sendLines(page);
      if ((page.length < REPLAY_PAGE && !behind) || signal.aborted) return;
    }
  };
  /** The oldest queued event, no longer counted as held by the queue once it is being sent. */
  const takeQueued = (): BusEvent | undefined => {
    const e = queue.shift();
    if (e?.kind === "lines") {
      queuedLines -= e.lines.length;
      for (const l of e.lines) queuedChars -= l.message.length;
    }
    return e;
  };

  /**
   * Waits for an event; false when none came within IDLE_CHECK_MS. Only a bus shared with other
   * processes can lose one, so only then is the wait bounded (one process: it waits for the event).
   */
  const woken = () =>
    new Promise<boolean>((resolve) => {
      const timer = bus.sharedAcrossProcesses ? setTimeout(() => resolve(false), IDLE_CHECK_MS) : undefined;
      notify = () => {
        clearTimeout(timer);
        resolve(true);
      };
    }).finally(() => (notify = null));

  /**
   * When the store says the execution has ended, sends the lines left and `end`; true then. The
   * terminal state is stored only after the last line, so it is read after a replay.
   */
  const endedInStore = async (): Promise<boolean> => {
    const now = await db.execution.findUniqueOrThrow({
      where: { id: executionId },
      select: { state: true, error: true },
    });
    if (!isTerminal(now.state)) return false;
    await replayStored();
    await send({ event: "end", data: { state: now.state, error: now.error, lastSeq: lastSent } });
    return true;
  };

  try {
    const execution = await db.execution.findUnique({ where: { id: executionId }, include: { taskRuns: true } });
    if (!execution) throw new Error(`execution ${executionId} not found`);
    await send({
      event: "snapshot",
      data: {
        state: execution.state,
        taskRuns: execution.taskRuns.map((t) => ({ id: t.id, taskId: t.taskId, state: t.state })),
      },
    });
    await replayStored();
    if (await endedInStore()) return;
    while (!signal.aborted) {
      if (queue.length === 0 && !behind && !(await woken())) {
        // Quiet for a while: a notification from another server may have been lost. The store says.
        await replayStored();
        if (await endedInStore()) return;
        continue;
      }
      notify = null;
      if (behind) await replayStored();
      for (let e = takeQueued(); e && !signal.aborted; e = takeQueued()) {
        if (e.kind === "lines") {
          // A gap means lines were stored before we subscribed, or dropped while behind: fetch them from the store.
          if (e.lines[0] && e.lines[0].seq > lastSent + 1) await replayStored();
          await sendLines(e.lines);
          continue;
        }
        if (e.kind !== "state") continue; // `stored` hints are never queued
        // Lines stored before a state change may not have been published to this late subscriber.
        await replayStored();
        await send({ event: "state", data: e.event });
        if (e.event.taskRunId === null && isTerminal(e.event.state)) {
          await send({
            event: "end",
            data: { state: e.event.state, error: e.event.message ?? null, lastSeq: lastSent },
          });
          return;
        }
      }
    }
  } finally {
    unsubscribe();
    signal.removeEventListener("abort", onAbort);
  }
}
