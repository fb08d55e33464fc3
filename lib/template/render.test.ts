import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDeep, renderString, type TemplateContext } from "./render";

const ctx: TemplateContext = {
  flow: { id: "f", namespace: "company.team", revision: 3 },
  execution: { id: "e-1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "world", n: 2 },
  outputs: { py: { vars: { answer: 42, list: [1, 2] }, outputFiles: { "out.csv": "osprey:///x/out.csv" } } },
  taskrun: { id: "tr-1", startDate: "", attemptsCount: 1 },
  secret: (name) => {
    if (name === "TOKEN") return "s3cr3t";
    throw new Error(`secret ${name} not found`);
  },
};

describe("renderString", () => {
  it("reads Kestra's variables", () => {
    expect(renderString("{{ outputs.py.vars.answer }}", ctx)).toBe("42");
    expect(renderString("{{ outputs.py.outputFiles['out.csv'] }}", ctx)).toBe("osprey:///x/out.csv");
    expect(
      renderString("{{ inputs.name }} {{ execution.id }} {{ flow.namespace }}.{{ flow.id }} {{ taskrun.id }}", ctx),
    ).toBe("world e-1 company.team.f tr-1");
    expect(renderString("{{ secret('TOKEN') }}", ctx)).toBe("s3cr3t");
  });

  it("has the filters people use", () => {
    expect(renderString("{{ inputs.missing | default('none') }}", ctx)).toBe("none");
    expect(renderString("{{ inputs.name | upper }}", ctx)).toBe("WORLD");
    expect(renderString("{{ outputs.py.vars | json }}", ctx)).toBe('{"answer":42,"list":[1,2]}');
    expect(renderString("{{ inputs.name | base64encode }}", ctx)).toBe("d29ybGQ=");
    expect(renderString("{% for x in outputs.py.vars.list %}{{ x * inputs.n }},{% endfor %}", ctx)).toBe("2,4,");
  });

  it("leaves text without expressions untouched", () => {
    expect(renderString("plain ${HOME} text", ctx)).toBe("plain ${HOME} text");
  });

  it("fails clearly on a missing secret and on bad syntax", () => {
    expect(() => renderString("{{ secret('NOPE') }}", ctx)).toThrow(/secret NOPE not found/);
    expect(() => renderString("{{ outputs.py.vars.answer ", ctx)).toThrow(/cannot render/);
  });

  it("renders nested values", () => {
    expect(renderDeep({ a: ["{{ inputs.n }}", 5], b: { c: "{{ inputs.name }}" } }, ctx)).toEqual({
      a: ["2", 5],
      b: { c: "world" },
    });
  });
});

describe("template sandbox: known injection payloads render as text or fail cleanly", () => {
  const payloads = [
    '{{ range.constructor("return process")() }}',
    '{{ cycler.constructor("return process.env")() }}',
    '{{ joiner.constructor("return 1")() }}',
    "{{ ''.constructor.constructor('return process')() }}",
    '{{ constructor.constructor("return process")() }}',
    '{{ inputs.constructor.constructor("return process")() }}',
    "{{ inputs['constructor']['constructor']('return process')() }}",
    "{{ inputs.__proto__ }}",
    "{{ secret.constructor('return process')() }}",
    "{{ outputs.py.vars.list.constructor.constructor('return this')() }}",
    "{{ inputs.name.toUpperCase() }}",
    "{% set p = inputs.__proto__ %}{{ p.constructor }}",
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as x %}",
    "{{ 'x'.concat.constructor('return process')() }}",
    "{{ this }}",
    "{{ global }}",
    "{{ process }}",
    "{{ require('child_process') }}",
  ];

  for (const payload of payloads) {
    it(`is harmless: ${payload}`, () => {
      let out: string | undefined;
      try {
        out = renderString(payload, ctx);
      } catch (err) {
        // A clean failure: the render's error, or a missing variable in Kestra's words.
        expect((err as Error).message).toMatch(/^(cannot render|Unable to find `\w+` used in the expression)/);
        return;
      }
      expect(out).not.toMatch(/\[object process\]|function|PATH=|root:x:0/);
      expect(out.length).toBeLessThan(40);
    });
  }

  it("has no file loader: an include of a file that exists under ./views is refused", () => {
    // The old nunjucks renderer loaded templates from ./views with Environment(null); Pebble here has no include at all.
    const dir = mkdtempSync(join(tmpdir(), "osprey-views-"));
    mkdirSync(join(dir, "views"));
    writeFileSync(join(dir, "views", "probe.txt"), "FILE CONTENT");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(() => renderString("{% include 'probe.txt' %}", ctx)).toThrow(/cannot render/);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not let a template change what other renders see", () => {
    try {
      renderString("{% set inputs.name = 'hacked' %}", ctx);
    } catch {
      // a syntax error is fine
    }
    expect(renderString("{{ inputs.name }}", ctx)).toBe("world");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
