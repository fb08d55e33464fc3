import { canIn, type Person } from "../auth/namespace-roles";
import { isFileUri, readFileByUri } from "../files/output-files";
import { type KvSnapshot, namespacesToLoad } from "../kv/kv-lookup";
import { loadKvSnapshot } from "../kv/kv-store";
import { readForTemplate } from "../namespace-files/read-for-template";
import { mayShare } from "../namespaces/namespace-access";
import type { FileToRead } from "../template/render-request";
import type { EvalDeps } from "./eval-context";

// The debugger renders as the execution's task would, but for a person: kv() and read() see only
// what the flow may reach AND the person may read (a namespace viewer does not see a parent's KV).

/** What `kv()` may read in `expression`: undefined when it does not call kv(). */
export async function kvForCaller(
  deps: Pick<EvalDeps, "db">,
  caller: Person,
  expression: string,
  namespace: string,
): Promise<KvSnapshot | undefined> {
  if (!/\bkv\s*\(/.test(expression)) return undefined;
  const named = namespacesToLoad(expression, namespace);
  const reachable = await Promise.all(named.map((ns) => mayShare(deps.db, namespace, ns)));
  const readable = named.filter((ns, i) => reachable[i] && canIn(caller, "flow:read", ns));
  const snapshot = await loadKvSnapshot(deps.db, readable);
  // A namespace the flow reaches but the person may not read looks empty: its keys are not found.
  for (const [i, ns] of named.entries()) if (reachable[i] && !readable.includes(ns)) snapshot[ns] = {};
  return snapshot;
}

/** What `read(file)` gives: a namespace file the person may read, or a file of this very execution. */
export async function readForCaller(
  deps: EvalDeps,
  caller: Person,
  at: { executionId: string; namespace: string },
  file: FileToRead,
  maxBytes: number,
): Promise<string> {
  const path = file.path.trim();
  if (isFileUri(path)) {
    try {
      return (await readFileByUri(deps, at.executionId, path, maxBytes)).content.toString("utf8");
    } catch (err) {
      throw new Error(`read('${file.path}'): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const namespace = file.namespace ?? at.namespace;
  if (!canIn(caller, "flow:read", namespace))
    throw new Error(`read('${file.path}'): you may not read the files of namespace ${namespace}`);
  return readForTemplate(deps, at, file, maxBytes);
}
