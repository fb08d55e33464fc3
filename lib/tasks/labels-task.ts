import { refuseLabelsPastCaps } from "../flow/label-caps";
import { SYSTEM_PREFIX, systemLabelGiven, toLabelList, withoutSystemLabels } from "../flow/labels";
import { parseJsonWithin } from "../json/json-depth";
import { mergeLabels } from "../executions/create-execution";
import type { TaskContext, TaskOutcome } from "./task-context";
import { State } from "../states/states";

/** io.kestra.plugin.core.execution.Labels: adds or changes labels of the running execution. */
export async function runLabelsTask(ctx: TaskContext, task: Record<string, unknown>): Promise<TaskOutcome> {
  const raw = typeof task.labels === "string" ? parseJsonWithin(task.labels) : task.labels;
  const given = toLabelList(raw);
  // Kestra: system labels are the engine's (the correlation id above all).
  const reserved = systemLabelGiven(given);
  if (reserved)
    return {
      state: State.FAILED,
      error: `label ${reserved}: labels starting with ${SYSTEM_PREFIX} are set by Osprey, not by a task`,
      outputs: {},
    };
  const { db } = ctx.deps;
  const execution = await db.execution.findUniqueOrThrow({ where: { id: ctx.executionId }, select: { labels: true } });
  const labels = mergeLabels(JSON.parse(execution.labels ?? "[]") as { key: string; value: string }[], given);
  refuseLabelsPastCaps(withoutSystemLabels(labels), ctx.deps.config);
  await db.execution.update({ where: { id: ctx.executionId }, data: { labels: JSON.stringify(labels) } });
  return { state: State.SUCCESS, outputs: {} };
}
