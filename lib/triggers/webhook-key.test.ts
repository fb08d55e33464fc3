import { describe, expect, it } from "vitest";
import { webhookKeyMatches } from "./webhook-key";
import { memoryWebhookLimiter } from "./webhook-limiter";

describe("webhook key and limiter", () => {
  it("matches only the exact key, whatever the lengths", () => {
    expect(webhookKeyMatches("k3y", "k3y")).toBe(true);
    expect(webhookKeyMatches("k3y", "k3Y")).toBe(false);
    expect(webhookKeyMatches("k3", "k3y")).toBe(false);
    expect(webhookKeyMatches("", "k3y")).toBe(false);
  });

  it("counts per flow per minute", () => {
    let now = 0;
    const limiter = memoryWebhookLimiter(2, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("b")]).toEqual([true, true, false, true]);
    now = 60_000;
    expect(limiter.take("a")).toBe(true);
  });
});
