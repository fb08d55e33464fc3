import { describe, expect, it } from "vitest";
import { renderTemplate } from "./index";

// The cases the old nunjucks renderer's tests checked, on this engine:
// what the swap had to keep working.
const ctx = {
  flow: { id: "f", namespace: "company.team", revision: 3 },
  execution: { id: "e-1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "world", n: 2 },
  outputs: { py: { vars: { answer: 42, list: [1, 2] }, outputFiles: { "out.csv": "osprey:///x/out.csv" } } },
  taskrun: { id: "tr-1", startDate: "", attemptsCount: 1 },
};
const secret = {
  argumentNames: ["key"],
  execute: (args: Record<string, unknown>) => {
    if (args.key === "TOKEN") return "s3cr3t";
    throw new Error(`secret ${String(args.key)} not found`);
  },
};
const render = (t: string) => renderTemplate(t, ctx, { functions: { secret } });

describe("drop-in for today's renderer", () => {
  it.each([
    ["{{ outputs.py.vars.answer }}", "42"],
    ["{{ outputs.py.outputFiles['out.csv'] }}", "osprey:///x/out.csv"],
    [
      "{{ inputs.name }} {{ execution.id }} {{ flow.namespace }}.{{ flow.id }} {{ taskrun.id }}",
      "world e-1 company.team.f tr-1",
    ],
    ["{{ secret('TOKEN') }}", "s3cr3t"],
    ["{{ inputs.missing | default('none') }}", "none"],
    ["{{ inputs.name | upper }}", "WORLD"],
    ["{{ outputs.py.vars | json }}", '{"answer":42,"list":[1,2]}'],
    ["{{ inputs.name | base64encode }}", "d29ybGQ="],
    ["{% for x in outputs.py.vars.list %}{{ x * inputs.n }},{% endfor %}", "2,4,"],
    ["plain ${HOME} text", "plain ${HOME} text"],
    ["{{ execution.startDate | date('yyyy-MM-dd') }}", "2026-01-01"],
  ])("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it("fails clearly where today's renderer fails", () => {
    expect(() => render("{{ secret('NOPE') }}")).toThrow(/secret NOPE not found/);
    expect(() => render("{{ outputs.py.vars.answer ")).toThrow(/Unclosed "\{\{" \(line 1, column 27\)/);
  });

  it("is stricter where Kestra is: a missing variable is an error, not an empty string", () => {
    expect(() => render("{{ inputs.missing }}")).toThrow(/Attribute \[missing\]/);
  });
});
