"use client";

import type { ReactNode } from "react";

/** A tab of the editor's side panel: its content is rendered (and its code loaded) only while open. */
export interface SideTab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/** The area beside the YAML: one tab open at a time (Docs, and whatever joins it), closable. */
export function SidePanel({
  tabs,
  open,
  onOpen,
  onClose,
}: {
  tabs: readonly SideTab[];
  open: string;
  onOpen: (id: string) => void;
  onClose: () => void;
}) {
  const active = tabs.find((t) => t.id === open) ?? tabs[0];
  return (
    <aside
      className="flex w-[26rem] min-w-0 shrink-0 flex-col border-l border-slate-200 bg-white"
      aria-label="Side panel"
      data-testid="side-panel"
    >
      <div className="flex items-center border-b border-slate-200 px-2" role="tablist" aria-label="Side panel tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`side-tab-${t.id}`}
            aria-selected={t.id === active.id}
            aria-controls={`side-panel-${t.id}`}
            onClick={() => onOpen(t.id)}
            className={`px-3 py-1.5 text-xs ${t.id === active.id ? "border-b-2 border-sky-700 font-semibold" : "text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </button>
        ))}
        <button
          type="button"
          onClick={onClose}
          className="ml-auto rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100"
          aria-label="Close the side panel"
          title="Close"
        >
          ×
        </button>
      </div>
      {/* Focusable: a keyboard reader scrolls it with the arrow keys (the ARIA tabs pattern). */}
      <div
        role="tabpanel"
        id={`side-panel-${active.id}`}
        aria-labelledby={`side-tab-${active.id}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable tab panel must take the focus
        tabIndex={0}
        className="min-h-0 flex-1 overflow-auto"
      >
        {active.render()}
      </div>
    </aside>
  );
}
