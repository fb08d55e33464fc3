import { describe, expect, it } from "vitest";
import { binarySearch, LogStore } from "./log-store";
import type { ClientLogLine } from "./log-types";

const line = (
  seq: number,
  taskId: string,
  level: string,
  message: string,
  stream: ClientLogLine["stream"] = "stdout",
): ClientLogLine => ({
  seq,
  taskId,
  taskRunId: null,
  timestamp: 1_700_000_000_000 + seq,
  level,
  stream,
  message,
});

function filled() {
  const store = new LogStore();
  store.push([
    line(1, "a", "INFO", "starting"),
    line(2, "a", "ERROR", "\x1b[31mboom\x1b[0m", "stderr"),
    line(3, "b", "WARN", "careful Boom"),
    line(4, "b", "INFO", "done"),
  ]);
  return store;
}

describe("LogStore", () => {
  it("keeps lines in columns and gives them back whole", () => {
    const store = filled();
    expect(store.length).toBe(4);
    expect(store.line(1)).toMatchObject({
      seq: 2,
      taskId: "a",
      level: "ERROR",
      stream: "stderr",
      message: "\x1b[31mboom\x1b[0m",
    });
    expect(store.taskIds()).toEqual(["a", "b"]);
  });

  it("skips lines it already holds, as a reconnect may resend", () => {
    const store = filled();
    store.push([line(3, "b", "WARN", "again"), line(5, "b", "INFO", "new")]);
    expect(store.length).toBe(5);
    expect(store.indexOfSeq(5)).toBe(4);
    expect(store.indexOfSeq(42)).toBe(-1);
  });

  it("filters by level and task, searches ignoring case and colour codes, finds the first error", () => {
    const store = filled();
    const all = store.select({ levels: [], taskId: null });
    expect([...all]).toEqual([0, 1, 2, 3]);
    expect([...store.select({ levels: ["ERROR", "WARN"], taskId: null })]).toEqual([1, 2]);
    expect([...store.select({ levels: [], taskId: "b" })]).toEqual([2, 3]);
    expect([...store.select({ levels: [], taskId: "nope" })]).toEqual([]);
    expect([...store.search(all, "BOOM")]).toEqual([1, 2]);
    expect([...store.search(all, "31m")]).toEqual([]);
    expect(store.firstError(all)).toBe(1);
    expect(store.firstError(store.select({ levels: [], taskId: "b" }))).toBe(-1);
  });

  it("grows past its first allocation and stays in order", () => {
    const store = new LogStore();
    store.push(
      Array.from({ length: 5000 }, (_, i) =>
        line(i + 1, `t${i % 3}`, i % 100 === 0 ? "ERROR" : "INFO", `line ${i + 1}`),
      ),
    );
    expect(store.length).toBe(5000);
    expect(store.line(4999).message).toBe("line 5000");
    expect(store.search(store.select({ levels: ["ERROR"], taskId: null }), "line").length).toBe(50);
  });
});

describe("binarySearch", () => {
  it("finds a value's position in an ascending array, within a length", () => {
    const a = Int32Array.from([2, 5, 9, 14, 30]);
    expect(binarySearch(a, 9)).toBe(2);
    expect(binarySearch(a, 2)).toBe(0);
    expect(binarySearch(a, 30)).toBe(4);
    expect(binarySearch(a, 10)).toBe(-1);
    expect(binarySearch(a, 30, 4)).toBe(-1);
  });
});
