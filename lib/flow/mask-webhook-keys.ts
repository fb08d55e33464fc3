import { type Document, isAlias, isMap, isScalar, isSeq, type Node, parseDocument, type YAMLMap } from "yaml";
import { aliasesOf, canonicalType } from "./aliases";

/** What a person who may not edit a flow sees instead of a webhook key. */
export const MASKED_KEY = "****";
const WEBHOOK = "io.kestra.plugin.core.trigger.Webhook";
const WEBHOOK_NAMES = [WEBHOOK, ...aliasesOf(WEBHOOK)];

/**
 * The flow's YAML with every webhook key (a Webhook trigger's `key`, and a `pluginDefaults` key that
 * would reach one) replaced by "****", every other byte as written: a key is the credential that
 * starts the flow without an account, so only those who may edit the flow read it. Only the key's
 * scalar is replaced (an anchored one where the key is an alias); if the result does not read back
 * as masked, the document is re-serialised instead, so a key never leaks through an odd layout.
 */
export function maskWebhookKeys(source: string): string {
  const doc = parseDocument(source);
  const nodes = keyNodes(doc);
  if (nodes.length === 0) return source;
  // A stored flow always parses; for text that does not, the splice is the best there is (and a
  // flow that does not parse has no webhook a key could open).
  const broken = doc.errors.length > 0;
  const spans = [...new Map(nodes.map((n) => [n.range![0], n.range!] as const)).values()].sort((a, b) => b[0] - a[0]);
  let masked = source;
  for (const [start, end] of spans) {
    const text = masked.slice(start, end);
    // A block scalar's range takes its line breaks: keep them, so the next line stays where it was.
    const tail = text.slice(text.trimEnd().length);
    masked = `${masked.slice(0, start)}"${MASKED_KEY}"${tail}${masked.slice(end)}`;
  }
  if (broken || readsMasked(masked, nodes.length)) return masked;
  for (const node of nodes) (node as { value: unknown }).value = MASKED_KEY;
  return doc.toString();
}

/** A webhook's key, as a value already parsed (the triggers API shows triggers as objects). */
export function maskWebhookKey<T>(trigger: T): T {
  if (trigger === null || typeof trigger !== "object") return trigger;
  const t = trigger as Record<string, unknown>;
  return typeof t.type === "string" && canonicalType(t.type) === WEBHOOK && "key" in t
    ? ({ ...t, key: MASKED_KEY } as T)
    : trigger;
}

/** The scalar nodes that hold webhook keys, anchors resolved. */
function keyNodes(doc: Document): Node[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const found: Node[] = [];
  const take = (map: YAMLMap) => {
    let node = map.get("key", true) as Node | undefined;
    if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
    if (isScalar(node) && node.range) found.push(node);
  };
  const triggers = root.get("triggers", true);
  if (isSeq(triggers)) for (const t of triggers.items) if (isMap(t) && isWebhookType(t.get("type"))) take(t);
  // pluginDefaults (or the older taskDefaults) apply to every type that starts with theirs.
  for (const list of [root.get("pluginDefaults", true), root.get("taskDefaults", true)]) {
    if (!isSeq(list)) continue;
    for (const d of list.items) {
      const type = isMap(d) ? d.get("type") : undefined;
      const values = isMap(d) ? d.get("values", true) : undefined;
      if (
        typeof type === "string" &&
        type !== "" &&
        isMap(values) &&
        WEBHOOK_NAMES.some((name) => name.startsWith(type))
      )
        take(values);
    }
  }
  return found;
}

function isWebhookType(type: unknown): boolean {
  return typeof type === "string" && canonicalType(type) === WEBHOOK;
}

/** Whether the masked text parses and every key it had now reads "****". */
function readsMasked(text: string, expected: number): boolean {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return false;
  const nodes = keyNodes(doc);
  return nodes.length === expected && nodes.every((n) => isScalar(n) && n.value === MASKED_KEY);
}
