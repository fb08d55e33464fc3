import { getKv, putKv } from "../kv/kv-store";
import { State } from "../states/states";
import { typeOf } from "../values/kv-value";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { type KvTaskScope, target } from "./kv-tasks";
import { mergeKvValue } from "./kv-put-merge";

/**
 * io.kestra.plugin.core.kv.Put (Kestra 1.3): updates a key, merging `value` into what is stored
 * (see kv-put-merge.ts); creates it unless `errorOnMissing`. The stored expiry is kept. No outputs.
 */
export const kvPut =
  (scope: KvTaskScope): CoreTaskRunner =>
  async (ctx, task) => {
    const { db, config } = ctx.deps;
    const key = String(task.key);
    const namespace = await target(db, task, scope);
    const now = new Date();
    const current = await getKv(db, namespace, key, now);
    if (!current && toBool(task.errorOnMissing, "errorOnMissing", false)) {
      return {
        state: State.FAILED,
        error: `No value found for key '${key}' in namespace '${namespace}' and \`errorOnMissing\` is set to true`,
        outputs: {},
      };
    }
    const value = mergeKvValue(current?.value ?? null, task.value ?? null);
    const expiresAt = current?.expiresAt;
    await putKv(
      db,
      {
        namespace,
        key,
        type: typeOf(value),
        value,
        ttlMs: expiresAt ? expiresAt.getTime() - now.getTime() : undefined,
        now,
      },
      config,
    );
    return { state: State.SUCCESS, outputs: {} };
  };
