import type { CoreTaskRunner } from "./core-tasks";
import { runHttpDownloadTask } from "./http-download-task";
import { runHttpRequestTask } from "./http-request-task";
import { kvPut } from "./kv-put";
import { kvDelete, kvGet, kvGetKeys, kvSet } from "./kv-tasks";
import { stateDelete, stateGet, stateSet } from "./state-tasks";

/** What the KV, state and HTTP tasks need to know about where they run. */
export interface KvHttpScope {
  namespace: string;
  flowId: string;
  taskRunValue: string | null;
}

/** The runner of a kv.*, state.* or http.* task (canonical type), or undefined for any other type. */
export function kvHttpRunner(type: string, scope: KvHttpScope): CoreTaskRunner | undefined {
  const kv = { flowNamespace: scope.namespace };
  switch (type) {
    case "io.kestra.plugin.core.kv.Set":
      return kvSet(kv);
    case "io.kestra.plugin.core.kv.Put":
      return kvPut(kv);
    case "io.kestra.plugin.core.kv.Get":
      return kvGet(kv);
    case "io.kestra.plugin.core.kv.Delete":
      return kvDelete(kv);
    case "io.kestra.plugin.core.kv.GetKeys":
      return kvGetKeys(kv);
    case "io.kestra.plugin.core.state.Set":
      return stateSet(scope);
    case "io.kestra.plugin.core.state.Get":
      return stateGet(scope);
    case "io.kestra.plugin.core.state.Delete":
      return stateDelete(scope);
    case "io.kestra.plugin.core.http.Request":
      return runHttpRequestTask;
    case "io.kestra.plugin.core.http.Download":
      return runHttpDownloadTask;
    default:
      return undefined;
  }
}
