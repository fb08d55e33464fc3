"use client";

import type { SavedFlowRef } from "./flow-api";
import type { SideTab } from "./SidePanel";

export const VIEWS = [
  ["editor", "YAML"],
  ["split", "Both"],
  ["graph", "Graph"],
  ["files", "Files"],
  ["playground", "Playground"],
] as const;
export type View = (typeof VIEWS)[number][0];

/** The editor's header: what is open, its state, and the buttons (side panel tabs, layout, Save, Run). */
export function EditorToolbar({
  saved,
  dirty,
  status,
  sideTabs,
  sideTab,
  onSideTab,
  view,
  onView,
  busy,
  onSave,
  onRun,
}: {
  saved: SavedFlowRef | null;
  dirty: boolean;
  status: string;
  sideTabs: readonly SideTab[];
  sideTab: string | null;
  onSideTab: (tab: string | null) => void;
  view: View;
  onView: (view: View) => void;
  /** Save and Run are off (busy, or a viewer). */
  busy: boolean;
  onSave: () => void;
  onRun: () => void;
}) {
  return (
    <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
      <h1 className="font-semibold" data-testid="flow-title">
        {saved ? (
          <>
            <span className="text-slate-500">{saved.namespace}.</span>
            {saved.id} <span className="text-xs font-normal text-slate-500">rev {saved.revision}</span>
            {saved.savedBy && (
              <span className="ml-2 text-xs font-normal text-slate-500" data-testid="saved-by">
                saved by {saved.savedBy}
              </span>
            )}
            <a
              href={`/flows/${saved.namespace}/${saved.id}/history`}
              className="ml-2 text-xs font-normal text-sky-700 hover:underline"
            >
              history
            </a>
          </>
        ) : (
          "New flow"
        )}
      </h1>
      {dirty && (
        <span className="text-xs text-amber-700" data-testid="dirty">
          unsaved changes
        </span>
      )}
      <span className="text-sm text-slate-500" data-testid="status">
        {status}
      </span>
      <div className="ml-auto flex gap-2">
        {sideTabs.map((t) => (
          <button
            key={t.id}
            type="button"
            onClick={() => onSideTab(sideTab === t.id ? null : t.id)}
            aria-pressed={sideTab === t.id}
            data-testid={`toggle-${t.id}`}
            className={`rounded border border-slate-300 px-2 py-1 text-xs ${sideTab === t.id ? "bg-slate-800 text-white" : "bg-white hover:bg-slate-100"}`}
          >
            {t.label}
          </button>
        ))}
        <fieldset className="flex overflow-hidden rounded border border-slate-300 text-xs" aria-label="Layout">
          {VIEWS.map(([value, label]) => (
            <button
              type="button"
              key={value}
              onClick={() => onView(value)}
              aria-pressed={view === value}
              className={`px-2 py-1 ${view === value ? "bg-slate-800 text-white" : "bg-white hover:bg-slate-100"}`}
            >
              {label}
            </button>
          ))}
        </fieldset>
        <button
          type="button"
          onClick={onSave}
          disabled={busy}
          className="rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-50"
          title="Ctrl/Cmd+S"
        >
          Save
        </button>
        <button
          type="button"
          onClick={onRun}
          disabled={busy}
          className="rounded bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50"
          title="Ctrl/Cmd+Enter"
        >
          ▶ Run
        </button>
      </div>
    </div>
  );
}
