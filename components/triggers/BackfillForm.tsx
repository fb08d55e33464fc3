"use client";

import { useState } from "react";
import { sendJson } from "@/components/ui/api";
import { triggerUrl, type TriggerRowView } from "./trigger-row";

/** datetime-local text (the browser's zone) for a date. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Start (and optional end) of a backfill: the schedule's ticks between them run, one execution each. */
export function BackfillForm({ row, onDone }: { row: TriggerRowView; onDone: (message: string) => void }) {
  const [start, setStart] = useState(() => localInput(new Date(Date.now() - 24 * 3600_000)));
  const [end, setEnd] = useState("");
  const [error, setError] = useState("");

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError("");
    try {
      await sendJson(`${triggerUrl(row)}/backfill`, "POST", {
        start: new Date(start).toISOString(),
        ...(end ? { end: new Date(end).toISOString() } : {}),
      });
      onDone(`Backfill of ${row.triggerId} started`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 text-sm"
      aria-label={`Backfill ${row.triggerId} of ${row.flowId}`}
    >
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-600">Start</span>
        <input
          type="datetime-local"
          required
          value={start}
          onChange={(e) => setStart(e.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
          name="start"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-600">End (default: now)</span>
        <input
          type="datetime-local"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          className="rounded border border-slate-300 px-2 py-1"
          name="end"
        />
      </label>
      <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800">
        Start backfill
      </button>
      {error && (
        <span className="text-red-700" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
