import { describe, expect, it } from "vitest";
import { LogStore } from "./log-store";
import type { ClientLogLine } from "./log-types";

const line = (seq: number, taskRunId: string | null, level = "INFO"): ClientLogLine => ({
  seq,
  taskId: taskRunId ? "work" : null,
  taskRunId,
  timestamp: 1_700_000_000_000 + seq,
  level,
  stream: "stdout",
  message: `line ${seq}`,
});

describe("LogStore by task run", () => {
  it("keeps each line's task run and selects the lines of the runs asked for, with the other filters", () => {
    const store = new LogStore();
    store.push([line(1, null), line(2, "a"), line(3, "b", "ERROR"), line(4, "a", "ERROR"), line(5, "c")]);
    expect(store.line(1).taskRunId).toBe("a");
    expect(store.line(0).taskRunId).toBeNull();
    const seqs = (taskRunIds: string[] | null, levels: string[] = []) =>
      [...store.select({ levels, taskId: null, taskRunIds: taskRunIds && new Set(taskRunIds) })].map(
        (i) => store.line(i).seq,
      );
    expect(seqs(["a"])).toEqual([2, 4]);
    expect(seqs(["a", "c"])).toEqual([2, 4, 5]);
    expect(seqs(["a"], ["ERROR"])).toEqual([4]);
    expect(seqs(["unknown"])).toEqual([]);
    expect(seqs(null)).toEqual([1, 2, 3, 4, 5]);
  });

  it("tells more task runs apart than 65,535 (a long ForEach)", () => {
    const store = new LogStore();
    store.push(Array.from({ length: 70_000 }, (_, i) => line(i + 1, `run${i}`)));
    const only = store.select({ levels: [], taskId: null, taskRunIds: new Set(["run69999"]) });
    expect([...only].map((i) => store.line(i).seq)).toEqual([70_000]);
  });
});
