import { describe, expect, it } from "vitest";
import { describeOrigin } from "./started-by";

describe("what started an execution", () => {
  it("names the person, the schedule, the webhook, the upstream flow, the parent", () => {
    expect(describeOrigin({ triggerType: "manual", startedBy: "alice@x" })).toEqual({
      kind: "person",
      label: "alice@x",
    });
    expect(describeOrigin({ triggerType: "schedule", triggerId: "every_minute" })).toEqual({
      kind: "schedule",
      label: "schedule",
      triggerId: "every_minute",
    });
    expect(describeOrigin({ triggerType: "webhook", triggerId: "hook", trigger: { body: {} } })).toEqual({
      kind: "webhook",
      label: "webhook",
      triggerId: "hook",
    });
    expect(describeOrigin({ triggerType: "http", triggerId: "poll", trigger: { code: 200 } })).toEqual({
      kind: "http",
      label: "HTTP trigger",
      triggerId: "poll",
    });
    expect(
      describeOrigin({
        triggerType: "flow",
        triggerId: "after",
        trigger: { executionId: "up1", namespace: "n", flowId: "extract" },
      }),
    ).toEqual({
      kind: "flow",
      label: "flow trigger",
      triggerId: "after",
      from: { executionId: "up1", flow: "n.extract" },
    });
    expect(
      describeOrigin({ triggerType: "subflow", trigger: { executionId: "p1", namespace: "n", flowId: "parent" } }).from,
    ).toEqual({ executionId: "p1", flow: "n.parent" });
  });

  it("reads older executions without a triggerType from what they kept", () => {
    expect(describeOrigin({ trigger: { executionId: "p1", namespace: "n", flowId: "parent" } }).kind).toBe("subflow");
    expect(describeOrigin({ replayOf: "r1", startedBy: "bob@x" })).toEqual({
      kind: "replay",
      label: "replay",
      from: { executionId: "r1" },
    });
    expect(describeOrigin({ startedBy: "bob@x" }).kind).toBe("person");
    expect(describeOrigin({}).kind).toBe("unknown");
  });
});
