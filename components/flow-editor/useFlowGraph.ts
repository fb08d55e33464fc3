"use client";

import { useEffect, useRef, useState } from "react";
import type { FlowGraphState } from "./flow-graph-state";

export type { EditorTask, FlowGraphState } from "./flow-graph-state";

const DEBOUNCE_MS = 250;
const NOTHING_YET: FlowGraphState = { model: { nodes: [], edges: [] }, tasks: [], spans: [], error: null };

/**
 * The flow's graph, recomputed a moment after typing stops, and once the task types registered from
 * manifests are known (`typesKnown`). Nothing until `start` (the editor's text is on screen): the
 * parse brings every task type's schema, loaded then.
 */
export function useFlowGraph(source: string, start: boolean, typesKnown: boolean): FlowGraphState {
  const [state, setState] = useState<FlowGraphState>(NOTHING_YET);
  const computed = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: typesKnown changes what the same source parses to
  useEffect(() => {
    if (!start) return;
    let live = true;
    // The first graph waits for nothing but its code; later ones for typing to pause.
    const timer = setTimeout(
      () =>
        void import("./flow-graph-compute").then(({ computeFlowGraph }) => {
          if (!live) return;
          computed.current = true;
          setState((prev) => computeFlowGraph(source, prev === NOTHING_YET ? null : prev));
        }),
      computed.current ? DEBOUNCE_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [source, start, typesKnown]);
  return state;
}
