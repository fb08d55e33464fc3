import { describe, expect, it } from "vitest";
import { webhookKeyMatches } from "./webhook-key";

describe("webhook key", () => {
  it("matches only the exact key, whatever the lengths", () => {
    expect(webhookKeyMatches("k3y", "k3y")).toBe(true);
    expect(webhookKeyMatches("k3y", "k3Y")).toBe(false);
    expect(webhookKeyMatches("k3", "k3y")).toBe(false);
    expect(webhookKeyMatches("", "k3y")).toBe(false);
  });
});
