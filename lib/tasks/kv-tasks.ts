import type { Db } from "../db/create-client";
import { kvAccessDenied, lookupOrder } from "../kv/kv-lookup";
import { deleteKv, getKv, listKv, putKv } from "../kv/kv-store";
import { ttlMs, typedValue, ZKvType } from "../values/kv-value";
import { mayShare } from "../namespaces/namespace-access";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { State } from "../states/states";

/** Where a KV task runs: the flow's namespace is its default and the root of inheritance. */
export interface KvTaskScope {
  flowNamespace: string;
}

/** The namespace the task names (default: the flow's), if the flow may reach its store (lib/namespaces). */
export async function target(db: Db, task: Record<string, unknown>, scope: KvTaskScope): Promise<string> {
  const namespace = task.namespace ? String(task.namespace) : scope.flowNamespace;
  if (!(await mayShare(db, scope.flowNamespace, namespace))) throw kvAccessDenied(scope.flowNamespace, namespace);
  return namespace;
}

/** io.kestra.plugin.core.kv.Set: no outputs. */
export const kvSet =
  (scope: KvTaskScope): CoreTaskRunner =>
  async (ctx, task) => {
    const { type, value } = typedValue(
      task.value,
      task.kvType === undefined ? undefined : ZKvType.parse(String(task.kvType).toUpperCase()),
    );
    await putKv(
      ctx.deps.db,
      {
        namespace: await target(ctx.deps.db, task, scope),
        key: String(task.key),
        type,
        value,
        ttlMs: ttlMs(task.ttl),
        overwrite: toBool(task.overwrite, "overwrite", true),
      },
      ctx.deps.config,
    );
    return { state: State.SUCCESS, outputs: {} };
  };

/** io.kestra.plugin.core.kv.Get: `value` (null when missing); the flow's own namespace inherits from its parents. */
export const kvGet =
  (scope: KvTaskScope): CoreTaskRunner =>
  async (ctx, task) => {
    const key = String(task.key);
    const namespace = await target(ctx.deps.db, task, scope);
    for (const ns of lookupOrder(scope.flowNamespace, namespace)) {
      const entry = await getKv(ctx.deps.db, ns, key);
      if (entry) return { state: State.SUCCESS, outputs: { value: entry.value } };
    }
    if (toBool(task.errorOnMissing, "errorOnMissing", false)) {
      return {
        state: State.FAILED,
        error: `No value found for key '${key}' in namespace '${namespace}' and \`errorOnMissing\` is set to true`,
        outputs: {},
      };
    }
    return { state: State.SUCCESS, outputs: { value: null } };
  };

/** io.kestra.plugin.core.kv.Delete: `deleted`. */
export const kvDelete =
  (scope: KvTaskScope): CoreTaskRunner =>
  async (ctx, task) => {
    const key = String(task.key);
    const namespace = await target(ctx.deps.db, task, scope);
    const deleted = await deleteKv(ctx.deps.db, namespace, key);
    if (!deleted && toBool(task.errorOnMissing, "errorOnMissing", false)) {
      return {
        state: State.FAILED,
        error: `No value found for key '${key}' in namespace '${namespace}' and \`errorOnMissing\` is set to true`,
        outputs: {},
      };
    }
    return { state: State.SUCCESS, outputs: { deleted } };
  };

/** io.kestra.plugin.core.kv.GetKeys: `keys` of the namespace, those starting with `prefix` when given. */
export const kvGetKeys =
  (scope: KvTaskScope): CoreTaskRunner =>
  async (ctx, task) => {
    const prefix = task.prefix === undefined || task.prefix === null ? undefined : String(task.prefix);
    const entries = await listKv(ctx.deps.db, await target(ctx.deps.db, task, scope), { prefix });
    return { state: State.SUCCESS, outputs: { keys: entries.map((e) => e.key) } };
  };
