import { createHash } from "node:crypto";
import { deleteKv, getKv, putKv } from "../kv/kv-store";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { State } from "../states/states";

/** Where a state task runs: its flow, and the value of its task run inside a ForEach. */
export interface StateScope {
  namespace: string;
  flowId: string;
  taskRunValue: string | null;
}

/** Kestra's Slugify: lower case, runs of anything but letters and digits as one `-`. */
const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/**
 * The KV key of a state, as Kestra's StateStore names it: `<flow>_states_<name>[_<value hash>]`,
 * without the flow part when the state is shared by the namespace.
 */
export function stateKey(task: Record<string, unknown>, scope: StateScope): string {
  const name = task.name === undefined || task.name === null ? "default" : String(task.name);
  const shared = toBool(task.namespace, "namespace", false);
  const perValue = toBool(task.taskrunValue, "taskrunValue", true) && scope.taskRunValue !== null;
  const value = perValue ? `_${createHash("sha256").update(scope.taskRunValue!).digest("hex").slice(0, 32)}` : "";
  return `${shared ? "" : `${slug(scope.flowId)}_`}states_${name}${value}`;
}

async function current(
  ctx: Parameters<CoreTaskRunner>[0],
  scope: StateScope,
  key: string,
): Promise<Record<string, unknown> | null> {
  const entry = await getKv(ctx.deps.db, scope.namespace, key);
  return entry ? (entry.value as Record<string, unknown>) : null;
}

/** io.kestra.plugin.core.state.Set: merges `data` into the state; `count` of its keys, and its `key`. */
export const stateSet =
  (scope: StateScope): CoreTaskRunner =>
  async (ctx, task) => {
    const key = stateKey(task, scope);
    const merged = { ...((await current(ctx, scope, key)) ?? {}), ...((task.data ?? {}) as Record<string, unknown>) };
    await putKv(ctx.deps.db, { namespace: scope.namespace, key, type: "JSON", value: merged }, ctx.deps.config);
    return { state: State.SUCCESS, outputs: { count: Object.keys(merged).length, key } };
  };

/** io.kestra.plugin.core.state.Get: `data` and its `count` (empty when there is none, unless errorOnMissing). */
export const stateGet =
  (scope: StateScope): CoreTaskRunner =>
  async (ctx, task) => {
    const key = stateKey(task, scope);
    const data = await current(ctx, scope, key);
    if (data === null && toBool(task.errorOnMissing, "errorOnMissing", false))
      return { state: State.FAILED, error: `State ${key} not found`, outputs: {} };
    return { state: State.SUCCESS, outputs: { count: Object.keys(data ?? {}).length, data: data ?? {} } };
  };

/** io.kestra.plugin.core.state.Delete: `deleted`. */
export const stateDelete =
  (scope: StateScope): CoreTaskRunner =>
  async (ctx, task) => {
    const deleted = await deleteKv(ctx.deps.db, scope.namespace, stateKey(task, scope));
    if (!deleted && toBool(task.errorOnMissing, "errorOnMissing", false)) {
      return { state: State.FAILED, error: `Unable to find the state file '${task.name ?? "default"}'`, outputs: {} };
    }
    return { state: State.SUCCESS, outputs: { deleted } };
  };
