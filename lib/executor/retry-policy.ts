import { durationMs, toBool, toNumber } from "../runner/values";

export interface RetrySpec {
  type: "constant" | "exponential" | "random";
  interval?: string;
  /** random: each wait is drawn between these two. */
  minInterval?: string;
  maxAttempt?: number | string;
  maxDuration?: string;
  maxInterval?: string;
  delayFactor?: number | string;
  warningOnRetry?: boolean | string;
}

export interface RetryPolicy {
  /** Milliseconds to wait before attempt `next` (2, 3, …), or null to stop. */
  delayBefore(next: number, elapsedMs: number): number | null;
  warningOnRetry: boolean;
}

/** Kestra's retry: `maxAttempt` counts every attempt, the first included; `maxDuration` bounds the whole. */
export function retryPolicy(spec: RetrySpec | undefined): RetryPolicy {
  if (!spec) return { delayBefore: () => null, warningOnRetry: false };
  const interval = durationMs(spec.interval, "retry.interval") ?? 0;
  const maxAttempt = toNumber(spec.maxAttempt, "retry.maxAttempt");
  const maxDuration = durationMs(spec.maxDuration, "retry.maxDuration");
  const maxInterval = durationMs(spec.maxInterval, "retry.maxInterval");
  const factor = toNumber(spec.delayFactor, "retry.delayFactor") ?? 2;
  const minInterval = durationMs(spec.minInterval, "retry.minInterval") ?? 0;
  const attempts = maxAttempt ?? (maxDuration === undefined ? 2 : Number.POSITIVE_INFINITY);
  return {
    warningOnRetry: toBool(spec.warningOnRetry, "retry.warningOnRetry", false),
    delayBefore(next, elapsedMs) {
      if (next > attempts) return null;
      let delay =
        spec.type === "exponential" ? interval * factor ** (next - 2)
        : spec.type === "random" ? minInterval + Math.random() * Math.max(0, (maxInterval ?? minInterval) - minInterval)
        : interval;
      if (maxInterval !== undefined) delay = Math.min(delay, maxInterval);
      if (maxDuration !== undefined && elapsedMs + delay > maxDuration) return null;
      return delay;
    },
  };
}
