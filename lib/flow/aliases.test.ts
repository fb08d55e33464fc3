import { describe, expect, it } from "vitest";
import { aliasesOf, canonicalType, CORE_ALIASES, KESTRA_ALIASES } from "./aliases";
import { TASK_TYPES } from "./task-types";

describe("Kestra's old type names", () => {
  it("name a type Osprey has for every old core task name it should read", () => {
    const old = [
      "io.kestra.core.tasks.log.Log",
      "io.kestra.core.tasks.flows.Sequential",
      "io.kestra.core.tasks.flows.Parallel",
      "io.kestra.core.tasks.flows.Switch",
      "io.kestra.core.tasks.flows.If",
      "io.kestra.core.tasks.flows.EachSequential",
      "io.kestra.core.tasks.flows.EachParallel",
      "io.kestra.core.tasks.flows.Flow",
      "io.kestra.core.tasks.flows.Subflow",
      "io.kestra.core.tasks.flows.Pause",
      "io.kestra.core.tasks.flows.WorkingDirectory",
      "io.kestra.core.tasks.flows.Worker",
      "io.kestra.core.tasks.flows.Dag",
      "io.kestra.core.tasks.flows.AllowFailure",
      "io.kestra.core.tasks.flows.ForEachItem",
      "io.kestra.core.tasks.debugs.Return",
      "io.kestra.core.tasks.debugs.Echo",
      "io.kestra.core.tasks.executions.Fail",
      "io.kestra.core.tasks.executions.Labels",
    ];
    for (const type of old) expect(TASK_TYPES, type).toContain(canonicalType(type));
  });

  it("are the full list from Kestra's @Plugin(aliases) and map only to today's names", () => {
    // Kestra's 78 of 0.21, and today's LoopUntil (WaitFor renamed).
    expect(Object.keys(CORE_ALIASES)).toHaveLength(79);
    expect(canonicalType("io.kestra.plugin.core.flow.LoopUntil")).toBe("io.kestra.plugin.core.flow.WaitFor");
    for (const canonical of Object.values(CORE_ALIASES)) expect(canonical).toMatch(/^io\.kestra\.plugin\.core\./);
    // Plugin families add theirs: a type moved out of plugin-notifications keeps its old name.
    expect(canonicalType("io.kestra.plugin.notifications.slack.SlackIncomingWebhook")).toBe(
      "io.kestra.plugin.slack.notifications.SlackIncomingWebhook",
    );
    expect(Object.keys(KESTRA_ALIASES).length).toBeGreaterThan(78);
    expect(canonicalType("io.kestra.plugin.core.log.Log")).toBe("io.kestra.plugin.core.log.Log");
    expect(aliasesOf("io.kestra.plugin.core.flow.Subflow").sort()).toEqual([
      "io.kestra.core.tasks.flows.Flow",
      "io.kestra.core.tasks.flows.Subflow",
    ]);
  });
});
