/**
 * Counters of this process since it started, for /metrics. Kept on globalThis: Next bundles a module
 * once per route, and the log writer and the metrics route must count into the same object.
 */
export interface ProcessCounters {
  logLinesWritten: number;
  startedAt: number;
}

const globalForCounters = globalThis as unknown as { __ospreyCounters?: ProcessCounters };

export function processCounters(): ProcessCounters {
  globalForCounters.__ospreyCounters ??= { logLinesWritten: 0, startedAt: Date.now() };
  return globalForCounters.__ospreyCounters;
}
