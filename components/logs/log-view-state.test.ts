import { describe, expect, it } from "vitest";
import { lineFromHash, readViewState, writeViewState } from "./log-view-state";

describe("log view state in the URL", () => {
  it("round-trips, leaves defaults out and keeps other parameters", () => {
    const state = {
      levels: ["WARN", "ERROR"],
      taskId: "extract",
      taskRunIds: ["run1", "run2"],
      query: "rows so far",
      time: "utc" as const,
    };
    const params = writeViewState(state, new URLSearchParams("other=1"));
    expect(params.toString()).toBe(
      "other=1&level=WARN%2CERROR&task=extract&taskRunId=run1%2Crun2&q=rows+so+far&time=utc",
    );
    expect(readViewState(params)).toEqual(state);
    expect(writeViewState({ levels: [], taskId: null, taskRunIds: [], query: "", time: "local" }).toString()).toBe("");
  });

  it("ignores what it does not know", () => {
    expect(readViewState(new URLSearchParams("level=LOUD,ERROR&time=mars"))).toEqual({
      levels: ["ERROR"],
      taskId: null,
      taskRunIds: [],
      query: "",
      time: "local",
    });
  });

  it("reads a line permalink", () => {
    expect(lineFromHash("#L1234")).toBe(1234);
    expect(lineFromHash("#L")).toBeNull();
    expect(lineFromHash("#x1")).toBeNull();
  });
});
