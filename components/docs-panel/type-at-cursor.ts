import { isMap, isPair, isScalar, isSeq, type Node, parseDocument } from "yaml";

export type DocKind = "task" | "trigger" | "condition";

export interface TypeAtCursor {
  type: string;
  kind: DocKind;
}

/** A plugin type names a class (`io.kestra.plugin.core.log.Log`); input types (`STRING`) and retry's `constant` do not. */
const CLASS_NAME = /^[a-zA-Z_][\w-]*(\.[\w$-]+)+$/;

/**
 * The typed blocks (task, trigger, condition…) that hold `offset` in the YAML, innermost first:
 * the caller documents the first it knows (a `taskRunner`'s type is not one, its task is). Reads
 * what parses of a half-typed document too.
 */
export function typesAtOffset(source: string, offset: number): TypeAtCursor[] {
  const doc = parseDocument(source, { strict: false, uniqueKeys: false });
  offset = pastIndent(source, offset);
  const found: TypeAtCursor[] = [];
  const visit = (node: unknown, keys: string[]) => {
    if (!contains(node, offset, source.length)) return;
    if (isMap(node)) {
      const type = node.get("type");
      if (typeof type === "string" && CLASS_NAME.test(type)) found.push({ type, kind: kindOf(keys) });
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        visit(pair.value, [...keys, key]);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item, keys);
  };
  visit(doc.contents, []);
  return found.reverse();
}

/** In a line's indent or list dash, the cursor is on what the line holds: moved to its first character. */
function pastIndent(source: string, offset: number): number {
  const lineStart = source.lastIndexOf("\n", offset - 1) + 1;
  const indent = /^[ \t-]*/.exec(source.slice(lineStart))![0].length;
  return Math.max(
    offset,
    Math.min(
      lineStart + indent,
      source.indexOf("\n", lineStart) === -1 ? source.length : source.indexOf("\n", lineStart),
    ),
  );
}

function contains(node: unknown, offset: number, length: number): boolean {
  const range = (node as Node | null)?.range;
  // A block's range runs to where the next one's line begins: that line is the next one's.
  return !!range && offset >= range[0] && (offset < range[2] || (offset === range[2] && range[2] === length));
}

/** What a block is, from the keys that lead to it. */
function kindOf(keys: string[]): DocKind {
  const last = keys.at(-1);
  if (last === "conditions" || keys.includes("conditions")) return "condition";
  if (keys.includes("triggers")) return "trigger";
  return "task";
}
