import { describe, expect, it } from "vitest";
import { PLUGIN_TRIGGER_ALIASES, PLUGIN_TRIGGER_SCHEMAS } from "./trigger-schemas";
import { pluginPoll } from "./trigger-runners";

describe("plugin trigger registry", () => {
  it.each(PLUGIN_TRIGGER_SCHEMAS.map((s) => [s.type]))("%s has its poll", (type) => {
    expect(pluginPoll(type)).toBeTypeOf("function");
  });

  it("knows no poll for other types, and no alias shadows a trigger type", () => {
    const types = PLUGIN_TRIGGER_SCHEMAS.map((s) => s.type);
    expect(new Set(types).size).toBe(types.length);
    for (const alias of Object.keys(PLUGIN_TRIGGER_ALIASES)) expect(types).not.toContain(alias);
    expect(pluginPoll("io.kestra.plugin.jdbc.postgresql.Query")).toBeUndefined();
    expect(pluginPoll("toString")).toBeUndefined();
  });
});
