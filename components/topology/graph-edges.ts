import type { Edge } from "@xyflow/react";
import { State } from "@/lib/states/states";
import { stateHex } from "../ui/state-colors";
import type { TaskStatus } from "./collapse";
import type { FlowGraphModel } from "./graph-model";

/** The model's edges for React Flow: a branch in its first task's state, lanes dashed, running targets animated. */
export function flowEdges(model: FlowGraphModel, statuses: Record<string, TaskStatus> | undefined): Edge[] {
  return model.edges.map((e) => {
    // A branch (then/else, a case) takes the state of its first task: which one ran shows at a glance.
    const branchState = e.kind === "branch" ? statuses?.[e.target]?.state : undefined;
    const hex = branchState ? stateHex(branchState) : undefined;
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      ...(branchState ? { className: `branch-${branchState.replace(" ", "_")}` } : {}),
      ...(e.label
        ? {
            label: e.label,
            labelBgPadding: [4, 2] as [number, number],
            labelStyle: { fontSize: 11, fontWeight: 600 },
            labelBgStyle: {
              fill: hex?.fill ?? (e.kind === "lane" ? "var(--color-amber-100)" : "var(--color-sky-100)"),
            },
          }
        : {}),
      style:
        e.kind === "lane"
          ? { strokeDasharray: "5 4", stroke: "var(--color-amber-600)" }
          : hex
            ? { stroke: hex.stroke, ...(branchState === "NOT RUN" ? { strokeDasharray: "4 4" } : {}) }
            : undefined,
      animated: statuses?.[e.target]?.state === State.RUNNING,
    };
  });
}
