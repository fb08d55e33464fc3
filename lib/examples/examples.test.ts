import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { parseFlow } from "../flow/parse-flow";
import { readExamples } from "./example-catalog";
import { readExampleFile } from "./example-file";
import { withFlowIdentity } from "./flow-identity";
import { searchExamples, tagsOf } from "./search-examples";

const examples = readExamples();

describe("the examples gallery (examples/osprey)", () => {
  it("has at least 30 examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(30);
  });

  for (const example of examples) {
    it(`${example.id} parses and validates, and has a title, description and tags`, () => {
      const parsed = parseFlow(example.source);
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
      if (!parsed.ok) return;
      // The flow's id is the file's, so "Use" prefills what the gallery shows.
      expect([parsed.flow.id, parsed.flow.namespace]).toEqual([example.id, "company.team"]);
      expect(example.title.length).toBeGreaterThan(3);
      expect(example.description.length).toBeGreaterThan(20);
      expect(example.tags.length).toBeGreaterThan(0);
      expect(example.source).not.toMatch(/^extend:/m);
    });
  }

  it("covers each script language, the flowables, triggers and the plugins", () => {
    const tags = new Set(tagsOf(examples).map((t) => t.tag));
    for (const tag of [
      "Python",
      "Node.js",
      "R",
      "Shell",
      "Julia",
      "Docker",
      "Parallel",
      "Sequential",
      "If",
      "Switch",
      "ForEach",
      "ForEachItem",
      "WorkingDirectory",
      "Subflow",
      "Errors",
      "Retries",
      "Schedule",
      "Webhook",
      "Flow trigger",
      "Inputs",
      "Namespace files",
      "KV",
      "Outputs",
      "HTTP",
      "Notifications",
      "Email",
      "SQLite",
      "DuckDB",
      "Serdes",
      "Compress",
      "Git",
    ])
      expect(tags, tag).toContain(tag);
  });
});

describe("readExampleFile", () => {
  const text = `id: a\n# keep this comment\nnamespace: x.y\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n\nextend:\n  title: T\n  description: D\n  tags: [One, Two]\n  ee: false\n`;

  it("cuts the extend: block out and keeps the rest byte for byte", () => {
    const example = readExampleFile("a", text);
    expect(example).toEqual({
      id: "a",
      title: "T",
      description: "D",
      tags: ["One", "Two"],
      expectedState: undefined,
      source: text.slice(0, text.indexOf("\nextend:")),
    });
  });

  it("reads extend: wherever it is, and an expected state", () => {
    const first = `extend:\n  title: T\n  description: D\n  tags: [x]\n  expectedState: FAILED\nid: a\nnamespace: x\n`;
    expect(readExampleFile("a", first)).toMatchObject({ expectedState: State.FAILED, source: "id: a\nnamespace: x\n" });
  });

  it("refuses a file without a header, or one missing its tags, naming the file", () => {
    expect(() => readExampleFile("bare", "id: a\nnamespace: x\n")).toThrow("example bare: no extend: header");
    expect(() => readExampleFile("tagless", "id: a\nextend:\n  title: T\n  description: D\n")).toThrow(
      "example tagless: extend.tags:",
    );
    expect(() =>
      readExampleFile("state", "extend:\n  title: T\n  description: D\n  tags: [a]\n  expectedState: BAD\n"),
    ).toThrow("example state: extend.expectedState:");
  });
});

describe("withFlowIdentity", () => {
  it("replaces only the top-level namespace and id, quoting where YAML needs it", () => {
    const source = `id: hello # the id\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ flow.id }}"\n`;
    expect(withFlowIdentity(source, "acme.data", "my-flow")).toBe(
      source.replace("id: hello #", "id: my-flow #").replace("company.team", "acme.data"),
    );
    expect(withFlowIdentity(source, "a", "123")).toMatch(/^id: "123" # the id\nnamespace: a\n/);
  });

  it("refuses a source without a namespace", () => {
    expect(() => withFlowIdentity("id: x\n", "a", "b")).toThrow("the example has no top-level namespace");
  });
});

describe("searchExamples", () => {
  const sample = [
    { id: "a", title: "Python job", description: "runs a script", tags: ["Python"], source: "" },
    {
      id: "b",
      title: "Mail",
      description: "sends an email with a script",
      tags: ["Email", "Notifications"],
      source: "",
    },
  ];

  it("keeps examples holding every word, case-insensitively, and the tag's, without their YAML", () => {
    expect(searchExamples(sample, { q: "SCRIPT" }).map((e) => e.id)).toEqual(["a", "b"]);
    expect(searchExamples(sample, { q: "script email" }).map((e) => e.id)).toEqual(["b"]);
    expect(searchExamples(sample, { tag: "python" }).map((e) => e.id)).toEqual(["a"]);
    expect(searchExamples(sample, { q: "mail", tag: "Python" })).toEqual([]);
    expect(searchExamples(sample, {})[0]).not.toHaveProperty("source");
  });

  it("counts tags, most used first", () => {
    expect(tagsOf([...sample, { tags: ["Email"] }])).toEqual([
      { tag: "Email", count: 2 },
      { tag: "Notifications", count: 1 },
      { tag: "Python", count: 1 },
    ]);
  });
});
