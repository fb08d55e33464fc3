"use client";

import type { TLabel } from "@/lib/flow/labels";

/** Labels for this run (key:value), added to the flow's own; a row with no key is ignored. */
export function LabelsEditor({ labels, onChange }: { labels: TLabel[]; onChange: (labels: TLabel[]) => void }) {
  const set = (i: number, part: Partial<TLabel>) => onChange(labels.map((l, j) => (j === i ? { ...l, ...part } : l)));
  return (
    <fieldset className="space-y-1" data-testid="run-labels">
      <legend className="mb-1 text-sm font-medium text-slate-700">Labels for this run</legend>
      {labels.map((l, i) => (
        <div key={i} className="flex gap-1">
          <input
            aria-label={`label ${i + 1} key`}
            placeholder="key"
            value={l.key}
            onChange={(e) => set(i, { key: e.target.value })}
            className="w-1/3 rounded border border-slate-300 px-2 py-1 text-sm"
          />
          <input
            aria-label={`label ${i + 1} value`}
            placeholder="value"
            value={l.value}
            onChange={(e) => set(i, { value: e.target.value })}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
          <button
            type="button"
            onClick={() => onChange(labels.filter((_, j) => j !== i))}
            className="rounded border border-slate-300 px-2 text-xs hover:bg-slate-100"
            aria-label={`remove label ${i + 1}`}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...labels, { key: "", value: "" }])}
        className="rounded border border-dashed border-slate-300 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50"
      >
        + Add label
      </button>
    </fieldset>
  );
}
