"use client";

import type { Direction } from "./viewport";

const BUTTON =
  "px-2 py-0.5 text-xs focus-visible:outline-2 focus-visible:outline-sky-500 aria-pressed:bg-slate-800 aria-pressed:text-white";

/** Fit to view, and the layout's direction: over the graph's top-left corner, first in tab order. */
export function GraphToolbar({
  direction,
  onDirection,
  onFit,
}: {
  direction: Direction;
  onDirection: (d: Direction) => void;
  onFit: () => void;
}) {
  return (
    <div className="absolute left-2 top-2 z-10 flex gap-1" data-testid="graph-toolbar">
      <button
        type="button"
        onClick={onFit}
        aria-label="Fit to view"
        title="Fit the whole flow in view (F)"
        className={`rounded border border-slate-300 bg-white shadow-sm hover:bg-slate-100 ${BUTTON}`}
      >
        ⤢ Fit
      </button>
      {/* biome-ignore lint/a11y/useSemanticElements: a pair of toggle buttons, as the editor's own layout switch */}
      <div
        role="group"
        aria-label="Graph layout"
        className="flex overflow-hidden rounded border border-slate-300 bg-white shadow-sm"
      >
        {(
          [
            ["LR", "→ Horizontal"],
            ["TB", "↓ Vertical"],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-pressed={direction === value}
            onClick={() => onDirection(value)}
            className={`hover:bg-slate-100 ${BUTTON}`}
          >
            {label}
          </button>
        ))}
      </div>
    </div>
  );
}
