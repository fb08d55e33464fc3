import type { TRetry } from "../flow/task-types/common";
import { durationMs, toBool, toNumber } from "../values/values";

export interface RetryPolicy {
  /** Milliseconds to wait before attempt `next` (2, 3, …), or null to stop. */
  delayBefore(next: number, elapsedMs: number): number | null;
  warningOnRetry: boolean;
}

/**
 * Kestra's retry (the flow schema's ZRetry, rendered): `maxAttempt` counts every attempt, the first
 * included; `maxDuration` bounds the whole; the wait is constant, exponential up to `maxInterval`,
 * or random between `minInterval` and `maxInterval`.
 */
export function retryPolicy(spec: TRetry | undefined): RetryPolicy {
  if (!spec) return { delayBefore: () => null, warningOnRetry: false };
  // Retried by a new execution instead (lib/orchestrator/retry-new-execution.ts), not in place.
  if (spec.behavior === "CREATE_NEW_EXECUTION") return { delayBefore: () => null, warningOnRetry: false };
  return attemptsPolicy(spec);
}

/** When attempt `next` may start under `spec`'s limits, wherever the attempts are made. */
export function attemptsPolicy(spec: TRetry): RetryPolicy {
  const maxAttempt = toNumber(spec.maxAttempt, "retry.maxAttempt");
  const maxDuration = durationMs(spec.maxDuration, "retry.maxDuration");
  const attempts = maxAttempt ?? (maxDuration === undefined ? 2 : Number.POSITIVE_INFINITY);
  const wait = waitOf(spec);
  return {
    warningOnRetry: toBool(spec.warningOnRetry, "retry.warningOnRetry", false),
    delayBefore(next, elapsedMs) {
      if (next > attempts) return null;
      const delay = wait(next);
      if (maxDuration !== undefined && elapsedMs + delay > maxDuration) return null;
      return delay;
    },
  };
}

/** The wait before attempt `next`, by the retry's type. */
function waitOf(spec: TRetry): (next: number) => number {
  const maxInterval = spec.type === "constant" ? undefined : durationMs(spec.maxInterval, "retry.maxInterval");
  const capped = (ms: number) => (maxInterval === undefined ? ms : Math.min(ms, maxInterval));
  switch (spec.type) {
    case "constant": {
      const interval = durationMs(spec.interval, "retry.interval") ?? 0;
      return () => interval;
    }
    case "exponential": {
      const interval = durationMs(spec.interval, "retry.interval") ?? 0;
      const factor = toNumber(spec.delayFactor, "retry.delayFactor") ?? 2;
      return (next) => capped(interval * factor ** (next - 2));
    }
    case "random": {
      const min = durationMs(spec.minInterval, "retry.minInterval") ?? 0;
      return () => capped(min + Math.random() * Math.max(0, (maxInterval ?? min) - min));
    }
  }
}
