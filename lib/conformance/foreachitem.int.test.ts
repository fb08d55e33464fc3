import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { CORRELATION_ID } from "../flow/labels";
import { type Execution, outputsOf, runOf, STORAGE_URI, TESTS, useKestra } from "./kestra-harness";

// Kestra's ForEachItemCaseTest (run by JdbcRunnerTest, today AbstractRunnerTest) and the ForEachItem
// cases of TaskWithAllowFailureTest / TaskWithAllowWarningTest, on their flows of
// core/src/test/resources/flows/valids. Kestra runs a ForEachItem as four task runs (the flowable,
// each_split, each_items, each_merge) and reads numberOfBatches and iterations on each_items;
// Osprey runs it as one task run holding those outputs (the shape is the DIFF test below).
const k = useKestra();

/** ForEachItemCaseTest.content(): 102 lines of 20 characters, 26 batches of 4 rows. */
const ITEMS = Array.from({ length: 102 }, (_, i) => String(i).padStart(20)).join("\n");
/** TaskWithAllowFailureTest.content(): 10 lines. */
const TEN = Array.from({ length: 10 }, (_, i) => String(i).padStart(20)).join("\n");

/** The batch executions a ForEachItem run started, each waited to its end. */
async function batchesOf(flowId: string, parent: Execution): Promise<Execution[]> {
  const all = await k.executionsOf(TESTS, flowId);
  const mine = all.filter((e) => (e.trigger as { executionId?: string } | null)?.executionId === parent.id);
  return Promise.all(mine.map((e) => k.ended(e.id)));
}

describe("ForEachItem (ForEachItemCaseTest)", () => {
  it("forEachItem: for-each-item.yaml with batch 4 starts 26 executions of for-each-item-subflow, SUCCESS; iterations CREATED 0, RUNNING 0, SUCCESS 26", async () => {
    await k.load("for-each-item-subflow.yaml", "for-each-item.yaml");
    const execution = await k.run(TESTS, "for-each-item", { files: { file: ITEMS }, inputs: { batch: 4 } });
    expect(execution.state).toBe(State.SUCCESS);
    const each = outputsOf(runOf(execution, "each"));
    expect(each.numberOfBatches).toBe(26);
    expect(each.iterations).toMatchObject({ CREATED: 0, RUNNING: 0, SUCCESS: 26 });
    const batches = await batchesOf("for-each-item-subflow", execution);
    expect(batches).toHaveLength(26);
    for (const triggered of batches) {
      expect([triggered.state, triggered.taskRuns.length]).toEqual([State.SUCCESS, 1]);
      expect(String((JSON.parse(triggered.inputs ?? "{}") as { items: string }).items)).toMatch(STORAGE_URI);
      expect(triggered.labels.find((l) => l.key === CORRELATION_ID)?.value).toBe(execution.id);
    }
  });

  it("forEachItemEmptyItems: for-each-item.yaml with an empty file: SUCCESS", async () => {
    await k.load("for-each-item-subflow.yaml", "for-each-item.yaml");
    const execution = await k.run(TESTS, "for-each-item", { files: { file: "" }, inputs: { batch: 4 } });
    expect(execution.state).toBe(State.SUCCESS);
  });

  it("forEachItemFailed: for-each-item-failed.yaml: 26 executions of for-each-item-subflow-failed, all FAILED, and so the parent; iterations FAILED 26", async () => {
    await k.load("for-each-item-subflow-failed.yaml", "for-each-item-failed.yaml");
    const execution = await k.run(TESTS, "for-each-item-failed", { files: { file: ITEMS } });
    expect(execution.state).toBe(State.FAILED);
    const each = outputsOf(runOf(execution, "each"));
    expect(each.numberOfBatches).toBe(26);
    expect(each.iterations).toMatchObject({ CREATED: 0, RUNNING: 0, FAILED: 26 });
    const batches = await batchesOf("for-each-item-subflow-failed", execution);
    expect(batches.map((b) => [b.state, b.taskRuns.length])).toEqual(Array(26).fill([State.FAILED, 1]));
  });

  // D10 (fixed): `{{ read(inputs.items) }}` in the batch reads the parent's batch file, as Kestra's
  // ReadFileFunction (readFromInternalStorageUri) does.
  it("forEachItemWithSubflowOutputs: for-each-item-outputs.yaml: SUCCESS, 26 batches, the merged subflow outputs hold one line per batch", async () => {
    await k.load("for-each-item-outputs-subflow.yaml", "for-each-item-outputs.yaml");
    const execution = await k.run(TESTS, "for-each-item-outputs", { files: { file: ITEMS } });
    expect(execution.state).toBe(State.SUCCESS);
    const each = outputsOf(runOf(execution, "each"));
    expect(each.numberOfBatches).toBe(26);
    expect(each.iterations).toMatchObject({ CREATED: 0, RUNNING: 0, SUCCESS: 26 });
    // outputs.each_merge.subflowOutputs, as the flow's `return` task reads it.
    const merged = String(outputsOf(runOf(execution, "return")).value);
    const lines = (await k.readFile(execution.id, merged)).split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(26);
    const batches = await batchesOf("for-each-item-outputs-subflow", execution);
    expect(batches.map((b) => [b.state, b.taskRuns.length])).toEqual(Array(26).fill([State.SUCCESS, 1]));
  });

  it("forEachItemNoWait: for-each-item-no-wait.yaml ends SUCCESS with 26 batches, and its 26 executions end SUCCESS afterwards", async () => {
    await k.load("for-each-item-subflow.yaml", "for-each-item-no-wait.yaml");
    const execution = await k.run(TESTS, "for-each-item-no-wait", { files: { file: ITEMS } });
    expect(execution.state).toBe(State.SUCCESS);
    expect(outputsOf(runOf(execution, "each")).numberOfBatches).toBe(26);
    const batches = await batchesOf("for-each-item-subflow", execution);
    expect(batches.map((b) => [b.state, b.taskRuns.length])).toEqual(Array(26).fill([State.SUCCESS, 1]));
  });

  // D9 (fixed): without waiting, each batch execution made counts as SUCCESS, as Kestra's ExecutableUtils.
  it("forEachItemNoWait: iterations have no CREATED, RUNNING 0, SUCCESS 26", async () => {
    await k.load("for-each-item-subflow.yaml", "for-each-item-no-wait.yaml");
    const execution = await k.run(TESTS, "for-each-item-no-wait", { files: { file: ITEMS } });
    const iterations = outputsOf(runOf(execution, "each")).iterations as Record<string, number>;
    expect([iterations.CREATED, iterations.RUNNING, iterations.SUCCESS]).toEqual([undefined, 0, 26]);
  });

  // DIFF (deliberate, D8 in docs/conformance.md): Osprey runs a ForEachItem as one task run (lib/tasks/for-each-item-task.ts, with
  // outputs.<id>_items / <id>_merge answered by lib/task-runs/for-each-item-aliases.ts); Kestra expands it into the
  // flowable plus each_split, each_items and each_merge (ForEachItem.getTasks()), so its tests count
  // 4 (3 when the batches fail, 5 with the return task) and read task run 2 as each_items, whose single
  // attempt is SUCCESS or FAILED; with an empty file each_items has no outputs.
  it.skip("the task runs of a ForEachItem: for-each-item.yaml 4 (empty file: 4, no outputs on the 3rd), for-each-item-failed.yaml 3, for-each-item-outputs.yaml 5, for-each-item-no-wait.yaml 4", async () => {
    await k.load(
      "for-each-item-subflow.yaml",
      "for-each-item.yaml",
      "for-each-item-subflow-failed.yaml",
      "for-each-item-failed.yaml",
      "for-each-item-outputs-subflow.yaml",
      "for-each-item-outputs.yaml",
      "for-each-item-no-wait.yaml",
    );
    const [ok, empty, failed, outputs, noWait] = await Promise.all([
      k.run(TESTS, "for-each-item", { files: { file: ITEMS }, inputs: { batch: 4 } }),
      k.run(TESTS, "for-each-item", { files: { file: "" }, inputs: { batch: 4 } }),
      k.run(TESTS, "for-each-item-failed", { files: { file: ITEMS } }),
      k.run(TESTS, "for-each-item-outputs", { files: { file: ITEMS } }),
      k.run(TESTS, "for-each-item-no-wait", { files: { file: ITEMS } }),
    ]);
    expect([ok, empty, failed, outputs, noWait].map((e) => e.taskRuns.length)).toEqual([4, 4, 3, 5, 4]);
    expect([ok.taskRuns[2].attempt, ok.taskRuns[2].state]).toEqual([1, State.SUCCESS]);
    expect([failed.taskRuns[2].attempt, failed.taskRuns[2].state]).toEqual([1, State.FAILED]);
    expect(empty.taskRuns[2].outputs).toBeNull();
  });
});

describe("allowFailure / allowWarning on a ForEachItem (TaskWithAllowFailureTest, TaskWithAllowWarningTest)", () => {
  it("task-allow-failure-executable-foreachitem.yml: failed batches with allowFailure end WARNING; task-allow-warning-executable-foreachitem.yml: SUCCESS", async () => {
    await k.load(
      "for-each-item-subflow-failed.yaml",
      "task-allow-failure-executable-foreachitem.yml",
      "task-allow-warning-executable-foreachitem.yml",
    );
    const [failure, warning] = await Promise.all([
      k.run(TESTS, "task-allow-failure-executable-foreachitem", { files: { file: TEN } }),
      k.run(TESTS, "task-allow-warning-executable-foreachitem", { files: { file: TEN } }),
    ]);
    expect(failure.state).toBe(State.WARNING);
    expect(warning.state).toBe(State.SUCCESS);
  });

  // DIFF (deliberate, D8): the task run count, 4 in Kestra (ForEachItem's flowable, split, items, merge... and
  // log-allowed), 2 in Osprey (one ForEachItem task run, then log-allowed): see the DIFF above.
  it.skip("task-allow-failure-executable-foreachitem.yml and task-allow-warning-executable-foreachitem.yml: 4 task runs each", async () => {
    await k.load(
      "for-each-item-subflow-failed.yaml",
      "task-allow-failure-executable-foreachitem.yml",
      "task-allow-warning-executable-foreachitem.yml",
    );
    const [failure, warning] = await Promise.all([
      k.run(TESTS, "task-allow-failure-executable-foreachitem", { files: { file: TEN } }),
      k.run(TESTS, "task-allow-warning-executable-foreachitem", { files: { file: TEN } }),
    ]);
    expect([failure.taskRuns.length, warning.taskRuns.length]).toEqual([4, 4]);
  });
});
