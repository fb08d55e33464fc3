import { describe, expect, it } from "vitest";
import { downloadName } from "./http-download-task";
import { stateKey } from "./state-tasks";

describe("state keys in the KV store (Kestra's StateStore naming)", () => {
  const scope = { namespace: "co.team", flowId: "My Flow_1", taskRunValue: null };
  it("scopes a state to its flow unless it is shared by the namespace", () => {
    expect(stateKey({}, scope)).toBe("my-flow-1_states_default");
    expect(stateKey({ name: "cursor" }, scope)).toBe("my-flow-1_states_cursor");
    expect(stateKey({ name: "cursor", namespace: true }, scope)).toBe("states_cursor");
    expect(stateKey({ name: "cursor", namespace: "true" }, scope)).toBe("states_cursor");
  });
  it("keeps one state per ForEach value unless taskrunValue is false", () => {
    const a = stateKey({ name: "s" }, { ...scope, taskRunValue: "a" });
    const b = stateKey({ name: "s" }, { ...scope, taskRunValue: "b/with spaces" });
    expect(a).toMatch(/^my-flow-1_states_s_[0-9a-f]{32}$/);
    expect(b).toMatch(/^my-flow-1_states_s_[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(stateKey({ name: "s", taskrunValue: false }, { ...scope, taskRunValue: "a" })).toBe("my-flow-1_states_s");
  });
});

describe("download file names", () => {
  it("takes Content-Disposition's name, else the URL's last segment, made safe", () => {
    expect(downloadName("http://h/x/report", 'attachment; filename="orders.csv"')).toBe("orders.csv");
    expect(downloadName("http://h/x/report", "attachment; filename*=UTF-8''caf%C3%A9%20menu.txt")).toBe(
      "caf__menu.txt",
    );
    expect(downloadName("http://h/files/data%20set.json?x=1", undefined)).toBe("data_set.json");
    expect(downloadName("http://h/", undefined)).toBe("download");
    expect(downloadName("http://h/a", 'attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(downloadName("http://h/a", 'attachment; filename=".."')).toBe("download");
  });
});
