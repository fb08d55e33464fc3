/** Arrow keys between a graph's nodes: the nearest node that way. Pure. */

export type Arrow = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight";

export const isArrow = (key: string): key is Arrow =>
  key === "ArrowUp" || key === "ArrowDown" || key === "ArrowLeft" || key === "ArrowRight";

/** A node's centre, in graph coordinates. */
export interface NodePoint {
  id: string;
  x: number;
  y: number;
}

/**
 * The node an arrow moves to from `from`: among the nodes ahead that way (within a cone: ↑ does
 * not jump to a node far to the right), the nearest, counting a step sideways twice (so → from a
 * fan-out's header goes to the branch most in line). Null: none ahead. With no `from` (or one
 * gone), the first node.
 */
export function nextNode(points: NodePoint[], from: string | null, key: Arrow): string | null {
  const here = points.find((p) => p.id === from);
  if (!here) return points[0]?.id ?? null;
  let best: { id: string; score: number } | null = null;
  for (const p of points) {
    if (p.id === here.id) continue;
    const dx = p.x - here.x;
    const dy = p.y - here.y;
    const [ahead, aside] =
      key === "ArrowRight" ? [dx, dy] : key === "ArrowLeft" ? [-dx, dy] : key === "ArrowDown" ? [dy, dx] : [-dy, dx];
    if (ahead <= 0.5 || Math.abs(aside) > 2 * ahead) continue;
    const score = ahead + 2 * Math.abs(aside);
    if (!best || score < best.score) best = { id: p.id, score };
  }
  return best?.id ?? null;
}
