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

export type BusEvent = { kind: "lines"; lines: LogLine[] } | { kind: "state"; event: StateEvent };

/**
 * In-process publish/subscribe of stored log lines and state changes, per execution.
 * Subscribers only ever see what is already persisted (lines are published after their insert).
 */
export class LogBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open SSE connection is a listener; the default cap of 10 would warn spuriously.
    this.emitter.setMaxListeners(0);
  }

  publishLines(executionId: string, lines: LogLine[]): void {
    if (lines.length) this.emitter.emit(executionId, { kind: "lines", lines } satisfies BusEvent);
  }

  publishState(event: StateEvent): void {
    this.emitter.emit(event.executionId, { kind: "state", event } satisfies BusEvent);
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
