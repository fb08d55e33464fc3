import { type ParseResult, parseFlow } from "./parse-flow";
import { manifestRegistryVersion } from "./task-types/manifest-registry";

/** Sources kept: the flows of the executions running now, mostly a few revisions. */
const KEPT = 32;
const parsed = new Map<string, ParseResult>();
let parsedAtVersion = manifestRegistryVersion();

/**
 * parseFlow, remembered for the last few sources: one run used to parse its flow several times
 * (create, claim, session), and a large flow (10,000 ForEach values) takes ~100 ms each time on the
 * server's one thread. The result is shared: callers read it and never change it.
 */
export function parseFlowCached(source: string): ParseResult {
  // Registered task types changed: what parsed before may not now, and the reverse.
  if (manifestRegistryVersion() !== parsedAtVersion) {
    parsed.clear();
    parsedAtVersion = manifestRegistryVersion();
  }
  const hit = parsed.get(source);
  if (hit) {
    // Most recently used last: the oldest is the one dropped.
    parsed.delete(source);
    parsed.set(source, hit);
    return hit;
  }
  const result = parseFlow(source);
  parsed.set(source, result);
  if (parsed.size > KEPT) parsed.delete(parsed.keys().next().value!);
  return result;
}
