import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../files/output-files";
import { getExecution } from "../executions/get-execution";
import { readIon } from "../plugin-kit/ion-text";
import { runFlow } from "../testing/run-flow";
import { State } from "../states/states";
import { useTestExecutor } from "../testing/test-executor";

// DeduplicateItems and FilterItems on the real engine: Kestra's documented flows (a real shell
// container, real CsvToIon), and each property and refusal on Ion files written by a Write task.
// The documented download is served by a local server, which private addresses must be allowed for.
const t = useTestExecutor({ OSPREY_HTTP_ALLOW_PRIVATE: "true" });
const DOCS = join(__dirname, "../../examples/kestra-docs/kestra");

const ORDERS = `order_id,customer_name,customer_email,product_id,price
1,Kelly Olsen,kelly@example.com,20,166.89
2,Miguel Moore,mccarthylee@example.net,14,171.63
3,Ryan Smith,ryan@example.com,20,99.10
4,Jessica White,jessica@example.com,12,50.62
`;
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((_req, res) => res.end(ORDERS));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Ran = Awaited<ReturnType<typeof run>>;
const full = (ran: Ran) => getExecution(t.deps.db, ran.execution.id);
const outputsOf = async (ran: Ran, taskId: string) =>
  (await full(ran)).taskRuns.find((r) => r.taskId === taskId)?.outputs as Record<string, unknown>;
const errorOf = async (ran: Ran, taskId: string) => (await full(ran)).taskRuns.find((r) => r.taskId === taskId)?.error;
const text = async (ran: Ran, uri: unknown) =>
  (await readFileByUri(t.deps, ran.execution.id, String(uri))).content.toString();
const items = async (ran: Ran, uri: unknown) => {
  const out: unknown[] = [];
  const content = await text(ran, uri);
  for await (const item of readIon(
    (async function* () {
      yield content;
    })(),
  ))
    out.push(item);
  return out as Record<string, unknown>[];
};

/** A flow writing `lines` as an Ion file, then the given tasks. */
const withFile = (id: string, lines: string[], tasks: string) => `id: ${id}
namespace: it.items
tasks:
  - id: data
    type: io.kestra.plugin.core.storage.Write
    content: ${JSON.stringify(lines.join("\n"))}
${tasks}`;

const PEOPLE = [
  '{id:1,name:"ann",team:"a",age:31}',
  '{id:2,name:"bob",team:"b",age:17}',
  '{id:3,name:"cid",team:"a",age:45}',
  '{id:4,name:"dee",team:"c"}',
];

describe("DeduplicateItems", () => {
  it("runs Kestra's documented flow as written: keeps the last order of each email, in file order", async () => {
    const ran = await run(readFileSync(join(DOCS, "DeduplicateItems-1.yaml"), "utf8"));
    expect(ran.execution.state).toBe(State.SUCCESS);
    const out = await outputsOf(ran, "dedup");
    expect(out).toMatchObject({ numKeys: 3, processedItemsTotal: 5, droppedItemsTotal: 2 });
    expect(String(out.uri)).toMatch(/\.ion$/);
    expect((await items(ran, out.uri)).map((i) => i.order_id)).toEqual(["2", "3", "5"]);
  });

  it("keys on any expression, with flow variables beside the fields; lines are copied as they were", async () => {
    const ran = await run(
      withFile(
        "dedup-expr",
        PEOPLE,
        `  - id: dedup
    type: io.kestra.core.tasks.storages.DeduplicateItems
    from: "{{ outputs.data.uri }}"
    expr: "{{ flow.namespace }}-{{ team }}"
`,
      ),
    );
    expect(ran.execution.state).toBe(State.SUCCESS);
    const out = await outputsOf(ran, "dedup");
    expect(out).toMatchObject({ numKeys: 3, processedItemsTotal: 4, droppedItemsTotal: 1 });
    expect(await text(ran, out.uri)).toBe(`${PEOPLE.slice(1).join("\n")}\n`);
  });

  it("fails on an item the expression cannot render, and on a line that is not an Ion struct", async () => {
    const bad = await run(
      withFile(
        "dedup-bad",
        PEOPLE,
        `  - id: missing_field
    type: io.kestra.plugin.core.storage.DeduplicateItems
    from: "{{ outputs.data.uri }}"
    expr: "{{ age }}"
`,
      ),
    );
    expect(bad.execution.state).toBe(State.FAILED);
    expect(await errorOf(bad, "missing_field")).toMatch(/age/);
    const notIon = await run(
      withFile(
        "dedup-not-ion",
        ['{id:1,team:"a"}', "[1, 2]"],
        `  - id: dedup
    type: io.kestra.plugin.core.storage.DeduplicateItems
    from: "{{ outputs.data.uri }}"
    expr: "{{ team }}"
`,
      ),
    );
    expect(notIon.execution.state).toBe(State.FAILED);
    expect(await errorOf(notIon, "dedup")).toMatch(/line 2 of .* is not an Ion struct/);
  });
});

const FILTER_DOC = readFileSync(join(DOCS, "FilterItems-1.yaml"), "utf8");

describe("FilterItems", () => {
  it("runs Kestra's documented flow as written (served locally): its `from` is the CSV, not the Ion, so it fails as in Kestra", async () => {
    const ran = await run(FILTER_DOC.replace("https://huggingface.co/datasets/kestra/datasets/raw/main", base));
    expect(ran.execution.state).toBe(State.FAILED);
    expect(await errorOf(ran, "filter")).toMatch(/line 1 of .*(is not valid Ion|is not an Ion struct)/);
  });

  it("with `from` fixed to the CsvToIon output, keeps the orders of product 20", async () => {
    const fixed = FILTER_DOC.replace("https://huggingface.co/datasets/kestra/datasets/raw/main", base).replace(
      'from: "{{ outputs.download.uri }}"\n    filterCondition',
      'from: "{{ outputs.csv_to_ion.uri }}"\n    filterCondition',
    );
    expect(fixed).toContain("outputs.csv_to_ion.uri");
    const ran = await run(fixed);
    expect(ran.execution.state).toBe(State.SUCCESS);
    const out = await outputsOf(ran, "filter");
    expect(out).toMatchObject({ processedItemsTotal: 4, droppedItemsTotal: 2 });
    expect((await items(ran, out.uri)).map((i) => i.order_id)).toEqual(["1", "3"]);
  });

  it("EXCLUDE drops the matches; errorOrNullBehavior INCLUDE or EXCLUDE decides items the condition fails on", async () => {
    const ran = await run(
      withFile(
        "filter-kinds",
        PEOPLE,
        `  - id: adults_kept_unknown
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "{{ age >= 18 }}"
    errorOrNullBehavior: INCLUDE
  - id: minors_only
    type: io.kestra.core.tasks.storages.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "{{ age >= 18 }}"
    filterType: EXCLUDE
    errorOrNullBehavior: EXCLUDE
  - id: falsy_texts
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "{{ id == 1 ? 'false' : (id == 2 ? '0' : (id == 3 ? ' -0 ' : 'no')) }}"
`,
      ),
    );
    expect(ran.execution.state).toBe(State.SUCCESS);
    const adults = await outputsOf(ran, "adults_kept_unknown");
    expect(adults).toMatchObject({ processedItemsTotal: 4, droppedItemsTotal: 1 });
    expect(await text(ran, adults.uri)).toBe(`${[PEOPLE[0], PEOPLE[2], PEOPLE[3]].join("\n")}\n`);
    const minors = await outputsOf(ran, "minors_only");
    expect((await items(ran, minors.uri)).map((i) => i.name)).toEqual(["bob"]);
    // Kestra's truth: "false", "0" and "-0" (trimmed) are false, "no" is true.
    const falsy = await outputsOf(ran, "falsy_texts");
    expect((await items(ran, falsy.uri)).map((i) => i.name)).toEqual(["dee"]);
  });

  it("fails by default on an item the condition cannot render, and on a filterType it does not know", async () => {
    const ran = await run(
      withFile(
        "filter-fail",
        PEOPLE,
        `  - id: strict
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "{{ age >= 18 }}"
    allowFailure: true
  - id: unknown_type
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "{{ true }}"
    filterType: "{{ 'BOTH' }}"
`,
      ),
    );
    expect(ran.execution.state).toBe(State.FAILED);
    expect(await errorOf(ran, "strict")).toMatch(/age/);
    expect(await errorOf(ran, "unknown_type")).toMatch(/filterType must be one of INCLUDE, EXCLUDE, got "BOTH"/);
  });

  it("bounds each item's render: a runaway loop is stopped, fails the task, and is not let through by errorOrNullBehavior", async () => {
    const loop = "{% for i in range(1, 100000000) %}{% endfor %}true";
    const ran = await run(
      withFile(
        "filter-loop",
        PEOPLE,
        `  - id: runaway
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.data.uri }}"
    filterCondition: "${loop}"
    errorOrNullBehavior: INCLUDE
`,
      ),
    );
    expect(ran.execution.state).toBe(State.FAILED);
    expect(await errorOf(ran, "runaway")).toMatch(/steps|was stopped/);
  });
});
