import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { openFileByUri } from "../files/output-files";
import { saveFlow } from "../flows/save-flow";
import { readRunRequest } from "../http/create-execution-route";
import { readLogs } from "../logs/read-logs";
import { SEALED_PREFIX } from "../secrets/sealed-inputs";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecutionWithFiles } from "./create-execution-with-files";
import { getExecution } from "./get-execution";
import { replayExecution } from "./restart-execution";

const t = useTestExecutor();
const deps = () => ({ db: t.deps.db, storage: t.deps.storage, secrets: t.deps.secrets });

/** A POST as the browser's Run dialog (or `curl -F`) sends it: form fields and file parts. */
function formRequest(parts: Record<string, string | File | string[]>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(parts)) for (const v of [value].flat()) form.append(key, v);
  return new Request("http://osprey.test/api/v1/executions/it.inputs/f", { method: "POST", body: form });
}

async function run(flowId: string, parts: Record<string, string | File | string[]>, maxFileBytes = 1_000_000) {
  const given = await readRunRequest(formRequest(parts), maxFileBytes);
  const created = await createExecutionWithFiles(deps(), "it.inputs", flowId, given, "tester@osprey.local");
  t.executor.wake();
  const execution = await waitForEnd(t.deps, created.id);
  const logs = (await readLogs(t.deps.db, created.id, { limit: 10_000 })).map((l) => l.message);
  return { execution, logs };
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

describe("FILE inputs", () => {
  it("a multipart upload is stored with the execution and read by Python's csv module through inputFiles", async () => {
    await saveFlow(
      t.deps.db,
      `id: csvsum
namespace: it.inputs
inputs:
  - id: file
    type: FILE
    extension: .csv
  - id: who
    type: STRING
tasks:
  - id: sum
    type: io.kestra.plugin.scripts.python.Script
    inputFiles:
      data.csv: "{{ inputs.file }}"
    script: |
      import csv
      with open("data.csv", newline="") as f:
          rows = list(csv.DictReader(f))
      print("rows", len(rows), "total", sum(int(r["qty"]) for r in rows), "for {{ inputs.who }}")
`,
      { create: true },
    );
    const csv = "item,qty\nbolt,3\nnut,5\nwasher,34\n";
    const { execution, logs } = await run("csvsum", {
      who: "ada",
      file: new File([csv], "data.csv", { type: "text/csv" }),
    });
    expect(execution.state, logs.join("\n")).toBe(State.SUCCESS);
    expect(logs).toContain("rows 3 total 42 for ada");
    const inputs = JSON.parse(execution.inputs!) as { file: string };
    expect(inputs.file).toBe(`osprey:///executions/${execution.id}/inputs/file/data.csv`);
    // The execution page's download link goes through the same reader as output files.
    const file = await openFileByUri(t.deps, execution.id, inputs.file);
    expect(await text(file.stream)).toBe(csv);
    // Another execution cannot read it.
    await expect(openFileByUri(t.deps, "someone-else", inputs.file)).rejects.toThrow(/does not belong/);

    // Run again with that URI: the new run gets its own copy.
    const again = await createExecutionWithFiles(
      deps(),
      "it.inputs",
      "csvsum",
      { fields: { who: "bob", file: inputs.file }, files: [] },
      "tester@osprey.local",
    );
    t.executor.wake();
    const second = await waitForEnd(t.deps, again.id);
    expect(second.state).toBe(State.SUCCESS);
    expect(JSON.parse(second.inputs!).file).toBe(`osprey:///executions/${again.id}/inputs/file/data.csv`);
  });

  it("refuses a file over the limit, a file for an input that is not FILE, and the wrong extension, leaving nothing stored", async () => {
    const big = new File(["x".repeat(2_000)], "big.csv");
    await expect(readRunRequest(formRequest({ who: "a", file: big }), 1_000)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    const wrongInput = await readRunRequest(
      formRequest({ who: new File(["x"], "x.csv"), file: new File(["a"], "a.csv") }),
      1_000,
    );
    await expect(createExecutionWithFiles(deps(), "it.inputs", "csvsum", wrongInput, "t")).rejects.toThrow(
      /input who is not a FILE input/,
    );
    const wrongType = await readRunRequest(formRequest({ who: "a", file: new File(["a"], "a.txt") }), 1_000);
    await expect(createExecutionWithFiles(deps(), "it.inputs", "csvsum", wrongType, "t")).rejects.toThrow(
      /input file: must be a \.csv file/,
    );
    const { readdirSync, existsSync } = await import("node:fs");
    const { join } = await import("node:path");
    const root = join(t.deps.config.OSPREY_STORAGE_DIR, "executions");
    const ids = existsSync(root) ? readdirSync(root) : [];
    const rows = await t.deps.db.execution.findMany({ select: { id: true } });
    // Only executions that exist have files.
    expect(ids.filter((id) => !rows.some((r) => r.id === id))).toEqual([]);
  });
});

describe("SECRET inputs", () => {
  it("are stored sealed, masked in logs, shown as ******, and given clear to the task", async () => {
    await saveFlow(
      t.deps.db,
      `id: secret
namespace: it.inputs
inputs:
  - id: token
    type: SECRET
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "token is {{ inputs.token }}"
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    script: |
      token = "{{ inputs.token }}"
      print("from python", token, "length", len(token))
`,
      { create: true },
    );
    const value = "s3cr3t-Tok3n-value";
    const { execution, logs } = await run("secret", { token: value });
    expect(execution.state, logs.join("\n")).toBe(State.SUCCESS);
    const row = await t.deps.db.execution.findUniqueOrThrow({ where: { id: execution.id } });
    expect(row.inputs).not.toContain(value);
    expect(row.inputs).toContain(SEALED_PREFIX);
    expect(JSON.stringify(await t.deps.db.taskRun.findMany({ where: { executionId: execution.id } }))).not.toContain(
      value,
    );
    expect(logs.join("\n")).not.toContain(value);
    expect(logs).toContain("token is ****");
    // The task had the clear value: Python counted its characters.
    expect(logs).toContain(`from python **** length ${value.length}`);
    expect(JSON.parse((await getExecution(t.deps.db, execution.id)).inputs!)).toEqual({ token: "******" });
    // A replay copies the sealed value, which still opens for the same flow's input.
    const replay = await replayExecution(t.deps.db, execution.id, undefined, "tester@osprey.local");
    t.executor.wake();
    const replayed = await waitForEnd(t.deps, replay.id);
    const replayLogs = (await readLogs(t.deps.db, replay.id, { limit: 1000 })).map((l) => l.message);
    expect(replayed.state, replayLogs.join("\n")).toBe(State.SUCCESS);
    expect(replayLogs).toContain(`from python **** length ${value.length}`);
  });
});

describe("every type from form fields", () => {
  it("is coerced as the flow declares it, and dependsOn leaves out what waits", async () => {
    await saveFlow(
      t.deps.db,
      `id: types
namespace: it.inputs
inputs:
  - {id: s, type: STRING, validator: "[a-z]+"}
  - {id: i, type: INT, min: 1}
  - {id: f, type: FLOAT}
  - {id: b, type: BOOLEAN}
  - {id: sel, type: SELECT, values: [eu, us]}
  - {id: en, type: ENUM, values: [A, B]}
  - {id: ms, type: MULTISELECT, values: [x, y, z]}
  - {id: dt, type: DATETIME}
  - {id: d, type: DATE}
  - {id: tm, type: TIME}
  - {id: du, type: DURATION}
  - {id: j, type: JSON}
  - {id: y, type: YAML}
  - {id: u, type: URI}
  - {id: e, type: EMAIL}
  - {id: arr, type: ARRAY, itemType: INT}
  - {id: later, type: STRING, required: true, dependsOn: {inputs: [never]}}
  - {id: never, type: INT, required: false}
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "i+1={{ inputs.i + 1 }} b={{ inputs.b }} ms={{ inputs.ms | length }} arr1={{ inputs.arr[1] }} j={{ inputs.j.k }} y={{ inputs.y.list[0] }}"
`,
      { create: true },
    );
    const { execution, logs } = await run("types", {
      s: "abc",
      i: "41",
      f: "2.5",
      b: "true",
      sel: "eu",
      en: "B",
      ms: ["x", "z"],
      dt: "2026-03-29T01:30:00+01:00",
      d: "2026-01-31",
      tm: "14:30",
      du: "PT5M",
      j: '{"k": 7}',
      y: "list: [first]",
      u: "https://example.com/a.csv",
      e: "ada@example.com",
      arr: "[1, 2, 3]",
    });
    expect(execution.state, logs.join("\n")).toBe(State.SUCCESS);
    expect(JSON.parse(execution.inputs!)).toEqual({
      never: null, // optional, no value: null, as in Kestra
      s: "abc",
      i: 41,
      f: 2.5,
      b: true,
      sel: "eu",
      en: "B",
      ms: ["x", "z"],
      dt: "2026-03-29T00:30:00.000Z",
      d: "2026-01-31",
      tm: "14:30",
      du: "PT5M",
      j: { k: 7 },
      y: { list: ["first"] },
      u: "https://example.com/a.csv",
      e: "ada@example.com",
      arr: [1, 2, 3],
    });
    expect(logs).toContain("i+1=42 b=true ms=2 arr1=2 j=7 y=first");
    const bad = await readRunRequest(formRequest({ s: "ABC", i: "0" }), 1_000);
    await expect(createExecutionWithFiles(deps(), "it.inputs", "types", bad, "t")).rejects.toThrow(
      /input s: must match \[a-z\]\+; input i: must be at least 1; input f is required/,
    );
  });
});
