import { describe, expect, it } from "vitest";
import { ranOn } from "./ran-on";

describe("ranOn", () => {
  it("names the worker, and its group when the task asked for one", () => {
    expect(ranOn({ queue: "", workerId: "worker-2" })).toBe("on worker worker-2");
    expect(ranOn({ queue: "gpu", workerId: "gpu-host-1" })).toBe("on worker gpu-host-1 (group gpu)");
  });

  it("says nothing for a task run its server ran, or one no worker has claimed yet", () => {
    expect(ranOn({ queue: null, workerId: "host:1234" })).toBeNull();
    expect(ranOn({ queue: "gpu", workerId: null })).toBeNull();
  });
});
