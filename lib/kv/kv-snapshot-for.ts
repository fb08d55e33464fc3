import type { Db } from "../db/create-client";
import { mayShare } from "../namespaces/namespace-access";
import { type KvSnapshot, namespacesToLoad } from "./kv-lookup";
import { loadKvSnapshot } from "./kv-store";

/**
 * What `kv()` may read while rendering `text` for a flow of `flowNamespace`: the store as it is now,
 * loaded only when the text calls kv(), and only for the namespaces it names that the flow may
 * reach (so kv() refuses the rest). Undefined when the text does not call kv().
 */
export async function kvSnapshotFor(db: Db, text: string, flowNamespace: string): Promise<KvSnapshot | undefined> {
  if (!/\bkv\s*\(/.test(text)) return undefined;
  const named = namespacesToLoad(text, flowNamespace);
  const reachable = await Promise.all(named.map((ns) => mayShare(db, flowNamespace, ns)));
  return loadKvSnapshot(
    db,
    named.filter((_, i) => reachable[i]),
  );
}
