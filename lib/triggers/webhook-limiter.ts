import { AttemptLimiter } from "../auth/attempt-limiter";

/**
 * Counts webhook calls per flow. In memory for now (per server process); an implementation on the
 * database can take its place behind this interface when servers must share the count.
 */
export interface WebhookLimiter {
  /** Records a call for the flow; false when the flow has used up its allowance. */
  take(flowKey: string): boolean | Promise<boolean>;
}

export function memoryWebhookLimiter(perMinute: number, now?: () => number): WebhookLimiter {
  const limiter = new AttemptLimiter(perMinute, 60_000, now);
  return { take: (flowKey) => limiter.take(flowKey) };
}
