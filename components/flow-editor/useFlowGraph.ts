"use client";

import { useEffect, useState } from "react";
import { parse } from "yaml";
import { parseFlow } from "@/lib/flow/parse-flow";
import { type TaskSpan, taskSpans } from "@/lib/flow/yaml-edit";
import type { GraphTask } from "../topology/layout";

export interface FlowGraphState {
  /** The last tasks that parsed: kept while the YAML is invalid. */
  tasks: GraphTask[];
  /** Raw task values as written (for the form), by index. */
  values: Record<string, unknown>[];
  spans: TaskSpan[];
  /** Why the current text does not parse, with its line; null when it does. */
  error: string | null;
}

const DEBOUNCE_MS = 250;

/** The flow's graph, recomputed a moment after typing stops. */
export function useFlowGraph(source: string): FlowGraphState {
  const [state, setState] = useState<FlowGraphState>(() => compute(source, null));
  useEffect(() => {
    const timer = setTimeout(() => setState((prev) => compute(source, prev)), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [source]);
  return state;
}

function compute(source: string, prev: FlowGraphState | null): FlowGraphState {
  const parsed = parseFlow(source);
  if (!parsed.ok) {
    const p = parsed.problems[0];
    const error = `${p?.message ?? "invalid flow"}${p?.line ? ` (line ${p.line}, column ${p.column})` : ""}`;
    return { tasks: prev?.tasks ?? [], values: prev?.values ?? [], spans: prev?.spans ?? [], error };
  }
  const raw = parse(source) as { tasks?: Record<string, unknown>[] };
  return {
    tasks: parsed.flow.tasks.map((t) => ({ id: t.id, type: t.type, disabled: t.disabled === true })),
    values: raw.tasks ?? [],
    spans: taskSpans(source),
    error: null,
  };
}
