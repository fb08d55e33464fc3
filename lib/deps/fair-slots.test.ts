import { describe, expect, it } from "vitest";
import { FairSlots } from "./fair-slots";

const tick = () => new Promise((r) => setImmediate(r));

describe("FairSlots", () => {
  it("holds at most its capacity", async () => {
    const slots = new FairSlots(2);
    const a = await slots.acquire("a");
    await slots.acquire("a");
    let third: (() => void) | null = null;
    void slots.acquire("a").then((r) => (third = r));
    await tick();
    expect(third).toBeNull();
    expect(slots.inUse).toBe(2);
    a!();
    a!(); // a second release frees nothing more
    await tick();
    expect(third).not.toBeNull();
    expect(slots.inUse).toBe(2);
  });

  it("gives a freed slot to the namespace holding the fewest, not to the one that queued most", async () => {
    const slots = new FairSlots(3);
    const held = await Promise.all([slots.acquire("team.a"), slots.acquire("team.a"), slots.acquire("team.a")]);
    const order: string[] = [];
    for (let i = 0; i < 5; i++) void slots.acquire("team.a").then(() => order.push("a"));
    void slots.acquire("team.b").then(() => order.push("b"));
    await tick();
    held[0]!();
    await tick();
    expect(order).toEqual(["b"]);
    held[1]!();
    await tick();
    expect(order).toEqual(["b", "a"]);
  });

  it("drops a waiter whose signal aborts", async () => {
    const slots = new FairSlots(1);
    const first = await slots.acquire("a");
    const stop = new AbortController();
    const waiting = slots.acquire("b", stop.signal);
    stop.abort();
    expect(await waiting).toBeNull();
    first!();
    expect(slots.inUse).toBe(0);
    expect(await slots.acquire("c")).not.toBeNull();
  });

  it("grows when resized", async () => {
    const slots = new FairSlots(1);
    await slots.acquire("a");
    let got = false;
    void slots.acquire("a").then(() => (got = true));
    slots.resize(2);
    await tick();
    expect(got).toBe(true);
  });
});
