import { sharesByDefault } from "../namespaces/namespace-reach";
import { namespaceChain } from "../secrets/namespaces";

/** Live KV values by namespace, then key: what a render may read through `kv()`. */
export type KvSnapshot = Record<string, Record<string, unknown>>;

/**
 * The namespaces one lookup searches, nearest first. In the flow's own namespace Kestra walks up
 * the dot-separated parents (`a.b.c`, then `a.b`, then `a`); a namespace named explicitly is
 * searched alone.
 */
export function lookupOrder(flowNamespace: string, namespace?: string): string[] {
  return namespace === undefined || namespace === flowNamespace ? namespaceChain(flowNamespace) : [namespace];
}

/**
 * Kestra's refusal of a KV store out of a flow's reach. Which stores a flow reaches is decided in
 * lib/namespaces (`mayShare`: its own, its parents', those below it, and those that allow it), so a
 * flow cannot read or change what the namespace roles keep from its authors. The message names
 * only the namespace, the same whether or not a key exists there.
 */
export function kvAccessDenied(flowNamespace: string, namespace: string): Error {
  return new Error(
    `Cannot access the KV store. Access to '${namespace}' namespace is not allowed from '${flowNamespace}'.`,
  );
}

/** Finds `key` in the snapshot along `lookupOrder`; `found: false` when no namespace holds it. */
export function lookupInSnapshot(
  snapshot: KvSnapshot,
  flowNamespace: string,
  key: string,
  namespace?: string,
): { found: boolean; value?: unknown; namespace?: string } {
  for (const ns of lookupOrder(flowNamespace, namespace)) {
    const keys = snapshot[ns];
    if (keys && Object.hasOwn(keys, key)) return { found: true, value: keys[key], namespace: ns };
  }
  return { found: false };
}

/**
 * Namespaces a value's `kv()` calls name: the flow's chain, plus any namespace written as a
 * literal second argument or `namespace=` (the value is rendered in a separate process, so what
 * it may read is loaded beforehand, once checked with `mayShare`). A namespace computed by an
 * expression is not loaded: `kv()` then says so.
 */
export function namespacesToLoad(text: string, flowNamespace: string): string[] {
  const out = new Set(namespaceChain(flowNamespace));
  const call = /kv\s*\(([^)]*)\)/g;
  for (const m of text.matchAll(call)) {
    const args = m[1];
    const named = /namespace\s*=\s*(['"])([^'"]+)\1/.exec(args);
    const positional = /^\s*(['"])[^'"]*\1\s*,\s*(['"])([^'"]+)\2/.exec(args);
    if (named) out.add(named[2]);
    else if (positional) out.add(positional[3]);
  }
  return [...out];
}

/**
 * `kv()` over a snapshot, with Kestra's messages. The snapshot holds only the namespaces the flow
 * may reach, so one missing from it is out of reach, or (in reach by default) was computed.
 */
export function kvFunction(snapshot: KvSnapshot, flowNamespace: string) {
  return (key: string, namespace: string | undefined, errorOnMissing: boolean): unknown => {
    const target = namespace ?? flowNamespace;
    if (!lookupOrder(flowNamespace, namespace).every((ns) => Object.hasOwn(snapshot, ns))) {
      if (!sharesByDefault(flowNamespace, target)) throw kvAccessDenied(flowNamespace, target);
      throw new Error(
        `kv(): the namespace '${target}' must be written as text in the call (e.g. kv('${key}', '${target}')), not computed`,
      );
    }
    const hit = lookupInSnapshot(snapshot, flowNamespace, key, namespace);
    if (!hit.found && errorOnMissing) throw new Error(`The key '${key}' does not exist in the namespace '${target}'.`);
    return hit.found ? hit.value : null;
  };
}

/** Every string inside a value, for `namespacesToLoad` to scan. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("\n");
  if (value && typeof value === "object") return Object.values(value).map(textOf).join("\n");
  return "";
}
