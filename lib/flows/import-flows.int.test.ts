import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { importedSources, importFlows } from "./import-flows";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
  await deps.templates.close();
});

const flow = (i: number) =>
  `# flow ${i}\nid: flow_${i}\nnamespace: it.import\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "hi {{ flow.id }}"\n`;
const everywhere = () => true;

describe("importing flows", () => {
  it("a ZIP of 20 flows with 2 invalid: 18 saved as written, both refusals reported with their line", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 1; i <= 18; i++) files[`flows/flow_${String(i).padStart(2, "0")}.yml`] = strToU8(flow(i));
    files["flows/broken_syntax.yaml"] = strToU8(
      "id: broken\nnamespace: it.import\ntasks:\n  - id: a\n   type: [unclosed\n",
    );
    files["flows/unknown_type.yml"] = strToU8(
      "id: unknown\nnamespace: it.import\ntasks:\n  - id: a\n    type: io.kestra.plugin.aws.dynamodb.PutItem\n",
    );
    files["README.md"] = strToU8("not a flow");
    const result = await importFlows(deps.db, importedSources(zipSync(files)), "tester", everywhere);
    expect(result).toMatchObject({ imported: 18, total: 20 });
    const refused = result.results.filter((r) => r.problems);
    expect(refused.map((r) => r.file)).toEqual(["flows/broken_syntax.yaml", "flows/unknown_type.yml"]);
    expect(refused[0].problems![0]).toMatchObject({ line: expect.any(Number) });
    expect(refused[1].problems![0].message).toContain("not available in Osprey");
    expect(await deps.db.flow.count({ where: { namespace: "it.import" } })).toBe(18);
    const stored = await deps.db.flow.findUniqueOrThrow({
      where: { namespace_flowId: { namespace: "it.import", flowId: "flow_7" } },
    });
    expect(stored.source).toBe(flow(7)); // as written, comment included
  });

  it("one YAML of several documents; importing again makes new revisions; a namespace the importer may not write is refused", async () => {
    const text = `${flow(1)}---\n${flow(2)}---\nid: elsewhere\nnamespace: other.team\ntasks:\n  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}\n`;
    const result = await importFlows(deps.db, importedSources(Buffer.from(text)), "tester", (ns) =>
      ns.startsWith("it."),
    );
    expect(result.results.map((r) => [r.file, r.id, r.revision ?? r.problems?.[0].message])).toEqual([
      ["document 1", "flow_1", 2],
      ["document 2", "flow_2", 2],
      ["document 3", "elsewhere", "you cannot write flows in namespace other.team"],
    ]);
  });

  it("refuses a ZIP whose entry would inflate past the limit before inflating it", () => {
    const huge = zipSync({ "big.yml": new Uint8Array(2_000_000) });
    expect(() => importedSources(huge)).toThrow(/larger than allowed/);
  });
});
