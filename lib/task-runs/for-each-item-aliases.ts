const FOR_EACH_ITEM = "io.kestra.plugin.core.flow.ForEachItem";

/**
 * Kestra runs a ForEachItem as three task runs, `<id>_split`, `<id>_items` and `<id>_merge`, and
 * flows read their outputs by those ids; Osprey's one task run answers to them too:
 * `outputs.<id>_items.iterations`, `outputs.<id>_merge.subflowOutputs`. Only where the ForEachItem
 * is not itself inside a loop (there its outputs are keyed by value and the names differ anyway).
 */
export function forEachItemAliases(
  outputs: Record<string, unknown>,
  runs: readonly { taskId: string; taskType: string }[],
): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const run of runs) {
    if (run.taskType !== FOR_EACH_ITEM) continue;
    const own = outputs[run.taskId] as Record<string, unknown> | undefined;
    if (!own || typeof own.numberOfBatches !== "number") continue;
    const items = { numberOfBatches: own.numberOfBatches, ...(own.iterations ? { iterations: own.iterations } : {}) };
    if (!(`${run.taskId}_items` in outputs)) extra[`${run.taskId}_items`] = items;
    if (own.uri !== undefined && !(`${run.taskId}_merge` in outputs))
      extra[`${run.taskId}_merge`] = { subflowOutputs: own.uri };
  }
  return Object.keys(extra).length ? { ...outputs, ...extra } : outputs;
}
