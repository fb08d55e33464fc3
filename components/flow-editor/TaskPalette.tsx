"use client";

import { useState } from "react";
import type { AddTarget } from "./add-targets";
import type { TaskTypeSchema } from "./task-schema";

/** A searchable list of task types; picking one adds it to the chosen list (inside the selected flowable, or the flow's end). */
export function TaskPalette({
  types,
  targets,
  onPick,
  disabled,
}: {
  types: TaskTypeSchema[];
  targets: AddTarget[];
  onPick: (t: TaskTypeSchema, target: AddTarget) => void;
  disabled: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [targetIndex, setTargetIndex] = useState(0);
  const q = query.trim().toLowerCase();
  const shown = types.filter((t) => !q || t.type.toLowerCase().includes(q) || t.description.toLowerCase().includes(q));
  const target = targets[Math.min(targetIndex, targets.length - 1)];
  return (
    <div className="relative">
      <button
        disabled={disabled}
        onClick={() => {
          setOpen(!open);
          setTargetIndex(0); // the selected flowable's first list, when there is one
        }}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
      >
        + Add task
      </button>
      {open && (
        <div
          className="absolute left-0 z-20 mt-1 w-96 rounded border border-slate-200 bg-white p-2 shadow-lg"
          data-testid="task-palette"
        >
          {targets.length > 1 && (
            <label className="mb-2 flex items-center gap-2 text-xs text-slate-600">
              Add to
              <select
                aria-label="Add to"
                value={targetIndex}
                onChange={(e) => setTargetIndex(Number(e.target.value))}
                className="flex-1 rounded border border-slate-300 px-1 py-0.5"
              >
                {targets.map((t, i) => (
                  <option key={i} value={i}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <input
            autoFocus
            placeholder="Search task types…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="mb-2 w-full rounded border border-slate-300 px-2 py-1 text-sm"
          />
          <ul className="max-h-80 overflow-auto">
            {shown.map((t) => (
              <li key={t.type}>
                <button
                  className="w-full rounded px-2 py-1 text-left hover:bg-sky-50"
                  onClick={() => {
                    setOpen(false);
                    setQuery("");
                    onPick(t, target);
                  }}
                >
                  <span className="block font-mono text-xs">{t.type}</span>
                  {t.description && <span className="block truncate text-[11px] text-slate-500">{t.description}</span>}
                </button>
              </li>
            ))}
            {shown.length === 0 && <li className="px-2 py-1 text-sm text-slate-500">No task type matches.</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
