import { describe, expect, it } from "vitest";
import { readFileByUri } from "../files/output-files";
import { saveFlow } from "../flows/save-flow";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { killExecution } from "../executions/kill-execution";
import { MAX_BATCHES } from "./for-each-item-task";

const t = useTestExecutor();

const outputsOf = (execution: Awaited<ReturnType<typeof getExecution>>, taskId: string) =>
  execution.taskRuns.find((r) => r.taskId === taskId)?.outputs as Record<string, unknown>;
const read = async (executionId: string, uri: unknown) =>
  (await readFileByUri(t.deps, executionId, String(uri))).content.toString();

describe("storage tasks in Osprey's storage", () => {
  it("Write, Size, Split (old name), Concat, LocalFiles and Delete work on the execution's files", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: storage-all
namespace: it.storage
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "a\\nb\\nc\\nd\\ne\\n"
    extension: .txt
  - id: size
    type: io.kestra.plugin.core.storage.Size
    uri: "{{ outputs.write.uri }}"
  - id: split
    type: io.kestra.core.tasks.storages.Split
    from: "{{ outputs.write.uri }}"
    rows: 2
  - id: concat
    type: io.kestra.plugin.core.storage.Concat
    files: "{{ outputs.split.uris }}"
    separator: "|"
    extension: csv
  - id: local
    type: io.kestra.core.tasks.storages.LocalFiles
    inputs:
      hello.txt: "hi {{ flow.id }}"
      copy.txt: "{{ outputs.concat.uri }}"
      skipped.md: "not kept"
    outputs: ["*.txt"]
  - id: delete
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.write.uri }}"
  - id: delete_again
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.write.uri }}"
  - id: delete_strict
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.write.uri }}"
    errorOnMissing: true
`,
      t.executor,
    );
    const full = await getExecution(t.deps.db, execution.id);
    const write = outputsOf(full, "write");
    expect(String(write.uri)).toMatch(/^osprey:\/\/\/executions\/.+\/content\.txt$/);
    expect(outputsOf(full, "size")).toEqual({ size: 10 });
    const uris = outputsOf(full, "split").uris as string[];
    expect(uris).toHaveLength(3);
    expect(await Promise.all(uris.map((u) => read(execution.id, u)))).toEqual(["a\nb\n", "c\nd\n", "e\n"]);
    const concat = outputsOf(full, "concat");
    expect(String(concat.uri)).toMatch(/concat\.csv$/);
    expect(await read(execution.id, concat.uri)).toBe("a\nb\n|c\nd\n|e\n|");
    const local = outputsOf(full, "local").uris as Record<string, string>;
    expect(Object.keys(local).sort()).toEqual(["copy.txt", "hello.txt"]);
    expect(await read(execution.id, local["hello.txt"])).toBe("hi storage-all");
    expect(await read(execution.id, local["copy.txt"])).toBe("a\nb\n|c\nd\n|e\n|");
    // The file is gone: deleted once, then missing (only errorOnMissing fails).
    expect(outputsOf(full, "delete")).toEqual({ uri: write.uri, deleted: true });
    expect(outputsOf(full, "delete_again")).toEqual({ uri: write.uri, deleted: false });
    await expect(read(execution.id, write.uri)).rejects.toThrow(/not found/);
    expect(execution.state).toBe("FAILED");
    expect(execution.error).toMatch(/task delete_strict failed: Unable to find file/);
  });
});

describe("LocalFiles in a WorkingDirectory", () => {
  it("writes its inputs where the next script reads them, and keeps what the script wrote by its outputs globs", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: local-files-wd
namespace: it.storage
tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: inputs
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          data/in.txt: "three\\nlines\\nhere\\n"
      - id: count
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - wc -l < data/in.txt > count.txt
      - id: keep
        type: io.kestra.core.tasks.storages.LocalFiles
        outputs: ["*.txt"]
`,
      t.executor,
    );
    expect(execution.state).toBe("SUCCESS");
    const full = await getExecution(t.deps.db, execution.id);
    const uris = outputsOf(full, "keep").uris as Record<string, string>;
    expect(Object.keys(uris)).toEqual(["count.txt"]);
    expect((await read(execution.id, uris["count.txt"])).trim()).toBe("3");
  });
});

describe("ForEachItem", () => {
  it("splits 10 rows by 3 into 4 subflow executions, each reading its own batch; outputs count them and merge their outputs", async () => {
    await saveFlow(
      t.deps.db,
      `id: batch-child
namespace: it.items
inputs:
  - {id: items, type: FILE}
  - {id: n, type: INT}
tasks:
  - id: count
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      batch.csv: "{{ inputs.items }}"
    commands:
      - echo "::{\\"outputs\\":{\\"rows\\":$(wc -l < batch.csv),\\"first\\":\\"$(head -n 1 batch.csv)\\"}}::"
outputs:
  - {id: batch, type: INT, value: "{{ inputs.n }}"}
  - {id: rows, type: INT, value: "{{ outputs.count.vars.rows }}"}
  - {id: first, type: STRING, value: "{{ outputs.count.vars.first }}"}
`,
      { create: true },
    );
    const rows = Array.from({ length: 10 }, (_, i) => `row${i + 1}`).join("\\n");
    const { execution, logs } = await runFlow(
      t.deps,
      `id: batch-parent
namespace: it.items
tasks:
  - id: rows
    type: io.kestra.plugin.core.storage.Write
    content: "${rows}\\n"
    extension: .csv
  - id: each
    type: io.kestra.core.tasks.flows.ForEachItem
    items: "{{ outputs.rows.uri }}"
    batch:
      rows: 3
    namespace: it.items
    flowId: batch-child
    inputs:
      items: "{{ taskrun.items }}"
      n: "{{ taskrun.iteration }}"
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.each.numberOfBatches }} batches, {{ outputs.each.iterations.SUCCESS }} succeeded"
  - id: kestra_names
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.each_items.iterations.SUCCESS }} by Kestra's names, merged in {{ outputs.each_merge.subflowOutputs == outputs.each.uri }}"
`,
      t.executor,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toContain("4 batches, 4 succeeded");
    expect(logs.map((l) => l.message)).toContain("4 by Kestra's names, merged in true");
    const full = await getExecution(t.deps.db, execution.id);
    const each = outputsOf(full, "each");
    expect(each).toMatchObject({ numberOfBatches: 4, iterations: { CREATED: 0, RUNNING: 0, SUCCESS: 4 } });
    const merged = (await read(execution.id, each.uri))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(merged).toEqual([
      { batch: 1, rows: 3, first: "row1" },
      { batch: 2, rows: 3, first: "row4" },
      { batch: 3, rows: 3, first: "row7" },
      { batch: 4, rows: 1, first: "row10" },
    ]);
    const children = await t.deps.db.execution.findMany({ where: { flowId: "batch-child", namespace: "it.items" } });
    expect(children).toHaveLength(4);
    for (const child of children) {
      expect(child.triggerType).toBe("subflow");
      expect(JSON.parse(child.trigger!)).toMatchObject({ executionId: execution.id, flowId: "batch-parent" });
    }
    // Another execution cannot read the batches: only the one that started it (and it, its own).
    await expect(readFileByUri(t.deps, children[0].id, String(each.uri))).rejects.toThrow(/does not belong/);
  });

  it("a failed batch fails it (transmitFailed), counted by state; with transmitFailed false it succeeds; too many batches are refused", async () => {
    await saveFlow(
      t.deps.db,
      `id: picky-child
namespace: it.items
inputs:
  - {id: n, type: INT}
tasks:
  - id: check
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ inputs.n == 2 }}"
    errorMessage: batch two is bad
`,
      { create: true },
    );
    const parent = (transmit: boolean, rows: number, lines = 5) => `id: picky-parent
namespace: it.items
tasks:
  - id: rows
    type: io.kestra.plugin.core.storage.Write
    content: "${Array.from({ length: lines }, (_, i) => `r${i}`).join("\\n")}"
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.rows.uri }}"
    batch: {rows: ${rows}}
    namespace: it.items
    flowId: picky-child
    transmitFailed: ${transmit}
    inputs: {n: "{{ taskrun.iteration }}"}
`;
    const strict = await runFlow(t.deps, parent(true, 2), t.executor);
    expect(strict.execution.state).toBe("FAILED");
    expect(strict.execution.error).toMatch(/task each failed: 1 of 3 batch executions failed/);
    expect(outputsOf(await getExecution(t.deps.db, strict.execution.id), "each")).toMatchObject({
      numberOfBatches: 3,
      iterations: { SUCCESS: 2, FAILED: 1 },
    });

    const lenient = await runFlow(t.deps, parent(false, 2), t.executor);
    expect(lenient.execution.state).toBe("SUCCESS");
    const lenientEach = outputsOf(await getExecution(t.deps.db, lenient.execution.id), "each");
    expect(lenientEach).toMatchObject({ iterations: { SUCCESS: 2, FAILED: 1 } });
    // The child declares no outputs: no merged file.
    expect(lenientEach.uri).toBeUndefined();

    const before = await t.deps.db.execution.count({ where: { flowId: "picky-child" } });
    // An empty file: no batch, nothing started, and it succeeds (ForEachItemCaseTest.forEachItemEmptyItems).
    const empty = await runFlow(t.deps, parent(true, 1, 0), t.executor);
    expect(empty.execution.state).toBe("SUCCESS");
    expect(outputsOf(await getExecution(t.deps.db, empty.execution.id), "each")).toMatchObject({ numberOfBatches: 0 });
    expect(await t.deps.db.execution.count({ where: { flowId: "picky-child" } })).toBe(before);

    const huge = await runFlow(t.deps, parent(true, 1, MAX_BATCHES + 1), t.executor);
    expect(huge.execution.state).toBe("FAILED");
    expect(huge.execution.error).toMatch(/1001 batches: more than the 1000/);
    expect(await t.deps.db.execution.count({ where: { flowId: "picky-child" } })).toBe(before);
  });

  it("killing the parent kills the batch executions it waits for", async () => {
    await saveFlow(
      t.deps.db,
      `id: slow-child
namespace: it.items
tasks:
  - {id: nap, type: io.kestra.plugin.core.flow.Sleep, duration: PT60S}
`,
      { create: true },
    );
    await saveFlow(
      t.deps.db,
      `id: slow-parent
namespace: it.items
tasks:
  - id: rows
    type: io.kestra.plugin.core.storage.Write
    content: "a\\nb\\n"
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.rows.uri }}"
    namespace: it.items
    flowId: slow-child
`,
      { create: true },
    );
    const parent = await createExecution(t.deps.db, "it.items", "slow-parent");
    t.executor.wake();
    const childrenOf = () =>
      t.deps.db.execution.findMany({ where: { flowId: "slow-child" }, select: { id: true, state: true } });
    // Both started, one at least running (the other may wait for a free slot of the executor).
    const started = async () => {
      const children = await childrenOf();
      return children.length === 2 && children.some((c) => c.state === "RUNNING");
    };
    for (let i = 0; i < 300 && !(await started()); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await started()).toBe(true);
    await killExecution(t.deps.db, t.executor, parent.id, "test");
    expect((await waitForEnd(t.deps, parent.id)).state).toBe("KILLED");
    for (const child of await childrenOf()) expect((await waitForEnd(t.deps, child.id)).state).toBe("KILLED");
  });
});
