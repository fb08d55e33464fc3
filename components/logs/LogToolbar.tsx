"use client";

import { useEffect, useState } from "react";
import { LEVELS } from "./log-store";
import type { LogViewState, TimeMode } from "./log-view-state";

interface LogToolbarProps {
  view: LogViewState;
  onView: (patch: Partial<LogViewState>) => void;
  taskIds: string[];
  /** How the filter by task run reads, when there is one. */
  runFilter: string | null;
  shown: number;
  matchCount: number;
  matchAt: number;
  onMatch: (delta: 1 | -1) => void;
  follow: boolean;
  onFollow: () => void;
  onFirstError: (() => void) | null;
  downloadHref: string;
}

const button = "rounded border border-slate-600 px-1.5 py-0.5 hover:bg-slate-700 disabled:opacity-40";

/** Filters, search and actions above the log. Search text reaches the URL a moment after typing stops. */
export function LogToolbar(p: LogToolbarProps) {
  const [query, setQuery] = useState(p.view.query);
  useEffect(() => setQuery(p.view.query), [p.view.query]);
  useEffect(() => {
    if (query === p.view.query) return;
    const timer = setTimeout(() => p.onView({ query }), 200);
    return () => clearTimeout(timer);
  }, [query]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggleLevel = (level: string) =>
    p.onView({
      levels: p.view.levels.includes(level) ? p.view.levels.filter((l) => l !== level) : [...p.view.levels, level],
    });

  return (
    <div
      className="flex flex-wrap items-center gap-2 border-b border-slate-700 bg-slate-900 px-2 py-1 text-xs text-slate-200"
      data-testid="log-toolbar"
    >
      <div className="flex gap-1" role="group" aria-label="Levels">
        {LEVELS.map((l) => (
          <button
            key={l}
            aria-pressed={p.view.levels.includes(l)}
            onClick={() => toggleLevel(l)}
            className={`${button} ${p.view.levels.includes(l) ? "bg-sky-700" : ""}`}
          >
            {l}
          </button>
        ))}
      </div>
      <select
        aria-label="Task"
        value={p.view.taskId ?? ""}
        onChange={(e) => p.onView({ taskId: e.target.value || null })}
        className="rounded bg-slate-800 px-1 py-0.5"
      >
        <option value="">all tasks</option>
        {p.taskIds.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      {p.runFilter && (
        <span className="flex items-center gap-1 rounded bg-sky-800 px-1.5 py-0.5" data-testid="run-filter">
          run: <span className="font-mono">{p.runFilter}</span>
          <button
            type="button"
            onClick={() => p.onView({ taskRunIds: [] })}
            aria-label="Show every task run's lines"
            className="ml-1 text-slate-300 hover:text-white"
          >
            ✕
          </button>
        </span>
      )}
      <input
        aria-label="Search the log"
        placeholder="Search…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && p.onMatch(e.shiftKey ? -1 : 1)}
        className="w-48 rounded bg-slate-800 px-2 py-0.5"
      />
      {p.view.query && (
        <span data-testid="match-count">
          {p.matchCount ? `${p.matchAt + 1} / ${p.matchCount.toLocaleString("en")}` : "0 matches"}
        </span>
      )}
      <button className={button} disabled={!p.matchCount} onClick={() => p.onMatch(-1)} aria-label="Previous match">
        ↑
      </button>
      <button className={button} disabled={!p.matchCount} onClick={() => p.onMatch(1)} aria-label="Next match">
        ↓
      </button>
      <span className="text-slate-400" data-testid="shown-count">
        {p.shown.toLocaleString("en")} lines
      </span>
      <div className="ml-auto flex items-center gap-2">
        <button className={button} disabled={!p.onFirstError} onClick={() => p.onFirstError?.()}>
          First error
        </button>
        <button
          className={`${button} ${p.follow ? "bg-emerald-700" : ""}`}
          aria-pressed={p.follow}
          onClick={p.onFollow}
        >
          {p.follow ? "Following" : "Follow"}
        </button>
        <select
          aria-label="Timestamps"
          value={p.view.time}
          onChange={(e) => p.onView({ time: e.target.value as TimeMode })}
          className="rounded bg-slate-800 px-1 py-0.5"
        >
          <option value="local">local time</option>
          <option value="utc">UTC</option>
          <option value="off">no time</option>
        </select>
        <a className={button} href={p.downloadHref} download>
          Download
        </a>
      </div>
    </div>
  );
}
