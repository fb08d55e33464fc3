"use client";

import { useEffect, useRef } from "react";
import type { ClientLogLine } from "./log-types";

const LEVEL_CLASS: Record<string, string> = {
  ERROR: "text-red-300",
  WARN: "text-amber-300",
  DEBUG: "text-slate-400",
  TRACE: "text-slate-500",
};

/** The log of an execution, following the end while the reader is at the bottom. */
export function LogView({ lines }: { lines: ClientLogLine[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={ref}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
      className="h-full overflow-auto bg-slate-950 p-2 font-mono text-xs leading-5 text-slate-100"
      data-testid="log"
    >
      {lines.length === 0 && <div className="text-slate-500">Waiting for log lines…</div>}
      {lines.map((l) => (
        <div key={l.seq} id={`L${l.seq}`} data-seq={l.seq} className={`flex gap-3 whitespace-pre-wrap ${l.stream === "stderr" ? "bg-red-950/40" : ""}`}>
          <span className="w-12 shrink-0 select-none text-right text-slate-600">{l.seq}</span>
          <span className="shrink-0 text-slate-500">{new Date(l.timestamp).toLocaleTimeString()}</span>
          <span className="w-24 shrink-0 truncate text-sky-300">{l.taskId ?? ""}</span>
          <span className={`min-w-0 break-all ${LEVEL_CLASS[l.level] ?? ""} ${l.stream === "system" ? "italic text-slate-400" : ""}`}>{l.message}</span>
        </div>
      ))}
    </div>
  );
}
