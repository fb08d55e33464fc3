import { describe, expect, it } from "vitest";
import { renewEveryMs, takeover } from "./lease";

const LEASE = 30_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const ago = (ms: number) => new Date(NOW - ms);

describe("takeover", () => {
  it.each([
    ["mine, renewed just now", { holder: "me", heartbeatAt: ago(0) }, "own"],
    ["mine, silent for ages (a restart)", { holder: "me", heartbeatAt: ago(10 * LEASE) }, "own"],
    ["nobody's (from before holders were written)", { holder: null, heartbeatAt: ago(0) }, "take"],
    ["held, never renewed", { holder: "b", heartbeatAt: null }, "take"],
    ["held, renewed within the lease", { holder: "b", heartbeatAt: ago(LEASE - 1) }, "leave"],
    ["held, silent exactly one lease", { holder: "b", heartbeatAt: ago(LEASE) }, "leave"],
    ["held, silent past the lease", { holder: "b", heartbeatAt: ago(LEASE + 1) }, "take"],
    [
      "out of reach, past one lease: one that can reattach goes first",
      { holder: "b", heartbeatAt: ago(LEASE + 1), reachable: false },
      "leave",
    ],
    ["out of reach, past two leases", { holder: "b", heartbeatAt: ago(2 * LEASE + 1), reachable: false }, "take"],
    ["in reach, past one lease", { holder: "b", heartbeatAt: ago(LEASE + 1), reachable: true }, "take"],
  ] as const)("%s: %s", (_, lease, expected) => {
    expect(takeover(lease, "me", NOW, LEASE)).toBe(expected);
  });
});

describe("renewEveryMs", () => {
  it("renews three times per lease, never more often than every 100 ms", () => {
    expect(renewEveryMs(30_000)).toBe(10_000);
    expect(renewEveryMs(3_000)).toBe(1_000);
    expect(renewEveryMs(100)).toBe(100);
  });
});
