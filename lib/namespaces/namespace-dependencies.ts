import "server-only";
import type { Db } from "../db/create-client";
import { containsText } from "../db/text-filter";
import { extractLinks, type FlowLinks } from "./namespace-dependencies-extract";
import { type FlowTopologyGraph, type LinkedFlow, namespaceGraph } from "./namespace-dependencies-graph";

/** Links by flow row and revision: a revision's source never changes, so what it says is read once. */
const KEPT = 20_000;
const linksByRevision = new Map<string, FlowLinks>();
const keyOf = (row: { id: string; revision: number }) => `${row.id}@${row.revision}`;

function remember(key: string, links: FlowLinks): FlowLinks {
  linksByRevision.set(key, links);
  if (linksByRevision.size > KEPT) linksByRevision.delete(linksByRevision.keys().next().value!);
  return links;
}

/**
 * Kestra's namespace dependencies: flows of `namespace` and the flows anywhere that call them or
 * that they call (Subflow, ForEachItem), or that start them or that they start (Flow triggers).
 * Reads the sources of the namespace's flows and of those elsewhere that mention its name, each
 * once per revision; every other flow only by its name (for the flows a trigger names).
 */
export async function namespaceDependencies(db: Db, namespace: string): Promise<FlowTopologyGraph> {
  const [existing, mentioning] = await Promise.all([
    db.flow.findMany({
      where: { deleted: false },
      select: { id: true, namespace: true, flowId: true, revision: true },
    }),
    // A flow elsewhere must write this namespace's name to call it or listen to it (a prefix
    // condition on a parent is the one case missed). LIKE may match more: parsing then decides.
    db.flow.findMany({
      where: { deleted: false, namespace: { not: namespace }, source: containsText(db, namespace) },
      select: { id: true },
    }),
  ]);
  const mentions = new Set(mentioning.map((r) => r.id));
  const wanted = existing.filter((r) => r.namespace === namespace || mentions.has(r.id));
  const unread = wanted.filter((r) => !linksByRevision.has(keyOf(r)));
  const read = new Map<string, FlowLinks>();
  if (unread.length > 0) {
    const rows = await db.flow.findMany({
      where: { id: { in: unread.map((r) => r.id) } },
      select: { id: true, revision: true, source: true },
    });
    for (const row of rows) read.set(row.id, remember(keyOf(row), extractLinks(row.source)));
  }
  const linked: LinkedFlow[] = wanted.map((r) => ({
    namespace: r.namespace,
    flowId: r.flowId,
    // Saved again between the two reads: the newer revision's links.
    links: linksByRevision.get(keyOf(r)) ?? read.get(r.id) ?? { calls: [], triggers: [] },
  }));
  return namespaceGraph(namespace, linked, existing);
}
