import { canonicalType } from "./aliases";
import { renameLegacyInputKeys } from "./flow-inputs";
import { renameKey } from "./rename-key";
import { CHILD_TASK_LISTS, FLOW_TASK_LISTS, forEachTask } from "./task-tree";

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Old type names → today's, wherever Kestra reads a plugin type: tasks at any depth, triggers and
 * their conditions, pluginDefaults. Runs before pluginDefaults are applied, so a default written
 * with either name reaches tasks written with either. Changes `flowData` in place (it is the
 * freshly parsed document, not the caller's).
 */
export function canonicalizeTypes(flowData: unknown): void {
  if (!isMap(flowData)) return;
  const rename = (node: unknown) => {
    if (isMap(node) && typeof node.type === "string") node.type = canonicalType(node.type);
  };
  forEachTask(flowData, rename);
  for (const key of ["pluginDefaults", "taskDefaults", "triggers"]) {
    if (!Array.isArray(flowData[key])) continue;
    for (const item of flowData[key] as unknown[]) {
      rename(item);
      if (isMap(item) && Array.isArray(item.conditions)) item.conditions.forEach(rename);
    }
  }
}

/**
 * Old property names → today's, so the engine reads one name: `retry.maxAttempts` →
 * `maxAttempt`, Pause `delay` → `pauseDuration`, an input's `name` → `id` (and flow-inputs.ts's others). A new name given too
 * wins. In place.
 */
export function renameLegacyProperties(flowData: unknown): void {
  if (!isMap(flowData)) return;
  const retry = (holder: JsonMap) => {
    if (isMap(holder.retry)) renameKey(holder.retry, "maxAttempts", "maxAttempt");
  };
  retry(flowData);
  // Inputs once had a `name` (today's `id`), `options`, `allowInput` (flow inputs and a Pause's onResume).
  const inputs = (list: unknown) =>
    Array.isArray(list) &&
    list.forEach((input) => {
      if (isMap(input)) renameLegacyInputKeys(input);
    });
  inputs(flowData.inputs);
  forEachTask(flowData, (task) => {
    retry(task);
    if (task.type === "io.kestra.plugin.core.flow.Pause") {
      renameKey(task, "delay", "pauseDuration");
      inputs(task.onResume);
    }
  });
}

/**
 * An empty `errors:` or `defaults:` is null in YAML; Kestra reads it as no tasks, and so does the
 * parsed flow: the key is dropped, so the engine never meets a null list. In place.
 */
export function dropNullTaskLists(flowData: unknown): void {
  if (!isMap(flowData)) return;
  const drop = (map: JsonMap, keys: readonly string[]) => {
    for (const key of keys) if (map[key] === null) delete map[key];
  };
  drop(flowData, FLOW_TASK_LISTS);
  forEachTask(flowData, (task) => drop(task, CHILD_TASK_LISTS));
}
