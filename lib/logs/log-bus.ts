import { EventEmitter } from "node:events";
import type { LogLine } from "./log-line";

/** A change of an execution's or a task run's state, streamed beside the log lines. */
export interface StateEvent {
  executionId: string;
  taskRunId: string | null;
  taskId: string | null;
  state: string;
  at: number;
  message?: string;
}

/**
 * `stored`: lines up to `lastSeq` are in the store, written by another process (a hint without the
 * lines: the follower reads them from the store).
 */
export type BusEvent =
  | { kind: "lines"; lines: LogLine[] }
  | { kind: "state"; event: StateEvent }
  | { kind: "stored"; lastSeq: number };

/** Carries this process's events to the other processes on the same database (PostgreSQL NOTIFY). */
export interface EventRelay {
  stored(executionId: string, lastSeq: number): void;
  state(event: StateEvent): void;
  work(signal: WorkSignal): void;
}

/**
 * Wakes the processes that hand out or run work: `dispatched` (a task run waits for a worker),
 * `stop` (a kill or an SLA asked a task run to stop wherever it runs). A hint: each loop reads the
 * database, and polls it anyway.
 */
export type WorkSignal = "dispatched" | "stop";

const WORK = Symbol("work");

/**
 * In-process publish/subscribe of stored log lines and state changes, per execution.
 * Subscribers only ever see what is already persisted (lines are published after their insert).
 * With a relay (several servers on one PostgreSQL), what is published here also reaches followers
 * in the other processes, and what they publish arrives through `receive`.
 */
export class LogBus {
  private readonly emitter = new EventEmitter();
  private relay: EventRelay | null = null;

  constructor() {
    // Every open SSE connection is a listener; the default cap of 10 would warn spuriously.
    this.emitter.setMaxListeners(0);
  }

  setRelay(relay: EventRelay | null): void {
    this.relay = relay;
  }

  /** Whether other processes publish to this bus too (a relay is set): their events can be lost in transit. */
  get sharedAcrossProcesses(): boolean {
    return this.relay !== null;
  }

  /** Lines just stored, up to `lastSeq`; `lines` holds them when a follower here wanted them. */
  publishLines(executionId: string, lines: LogLine[], lastSeq?: number): void {
    if (lines.length) this.emitter.emit(executionId, { kind: "lines", lines } satisfies BusEvent);
    const last = lastSeq ?? lines[lines.length - 1]?.seq;
    if (last !== undefined) this.relay?.stored(executionId, last);
  }

  publishState(event: StateEvent): void {
    this.emitter.emit(event.executionId, { kind: "state", event } satisfies BusEvent);
    this.relay?.state(event);
  }

  signalWork(signal: WorkSignal): void {
    this.emitter.emit(WORK, signal);
    this.relay?.work(signal);
  }

  /** A work signal from this process or (through the relay) another one. */
  onWork(listener: (signal: WorkSignal) => void): () => void {
    this.emitter.on(WORK, listener);
    return () => this.emitter.off(WORK, listener);
  }

  /** A work signal another process sent (through the relay). */
  receiveWork(signal: WorkSignal): void {
    this.emitter.emit(WORK, signal);
  }

  /** An event another process published (through the relay): to this process's followers only. */
  receive(executionId: string, event: Extract<BusEvent, { kind: "state" | "stored" }>): void {
    this.emitter.emit(executionId, event);
  }

  /** Whether anyone follows this execution live (the writer builds line objects only then). */
  hasSubscribers(executionId: string): boolean {
    return this.emitter.listenerCount(executionId) > 0;
  }

  subscribe(executionId: string, listener: (e: BusEvent) => void): () => void {
    this.emitter.on(executionId, listener);
    return () => this.emitter.off(executionId, listener);
  }
}

const globalForBus = globalThis as unknown as { __ospreyLogBus?: LogBus };

export function getLogBus(): LogBus {
  globalForBus.__ospreyLogBus ??= new LogBus();
  return globalForBus.__ospreyLogBus;
}
