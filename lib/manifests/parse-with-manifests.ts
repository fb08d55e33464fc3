import type { Db } from "../db/create-client";
import type { ParseResult } from "../flow/parse-flow";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { syncManifestTypes } from "./manifest-sync";

/**
 * parseFlowCached with the registered task types up to date: a flow that names a type this process
 * does not know yet (registered a moment ago on another server) is parsed again after a sync.
 */
export async function parseWithManifests(db: Db, source: string): Promise<ParseResult> {
  await syncManifestTypes(db);
  const first = parseFlowCached(source);
  if (first.ok || !first.problems.some((p) => /task type/.test(p.message))) return first;
  await syncManifestTypes(db, { force: true });
  return parseFlowCached(source);
}
