import { afterAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../json/json-depth";
import { renderString, type TemplateContext, TemplateError } from "./render";
import { MAX_RENDER_DEPTH, renderDepthError } from "./render-depth";
import type { RenderRequest } from "./render-request";
import { TemplateRenderer } from "./template-renderer";

const vars: RenderRequest["vars"] = {
  flow: { id: "f", namespace: "company.team", revision: 1 },
  execution: { id: "e-1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "world" },
  outputs: {},
};
const ctx: TemplateContext = { ...vars, secret: () => "" };
const request = (value: unknown, extra: Partial<RenderRequest> = {}): RenderRequest => ({
  value,
  vars,
  maxOutputChars: 1_000_000,
  ...extra,
});

/** `{ v: { v: … 1 } }`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { v };
  return v;
}
const deepJsonText = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

describe("renderDepthError", () => {
  it("names the variable that nests too deep, and the limit", () => {
    const error = renderDepthError(request("{{ inputs.d }}", { vars: { ...vars, inputs: { d: nested(3_000) } } }));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error?.message).toMatch(
      new RegExp(`\`inputs\` nests deeper than ${MAX_RENDER_DEPTH} levels.*${MAX_JSON_DEPTH}`),
    );
    expect(renderDepthError(request(nested(100_000)))?.message).toMatch(/the value to render nests deeper than/);
    expect(renderDepthError(request("x", { errorLogs: [nested(5_000) as Record<string, unknown>] }))?.message).toMatch(
      /errorLogs\(\)/,
    );
  });

  it("lets through what JSON itself may hold, inside the variables that carry it", () => {
    const outputs = { task: { vars: { json: nested(MAX_JSON_DEPTH) } } };
    expect(renderDepthError(request("{{ outputs.task.vars.json }}", { vars: { ...vars, outputs } }))).toBeNull();
  });
});

describe("deep values inside an expression fail with the limit, never with a stack overflow", () => {
  it("fromJson()/json() refuse JSON nested deeper than the limit", () => {
    expect(() => renderString(`{{ fromJson('${deepJsonText(3_000)}') }}`, ctx)).toThrow(
      new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`),
    );
    expect(renderString(`{{ fromJson('${deepJsonText(MAX_JSON_DEPTH)}') | length }}`, ctx)).toBe("1");
  });

  it("jq refuses a JSON string nested deeper than the limit, and so does its fromjson", () => {
    expect(() => renderString(`{{ '${deepJsonText(3_000)}' | jq('.') }}`, ctx)).toThrow(
      new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`),
    );
    expect(() => renderString(`{{ '"${deepJsonText(3_000)}"' | jq('fromjson') }}`, ctx)).toThrow(
      new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`),
    );
  });

  it("a value an expression builds too deep for the stack fails as a limit, naming it", () => {
    const builder = "{% set x = [] %}{% for i in range(1, 20000) %}{% set x = [x] %}{% endfor %}{{ x }}";
    expect(() => renderString(builder, ctx, { maxSteps: 10_000_000 })).toThrow(/nested too deeply/);
  });
});

describe("a deep value through the template processes", () => {
  const renderer = new TemplateRenderer({ timeoutMs: 2_000, memoryMb: 64, workers: 1 });
  afterAll(() => renderer.close());

  it("an input nested 3,000 deep fails with the limit; one 100,000 deep too; the renderer carries on", async () => {
    for (const levels of [3_000, 100_000]) {
      const render = renderer.render(
        request({ m: "{{ inputs.name }}" }, { vars: { ...vars, inputs: { name: "world", d: nested(levels) } } }),
      );
      await expect(render).rejects.toThrow(new RegExp(`\`inputs\` nests deeper than ${MAX_RENDER_DEPTH} levels`));
    }
    expect((await renderer.render(request({ m: "{{ inputs.name }}" }))).value).toEqual({ m: "world" });
  });

  it("a value within the limit renders, printed as JSON", async () => {
    const outputs = { task: { vars: { json: nested(MAX_JSON_DEPTH) } } };
    const result = await renderer.render(
      request({ m: "{{ outputs.task.vars.json | toJson | length }}" }, { vars: { ...vars, outputs } }),
    );
    expect(result.value).toEqual({ m: String(MAX_JSON_DEPTH * 6 + 1) });
  });
});
