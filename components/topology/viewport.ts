/**
 * Where the graph's view opens and moves to, in React Flow's terms (a screen point for the graph's
 * origin, and a zoom). Pure: the caller measures the pane and lays the graph out.
 */

export type Direction = "LR" | "TB";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** Below this zoom a task's name gets too small to read: open at natural size instead. */
export const READABLE_ZOOM = 0.8;
/** Room kept between the graph and the pane's edges, in screen pixels. */
export const PAD = 24;
const MIN_ZOOM = 0.05;

/** The whole graph in the pane, centred, never larger than natural size. */
export function fitViewport(bounds: Rect, pane: { width: number; height: number }, maxZoom = 1): Viewport {
  const zoom = Math.max(
    MIN_ZOOM,
    Math.min(
      maxZoom,
      (pane.width - 2 * PAD) / Math.max(bounds.width, 1),
      (pane.height - 2 * PAD) / Math.max(bounds.height, 1),
    ),
  );
  return {
    x: (pane.width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: (pane.height - bounds.height * zoom) / 2 - bounds.y * zoom,
    zoom,
  };
}

/**
 * The opening view: the whole graph when it fits at a readable zoom; else natural size with the
 * flow's start at the leading edge (left, or top when drawn top to bottom), the rest a pan away.
 */
export function openingViewport(
  bounds: Rect,
  start: Rect | undefined,
  pane: { width: number; height: number },
  direction: Direction,
): Viewport {
  const fit = fitViewport(bounds, pane);
  if (fit.zoom >= READABLE_ZOOM || !start) return fit;
  const across = (lo: number, size: number, paneSize: number, startLo: number, startSize: number) => {
    // Centred when it fits across; else the start centred, without empty room past either edge.
    if (size + 2 * PAD <= paneSize) return (paneSize - size) / 2 - lo;
    const centred = paneSize / 2 - (startLo + startSize / 2);
    return Math.min(PAD - lo, Math.max(paneSize - PAD - (lo + size), centred));
  };
  return direction === "LR"
    ? {
        x: PAD - bounds.x,
        y: across(bounds.y, bounds.height, pane.height, start.y, start.height),
        zoom: 1,
      }
    : {
        x: across(bounds.x, bounds.width, pane.width, start.x, start.width),
        y: PAD - bounds.y,
        zoom: 1,
      };
}

/** The smallest pan that brings `rect` (graph coordinates) fully into the pane, or null when it is in view. */
export function panIntoView(view: Viewport, rect: Rect, pane: { width: number; height: number }): Viewport | null {
  const shift = (lo: number, size: number, paneSize: number) => {
    const a = lo * view.zoom;
    const b = (lo + size) * view.zoom;
    // Too big to fit: show its leading edge.
    if (b - a + 2 * PAD > paneSize) return PAD - a;
    if (a < PAD) return PAD - a;
    if (b > paneSize - PAD) return paneSize - PAD - b;
    return 0;
  };
  const dx = shift(rect.x + view.x / view.zoom, rect.width, pane.width);
  const dy = shift(rect.y + view.y / view.zoom, rect.height, pane.height);
  return dx === 0 && dy === 0 ? null : { x: view.x + dx, y: view.y + dy, zoom: view.zoom };
}

/** The box around these rectangles. */
export function boundsOf(rects: Rect[]): Rect {
  if (rects.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}
