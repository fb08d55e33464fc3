"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { Placed } from "./layout";
import {
  boundsOf,
  type Direction,
  fitViewport,
  openingViewport,
  panIntoView,
  READABLE_ZOOM,
  type Rect,
} from "./viewport";

type Pane = { width: number; height: number };

/**
 * Where the graph's view is: opened readable (viewport.ts), opened again for a new start or
 * direction, kept still through edits, folds and resizes, and moved on request (fit, show a node).
 */
export function useGraphView(layout: Map<string, Placed>, pane: Pane, direction: Direction, startId?: string) {
  const flow = useReactFlow();
  const bounds = useMemo(() => boundsOf([...layout.values()].map((p) => p.absolute)), [layout]);
  const opening = () => openingViewport(bounds, startId ? layout.get(startId)?.absolute : undefined, pane, direction);
  const [firstView] = useState(opening);

  // The opening view again when the flow's start or the direction changes (a new flow pasted, a
  // layout switch); edits further down keep the reader's view.
  const openKey = `${direction}|${startId ?? ""}`;
  const opened = useRef(openKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new start or direction re-opens the view
  useEffect(() => {
    if (opened.current === openKey) return;
    opened.current = openKey;
    void flow.setViewport(opening());
  }, [openKey]);

  // A fold keeps the flowable's node where it was on screen; the rest moves around it.
  const anchor = useRef<{ id: string; x: number; y: number } | null>(null);
  const keepInPlace = (id: string) => {
    const place = layout.get(id);
    const v = flow.getViewport();
    if (place) anchor.current = { id, x: place.absolute.x * v.zoom + v.x, y: place.absolute.y * v.zoom + v.y };
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a new drawing only
  useLayoutEffect(() => {
    const a = anchor.current;
    const place = a ? layout.get(a.id) : undefined;
    anchor.current = null;
    if (!a || !place) return;
    const { zoom } = flow.getViewport();
    void flow.setViewport({ x: a.x - place.absolute.x * zoom, y: a.y - place.absolute.y * zoom, zoom });
  }, [layout]);

  // When the pane resizes (the task form opening below it), what was at its centre stays there.
  const lastPane = useRef(pane);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to the pane's size only
  useEffect(() => {
    const before = lastPane.current;
    lastPane.current = pane;
    if (before.width === pane.width && before.height === pane.height) return;
    const v = flow.getViewport();
    void flow.setViewport({
      x: v.x + (pane.width - before.width) / 2,
      y: v.y + (pane.height - before.height) / 2,
      zoom: v.zoom,
    });
  }, [pane.width, pane.height]);

  return {
    firstView,
    keepInPlace,
    /** Pans just enough to bring a node (graph coordinates) into view. */
    show: (rect: Rect) => {
      const next = panIntoView(flow.getViewport(), rect, pane);
      if (next) void flow.setViewport(next);
    },
    fitAll: () => void flow.setViewport(fitViewport(bounds, pane)),
    /** Too big to read whole in this pane: worth an overview. */
    large: fitViewport(bounds, pane).zoom < READABLE_ZOOM,
  };
}
