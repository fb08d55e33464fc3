import type { Document, LineCounter } from "yaml";
import { isCollection, isNode } from "yaml";

export interface Position {
  line: number;
  column: number;
}

/**
 * Line and column (1-based) of the YAML node at `path`, or of the nearest ancestor that exists
 * (a missing key is reported where its parent map starts).
 */
export function positionOfPath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): Position {
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth) as (string | number)[];
    const node = depth === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) {
      // For the last existing key, point at the key itself when we can: it reads better.
      const keyPos = depth > 0 ? keyOffset(doc, sub) : undefined;
      const { line, col } = lineCounter.linePos(keyPos ?? node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

function keyOffset(doc: Document, path: (string | number)[]): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isCollection(parent)) return undefined;
  const last = path[path.length - 1];
  for (const item of parent.items) {
    if (item && typeof item === "object" && "key" in item && isNode(item.key)) {
      const key = item.key as { value?: unknown; range?: [number, number, number] };
      if (key.value === last && key.range) return key.range[0];
    }
  }
  return undefined;
}
