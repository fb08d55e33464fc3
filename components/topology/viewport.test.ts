import { describe, expect, it } from "vitest";
import { fitViewport, openingViewport, PAD, panIntoView, READABLE_ZOOM } from "./viewport";

const pane = { width: 600, height: 400 };
/** Where a graph point lands on screen. */
const screen = (v: { x: number; y: number; zoom: number }, x: number, y: number) => ({
  x: x * v.zoom + v.x,
  y: y * v.zoom + v.y,
});

describe("fitViewport", () => {
  it("shows the whole graph centred, never above natural size", () => {
    const v = fitViewport({ x: 0, y: 0, width: 2000, height: 300 }, pane);
    expect(v.zoom).toBeCloseTo((600 - 2 * PAD) / 2000);
    expect(screen(v, 0, 0).x).toBeCloseTo(PAD);
    expect(screen(v, 2000, 0).x).toBeCloseTo(600 - PAD);
    expect(fitViewport({ x: 0, y: 0, width: 100, height: 50 }, pane).zoom).toBe(1);
  });
});

describe("openingViewport", () => {
  const start = { x: 0, y: 900, width: 220, height: 56 };

  it("fits a graph that is readable whole", () => {
    const bounds = { x: 0, y: 0, width: 500, height: 300 };
    expect(openingViewport(bounds, start, pane, "LR")).toEqual(fitViewport(bounds, pane));
  });

  it("opens a large graph at natural size with its start at the leading edge and in view", () => {
    const bounds = { x: 0, y: 0, width: 3000, height: 2000 };
    const lr = openingViewport(bounds, start, pane, "LR");
    expect(lr.zoom).toBe(1);
    expect(fitViewport(bounds, pane).zoom).toBeLessThan(READABLE_ZOOM);
    expect(screen(lr, 0, 0).x).toBe(PAD);
    const s = screen(lr, start.x, start.y);
    expect(s.y).toBeGreaterThanOrEqual(0);
    expect(s.y + start.height).toBeLessThanOrEqual(pane.height);
    const tb = openingViewport(bounds, { x: 1400, y: 0, width: 220, height: 56 }, pane, "TB");
    expect(screen(tb, 0, 0).y).toBe(PAD);
    expect(screen(tb, 1400 + 110, 0).x).toBeCloseTo(300);
  });

  it("leaves no empty room past the graph's edge when the start is near it, and centres a thin graph across", () => {
    const bounds = { x: 0, y: 0, width: 3000, height: 2000 };
    const top = openingViewport(bounds, { x: 0, y: 10, width: 220, height: 56 }, pane, "LR");
    expect(screen(top, 0, 0).y).toBe(PAD);
    const thin = openingViewport({ x: 0, y: 0, width: 3000, height: 100 }, start, pane, "LR");
    expect(screen(thin, 0, 50).y).toBeCloseTo(200);
  });
});

describe("panIntoView", () => {
  const view = { x: 0, y: 0, zoom: 1 };
  it("does nothing for a node in view, and the smallest pan for one outside", () => {
    expect(panIntoView(view, { x: 100, y: 100, width: 220, height: 56 }, pane)).toBeNull();
    const right = panIntoView(view, { x: 1000, y: 100, width: 220, height: 56 }, pane)!;
    expect(screen(right, 1220, 0).x).toBe(600 - PAD);
    expect(right.y).toBe(0);
    const above = panIntoView({ x: 0, y: 0, zoom: 0.5 }, { x: 100, y: -300, width: 220, height: 56 }, pane)!;
    expect(screen(above, 0, -300).y).toBe(PAD);
  });
});
