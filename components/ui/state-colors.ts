import { STATES as ENGINE_STATES } from "@/lib/states/states";
/**
 * One colour per state, for badges and for graph nodes. Written out in full (not built from parts)
 * so Tailwind finds every class in the source.
 */
/** A task of the flow the execution never reached: shown beside the real states. */
export const NOT_RUN = "NOT RUN";
export const STATES = [...ENGINE_STATES, NOT_RUN] as const;

const BADGE: Record<string, string> = {
  CREATED: "bg-slate-200 text-slate-700",
  QUEUED: "bg-sky-100 text-sky-800",
  RUNNING: "bg-blue-100 text-blue-800",
  PAUSED: "bg-purple-100 text-purple-800",
  RETRYING: "bg-indigo-100 text-indigo-800",
  RETRIED: "bg-indigo-100 text-indigo-800",
  SUCCESS: "bg-emerald-100 text-emerald-800",
  WARNING: "bg-amber-100 text-amber-800",
  FAILED: "bg-red-100 text-red-800",
  KILLING: "bg-orange-100 text-orange-700",
  KILLED: "bg-orange-200 text-orange-900",
  CANCELLED: "bg-zinc-300 text-zinc-800",
  SKIPPED: "bg-stone-100 text-stone-500",
  "NOT RUN": "bg-white text-slate-500 ring-1 ring-inset ring-slate-200",
};

const NODE: Record<string, string> = {
  CREATED: "border-slate-300",
  QUEUED: "border-sky-400 bg-sky-50",
  RUNNING: "border-blue-500 bg-blue-50",
  PAUSED: "border-purple-500 bg-purple-50",
  RETRYING: "border-indigo-500 bg-indigo-50",
  RETRIED: "border-indigo-500 bg-indigo-50",
  SUCCESS: "border-emerald-500 bg-emerald-50",
  WARNING: "border-amber-500 bg-amber-50",
  FAILED: "border-red-500 bg-red-50",
  KILLING: "border-orange-400 bg-orange-50",
  KILLED: "border-orange-600 bg-orange-50",
  CANCELLED: "border-zinc-500 bg-zinc-100",
  SKIPPED: "border-stone-300 bg-stone-50",
  "NOT RUN": "border-slate-200 text-slate-500 [border-style:dashed]",
};

/** Badge colours (background and text) for a state; an unknown one is grey. */
export function badgeClass(state: string): string {
  return BADGE[state] ?? "bg-slate-100 text-slate-600";
}

/** Node colours (border and background) for a state. */
export function nodeClass(state: string): string {
  return NODE[state] ?? "border-slate-300";
}

/**
 * SVG colours for a state (edge labels and strokes, where Tailwind classes do not reach), as the
 * palette's CSS variables so they follow dark mode; for inline `style`, not SVG attributes.
 */
const HEX: Record<string, { fill: string; stroke: string }> = {
  RUNNING: { fill: "var(--color-blue-100)", stroke: "var(--color-blue-500)" },
  SUCCESS: { fill: "var(--color-emerald-100)", stroke: "var(--color-emerald-500)" },
  WARNING: { fill: "var(--color-amber-100)", stroke: "var(--color-amber-500)" },
  FAILED: { fill: "var(--color-red-100)", stroke: "var(--color-red-500)" },
  KILLED: { fill: "var(--color-orange-200)", stroke: "var(--color-orange-600)" },
  "NOT RUN": { fill: "var(--color-slate-100)", stroke: "var(--color-slate-300)" },
};

export function stateHex(state: string): { fill: string; stroke: string } | undefined {
  return HEX[state];
}

/** Chart fills per state (SVG attributes cannot read CSS variables): mid shades, readable on light and dark. */
const CHART: Record<string, string> = {
  CREATED: "#94a3b8",
  QUEUED: "#38bdf8",
  RUNNING: "#3b82f6",
  PAUSED: "#a855f7",
  RETRYING: "#6366f1",
  RETRIED: "#6366f1",
  KILLING: "#fb923c",
  SUCCESS: "#10b981",
  WARNING: "#f59e0b",
  FAILED: "#ef4444",
  KILLED: "#ea580c",
  CANCELLED: "#71717a",
  SKIPPED: "#a8a29e",
};

export function stateChartColor(state: string): string {
  return CHART[state] ?? "#94a3b8";
}
