import { describe, expect, it } from "vitest";
import { readKey, type RenderRequest, runRenderRequest } from "./render-request";

const vars: RenderRequest["vars"] = {
  flow: { id: "f", namespace: "company.team", revision: 1 },
  execution: { id: "e1", startDate: "2026-01-01T00:00:00Z" },
  inputs: { name: "query" },
  outputs: {},
};
const render = (value: unknown, files?: Record<string, string>, secrets?: Record<string, string>) =>
  runRenderRequest({ value, vars, files, secrets, maxOutputChars: 100_000, display: true });

describe("read() in a render", () => {
  it("asks for a file it does not have instead of failing, naming it with its namespace", () => {
    expect(render({ sql: "{{ read('scripts/query.sql') }}" })).toEqual({
      value: undefined,
      usedSecrets: [],
      missingFiles: [{ path: "scripts/query.sql" }],
    });
    expect(render("{{ read(path='a.txt', namespace='company') }}").missingFiles).toEqual([
      { path: "a.txt", namespace: "company" },
    ]);
  });

  it("renders with the file once it is given, with a computed path too", () => {
    const files = { [readKey({ path: "scripts/query.sql" })]: "SELECT 1" };
    expect(render({ sql: "{{ read('scripts/' ~ inputs.name ~ '.sql') | upper }}" }, files).value).toEqual({
      sql: "SELECT 1",
    });
  });

  it("still asks when an expression swallowed the failure", () => {
    expect(render("{{ read('x.txt') | default('none') }}").missingFiles).toEqual([{ path: "x.txt" }]);
  });

  it("asks for the next file once the first is there", () => {
    const files = { [readKey({ path: "a" })]: "A" };
    expect(render("{{ read('a') }}{{ read('b') }}", files).missingFiles).toEqual([{ path: "b" }]);
    expect(render("{{ read('a') }}{{ read('b') }}", { ...files, [readKey({ path: "b" })]: "B" }).value).toBe("AB");
  });

  it("fails plainly without a path, and other errors stay errors", () => {
    expect(() => render("{{ read() }}")).toThrow(/read\(\) expects `path`/);
    expect(() => render("{{ nope.x }}")).toThrow();
  });
});
