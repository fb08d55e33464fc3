import { isMap, isScalar, parseDocument, stringify } from "yaml";

/**
 * The flow YAML with its top-level `namespace` and `id` set to these, everything else byte for byte:
 * only the two values' text is replaced (quoted where YAML needs it, e.g. an id `123`).
 */
export function withFlowIdentity(source: string, namespace: string, id: string): string {
  const doc = parseDocument(source);
  if (!isMap(doc.contents)) throw new Error("the example is not a YAML map");
  const edits: { from: number; to: number; text: string }[] = [];
  for (const [key, value] of [
    ["namespace", namespace],
    ["id", id],
  ] as const) {
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair || !isScalar(pair.value) || !pair.value.range) throw new Error(`the example has no top-level ${key}`);
    edits.push({ from: pair.value.range[0], to: pair.value.range[1], text: stringify(value).trimEnd() });
  }
  // From the end backwards, so earlier positions stay right.
  let out = source;
  for (const e of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}
