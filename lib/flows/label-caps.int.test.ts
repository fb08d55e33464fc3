import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { errorResponse } from "../http/handle-route";
import { runFlow } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { importedSources, importFlows } from "./import-flows";
import { saveFlow } from "./save-flow";

// OSPREY_MAX_LABELS (100) and OSPREY_MAX_LABEL_CHARS (1000), at their defaults, on every path:
// a flow's labels on save (and import), an execution's at creation and from the Labels task.
const t = useTestExecutor();

const labelsYaml = (n: number, value = (i: number) => `v${i}`) =>
  Array.from({ length: n }, (_, i) => `  l${i}: ${value(i)}`).join("\n");
const flowWith = (
  id: string,
  labels: string,
  tasks = "  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi",
) => `id: ${id}\nnamespace: it.labels\nlabels:\n${labels}\ntasks:\n${tasks}\n`;
const refusal = (err: unknown) => (AppError.is(err) ? { status: err.status, message: err.message } : err);

describe("label caps", () => {
  it("a flow with more labels than OSPREY_MAX_LABELS, or a label past OSPREY_MAX_LABEL_CHARS, is refused on save (422) naming the setting", async () => {
    const many = await saveFlow(t.deps.db, flowWith("many", labelsYaml(101)), { create: true }).catch(refusal);
    expect(many).toEqual({
      status: 422,
      message: "invalid flow: 101 labels, more than the 100 allowed (OSPREY_MAX_LABELS)",
    });
    const long = await saveFlow(
      t.deps.db,
      flowWith(
        "long",
        labelsYaml(1, () => "x".repeat(1_001)),
      ),
      { create: true },
    ).catch(refusal);
    expect(long).toEqual({
      status: 422,
      message: "invalid flow: the value of label l0 has 1001 characters, more than 1000 (OSPREY_MAX_LABEL_CHARS)",
    });
    const longKey = await saveFlow(t.deps.db, flowWith("long_key", `  ${"k".repeat(1_001)}: v`), {
      create: true,
    }).catch(refusal);
    expect((longKey as { message: string }).message).toContain(
      "has 1001 characters, more than 1000 (OSPREY_MAX_LABEL_CHARS)",
    );
    expect(
      (
        await saveFlow(
          t.deps.db,
          flowWith(
            "just_fits",
            labelsYaml(100, () => "x".repeat(1_000)),
          ),
          { create: true },
        )
      ).revision,
    ).toBe(1);
    expect(await t.deps.db.flow.count({ where: { flowId: { in: ["many", "long", "long_key"] } } })).toBe(0);
  });

  it("an import refuses only the flow past the caps, with its problem", async () => {
    const text = `${flowWith("imported_many", labelsYaml(150))}---\n${flowWith("imported_ok", labelsYaml(3))}`;
    const result = await importFlows(t.deps.db, importedSources(new TextEncoder().encode(text)), "it", () => true);
    expect(result.imported).toBe(1);
    expect(result.results[0].problems).toEqual([
      { message: "150 labels, more than the 100 allowed (OSPREY_MAX_LABELS)", path: "labels" },
    ]);
    expect(result.results[1]).toMatchObject({ id: "imported_ok", revision: 1 });
  });

  it("an execution whose flow and run-time labels together pass the cap is refused (400) before it is stored", async () => {
    await saveFlow(t.deps.db, flowWith("sixty", labelsYaml(60)), { create: true });
    const before = await t.deps.db.execution.count();
    const runtime = Array.from({ length: 41 }, (_, i) => ({ key: `run${i}`, value: "x" }));
    const err = await createExecution(t.deps.db, "it.labels", "sixty", {}, "it", { labels: runtime }).catch(
      (e: unknown) => e,
    );
    expect(errorResponse(err).status).toBe(400);
    expect((err as Error).message).toBe(
      "the execution's labels are past the caps: 101 labels, more than the 100 allowed (OSPREY_MAX_LABELS)",
    );
    const tooLong = await createExecution(t.deps.db, "it.labels", "sixty", {}, "it", {
      labels: [{ key: "note", value: "y".repeat(5_000) }],
    }).catch((e: unknown) => e);
    expect((tooLong as Error).message).toContain("5000 characters, more than 1000 (OSPREY_MAX_LABEL_CHARS)");
    expect(await t.deps.db.execution.count()).toBe(before);
    // Run-time labels that replace the flow's own keys do not add to the count.
    const same = Array.from({ length: 60 }, (_, i) => ({ key: `l${i}`, value: "again" }));
    expect((await createExecution(t.deps.db, "it.labels", "sixty", {}, "it", { labels: same })).state).toBe("CREATED");
    await t.executor.idle();
  });

  it("the Labels task cannot take an execution past the cap: it fails naming the setting and the labels stay as they were", async () => {
    const adds = Array.from({ length: 20 }, (_, i) => `      extra${i}: e`).join("\n");
    const { execution } = await runFlow(
      t.deps,
      flowWith(
        "tagger",
        labelsYaml(90),
        `  - id: tag\n    type: io.kestra.plugin.core.execution.Labels\n    labels:\n${adds}`,
      ),
      t.executor,
    );
    const tag = execution.taskRuns.find((r) => r.taskId === "tag");
    expect(tag?.state).toBe("FAILED");
    expect(tag?.error).toContain("110 labels, more than the 100 allowed (OSPREY_MAX_LABELS)");
    // The flow's 90, and the correlation id every execution carries (not counted against the cap).
    const labels = (await getExecution(t.deps.db, execution.id)).labels as { key: string }[];
    expect(labels.filter((l) => !l.key.startsWith("system."))).toHaveLength(90);
  });
});
