import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "@/lib/flow/json-schema";
import { parseFlow } from "@/lib/flow/parse-flow";
import { isBuiltInTaskType } from "@/lib/flow/task-types";
import { TASK_EXAMPLES } from "@/lib/flow/task-types/task-examples";
import { TASK_OUTPUTS } from "@/lib/flow/task-types/task-outputs";
import type { JsonSchema } from "../flow-editor/task-schema";
import { docFor } from "./docs-sources";
import { typesAtOffset } from "./type-at-cursor";

const schema = flowJsonSchema() as JsonSchema;
const task = (type: string) => docFor(schema, [{ type, kind: "task" }]);
const prop = (doc: ReturnType<typeof task>, name: string) => doc?.properties.find((p) => p.name === name);

describe("docFor", () => {
  it("documents a script task: properties from the editor's schema, declared outputs and examples", () => {
    const doc = task("io.kestra.plugin.scripts.python.Script")!;
    expect(doc.title).toBe("Python Script");
    expect(doc.description).toMatch(/Python script/);
    expect(prop(doc, "script")).toMatchObject({ required: true, type: "string" });
    expect(prop(doc, "beforeCommands")).toMatchObject({ required: false, type: "array of string" });
    expect(prop(doc, "failFast")?.default).toBe("true");
    expect(doc.properties.slice(0, 2).map((p) => p.name)).toEqual(["id", "type"]);
    expect(doc.outputs.map((o) => o.name)).toEqual(["vars", "exitCode", "outputFiles"]);
    expect(doc.examples.length).toBeGreaterThan(0);
  });

  it("documents Log with its level's values and default, and no outputs", () => {
    const doc = task("io.kestra.plugin.core.log.Log")!;
    expect(prop(doc, "message")?.required).toBe(true);
    expect(prop(doc, "level")?.type).toMatch(/^one of TRACE, DEBUG, INFO/);
    expect(prop(doc, "level")?.default).toBe("INFO");
    expect(doc.outputs).toEqual([]);
  });

  it("resolves an old type name to its type's documentation", () => {
    expect(task("io.kestra.core.tasks.log.Log")?.type).toBe("io.kestra.plugin.core.log.Log");
  });

  it("documents triggers and conditions from their zod schemas", () => {
    const schedule = docFor(schema, [{ type: "io.kestra.plugin.core.trigger.Schedule", kind: "trigger" }])!;
    expect(prop(schedule, "cron")?.required).toBe(true);
    expect(prop(schedule, "withSeconds")?.default).toBe("false");
    expect(schedule.outputs.map((o) => o.name)).toContain("date");
    const status = docFor(schema, [
      { type: "io.kestra.core.models.conditions.types.ExecutionStatusCondition", kind: "condition" },
    ])!;
    expect(status.type).toBe("io.kestra.plugin.core.condition.ExecutionStatus");
    expect(prop(status, "in")?.type).toMatch(/^array of one of/);
  });

  it("skips what it does not know for the next candidate, and gives null when none is known", () => {
    const runnerThenTask = [
      { type: "io.kestra.plugin.scripts.runner.docker.Docker", kind: "task" as const },
      { type: "io.kestra.plugin.scripts.shell.Commands", kind: "task" as const },
    ];
    expect(docFor(schema, runnerThenTask)?.type).toBe("io.kestra.plugin.scripts.shell.Commands");
    expect(docFor(schema, [{ type: "acme.Nothing", kind: "task" }])).toBeNull();
  });
});

describe("declared outputs and examples", () => {
  it("name only types Osprey has", () => {
    for (const type of new Set([...Object.keys(TASK_OUTPUTS), ...Object.keys(TASK_EXAMPLES)])) {
      const kind = type.includes(".trigger.") ? "trigger" : type.includes(".condition.") ? "condition" : "task";
      if (kind === "task") expect(isBuiltInTaskType(type), type).toBe(true);
      else expect(docFor(schema, [{ type, kind }]), type).not.toBeNull();
    }
  });

  it("are each valid where a flow writes them, and documented as their own type", () => {
    for (const [type, examples] of Object.entries(TASK_EXAMPLES))
      for (const { code } of examples) {
        const indented = code.replace(/^/gm, "      ");
        const base = "id: example\nnamespace: docs\n";
        const flow = type.includes(".trigger.")
          ? `${base}tasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n${code.replace(/^/gm, "  ")}\n`
          : type.includes(".condition.")
            ? `${base}tasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: m\ntriggers:\n  - id: c\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n${indented}\n`
            : `${base}tasks:\n${code.replace(/^/gm, "  ")}\n`;
        const parsed = parseFlow(flow);
        expect(parsed.ok ? [] : parsed.problems, `${type}: ${code}`).toEqual([]);
        const inside = flow.indexOf(code.split("\n")[1].trim());
        expect(docFor(schema, typesAtOffset(flow, inside))?.type, code).toBe(type);
      }
  });
});
