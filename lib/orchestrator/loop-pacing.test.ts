import { describe, expect, it } from "vitest";
import { LoopPause, SignalledCheck } from "./loop-pacing";

describe("SignalledCheck", () => {
  it("is due at first, then only when signalled or once the interval has passed", () => {
    const check = new SignalledCheck();
    expect(check.take(1_000, 0)).toBe(true);
    expect(check.take(1_000, 10)).toBe(false);
    check.signal();
    expect(check.take(1_000, 20)).toBe(true);
    expect(check.take(1_000, 500)).toBe(false);
    expect(check.take(1_000, 1_020)).toBe(true);
    expect(check.take(1_000, 1_021)).toBe(false);
  });
});

describe("LoopPause", () => {
  it("ends early when woken", async () => {
    const pause = new LoopPause();
    let ended = false;
    const waiting = pause.for(60_000).then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(false);
    pause.wake();
    await waiting;
    expect(ended).toBe(true);
  });

  it("keeps a wake that came during a pass for the next pause, once", async () => {
    const pause = new LoopPause();
    pause.wake();
    pause.wake();
    await pause.for(60_000); // at once
    let ended = false;
    void pause.for(60_000).then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(false);
    pause.wake();
  });
});
