import { describe, expect, it } from "vitest";
import { applyPluginDefaults, mergeKestra } from "./plugin-defaults";

const LOG = "io.kestra.plugin.core.log.Log";
const SHELL = "io.kestra.plugin.scripts.shell.Commands";

describe("applyPluginDefaults", () => {
  it("gives a task the values it does not set; its own values win", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [{ type: LOG, values: { message: "default", level: "DEBUG" } }],
      tasks: [{ id: "a", type: LOG, level: "WARN" }],
    }) as { tasks: unknown[] };
    expect(out.tasks[0]).toEqual({ id: "a", type: LOG, message: "default", level: "WARN" });
  });

  it("matches a type by its start, as Kestra does (a raw prefix)", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [{ type: "io.kestra.plugin.scripts", values: { timeout: "PT1M" } }],
      tasks: [
        { id: "a", type: SHELL },
        { id: "b", type: LOG },
      ],
    }) as { tasks: Record<string, unknown>[] };
    expect(out.tasks[0].timeout).toBe("PT1M");
    expect(out.tasks[1]).not.toHaveProperty("timeout");
  });

  it("reaches tasks at any depth and other typed maps (triggers, task runners)", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [
        { type: LOG, values: { message: "m" } },
        { type: "io.kestra.plugin.scripts.runner.docker.Docker", values: { pullPolicy: "NEVER" } },
        { type: "io.kestra.plugin.core.trigger.Schedule", values: { timezone: "UTC" } },
      ],
      tasks: [
        {
          id: "g",
          type: "io.kestra.plugin.core.flow.Switch",
          cases: { x: [{ id: "deep", type: LOG }] },
          defaults: [{ id: "sh", type: SHELL, taskRunner: { type: "io.kestra.plugin.scripts.runner.docker.Docker" } }],
        },
      ],
      triggers: [{ id: "t", type: "io.kestra.plugin.core.trigger.Schedule" }],
    }) as {
      tasks: { cases: { x: Record<string, unknown>[] }; defaults: { taskRunner: Record<string, unknown> }[] }[];
      triggers: Record<string, unknown>[];
    };
    expect(out.tasks[0].cases.x[0].message).toBe("m");
    expect(out.tasks[0].defaults[0].taskRunner.pullPolicy).toBe("NEVER");
    expect(out.triggers[0].timezone).toBe("UTC");
  });

  it("lets a forced default override the task, the first declared forced one winning", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [
        { type: LOG, forced: true, values: { level: "ERROR" } },
        { type: "io.kestra", forced: true, values: { level: "TRACE", logToFile: true } },
      ],
      tasks: [{ id: "a", type: LOG, level: "INFO", message: "x" }],
    }) as { tasks: unknown[] };
    expect(out.tasks[0]).toEqual({ id: "a", type: LOG, level: "ERROR", message: "x", logToFile: true });
  });

  it("among plain defaults, the first declared wins", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [
        { type: LOG, values: { level: "WARN" } },
        { type: "io.kestra.plugin.core", values: { level: "DEBUG" } },
      ],
      tasks: [{ id: "a", type: LOG }],
    }) as { tasks: Record<string, unknown>[] };
    expect(out.tasks[0].level).toBe("WARN");
  });

  it("merges maps deeply and joins lists (the default's items first), as Kestra's MapUtils.merge", () => {
    const out = applyPluginDefaults({
      pluginDefaults: [
        { type: SHELL, values: { docker: { image: "alpine", env: { A: "1" } }, beforeCommands: ["one"] } },
      ],
      tasks: [{ id: "a", type: SHELL, docker: { env: { B: "2" } }, beforeCommands: ["two"] }],
    }) as { tasks: unknown[] };
    expect(out.tasks[0]).toEqual({
      id: "a",
      type: SHELL,
      docker: { image: "alpine", env: { A: "1", B: "2" } },
      beforeCommands: ["one", "two"],
    });
  });

  it("applies the deprecated taskDefaults too", () => {
    const out = applyPluginDefaults({
      taskDefaults: [{ type: LOG, values: { message: "old" } }],
      tasks: [{ id: "a", type: LOG }],
    }) as { tasks: Record<string, unknown>[] };
    expect(out.tasks[0].message).toBe("old");
  });

  it("is pure: the document given is left as it was", () => {
    const doc = {
      pluginDefaults: [{ type: LOG, values: { message: "m", list: [1] } }],
      tasks: [{ id: "a", type: LOG, list: [2] }],
    };
    const before = structuredClone(doc);
    const out = applyPluginDefaults(doc) as { tasks: Record<string, unknown>[] };
    expect(doc).toEqual(before);
    expect(out.tasks[0].list).toEqual([1, 2]);
    (out.tasks[0].list as number[]).push(3);
    expect(doc.pluginDefaults[0].values.list).toEqual([1]);
  });

  it("returns a document without defaults, or that is not a map, unchanged", () => {
    const doc = { tasks: [{ id: "a", type: LOG }] };
    expect(applyPluginDefaults(doc)).toBe(doc);
    expect(applyPluginDefaults("text")).toBe("text");
    expect(applyPluginDefaults(null)).toBe(null);
  });

  it("copes with a cyclic document (YAML anchors) without looping", () => {
    const list: unknown[] = [];
    list.push(list);
    const out = applyPluginDefaults({
      pluginDefaults: [{ type: LOG, values: { message: "m" } }],
      variables: { loop: list },
      tasks: [{ id: "a", type: LOG }],
    }) as { tasks: Record<string, unknown>[] };
    expect(out.tasks[0].message).toBe("m");
  });
});

describe("mergeKestra", () => {
  it("keeps the first map's value where the second has null", () => {
    expect(mergeKestra({ a: 1, b: { c: 2 } }, { a: null, b: { d: 3 } })).toEqual({ a: 1, b: { c: 2, d: 3 } });
  });
});
