"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { send } from "../ui/api";
import type { DashboardData, StatsRange } from "./dashboard-types";
import { DurationsChart } from "./DurationsChart";
import { FailuresList, RunningList } from "./ExecutionLists";
import { ExecutionsChart } from "./ExecutionsChart";

/** How often the figures are read again while the tab is visible: "running now" stays roughly live. */
const REFRESH_MS = 10_000;
const RANGES: [StatsRange, string][] = [
  ["24h", "24 hours"],
  ["30d", "30 days"],
];

/** The home page: executions per state over time, the busiest flows' durations, failures, running now. */
export function Dashboard() {
  const [range, setRange] = useState<StatsRange>("24h");
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    // Buckets start on the viewer's clock: local minus UTC, in minutes.
    const utcOffset = -new Date().getTimezoneOffset();
    try {
      setData(await send<DashboardData>(`/api/v1/stats/dashboard?range=${range}&utcOffset=${utcOffset}`));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [range]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => document.visibilityState === "visible" && void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <div className="mx-auto max-w-7xl p-6" data-testid="dashboard">
      <div className="mb-4 flex items-center gap-4">
        <h1 className="text-xl font-semibold">Dashboard</h1>
        <div
          role="radiogroup"
          aria-label="Range"
          className="flex overflow-hidden rounded border border-slate-300 text-sm"
        >
          {RANGES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={range === value}
              onClick={() => setRange(value)}
              className={`px-3 py-1 ${range === value ? "bg-slate-800 text-white" : "bg-white hover:bg-slate-100"}`}
            >
              {label}
            </button>
          ))}
        </div>
        {data && (
          <span className="text-sm text-slate-500">
            {data.series.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0)} executions in this
            range
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 p-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {!data && !error && <p className="text-slate-500">Loading…</p>}
      {data && data.total === 0 && <EmptyState />}
      {data && data.total > 0 && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Panel title="Executions per state" className="lg:col-span-2">
            <ExecutionsChart data={data} />
          </Panel>
          <Panel title="Duration of the busiest flows" note="median and 95th percentile">
            <DurationsChart data={data} />
          </Panel>
          <div className="grid min-w-0 content-start gap-4">
            <Panel title={`Running now (${data.running.count})`} note={`refreshed every ${REFRESH_MS / 1000} s`}>
              <RunningList running={data.running} />
            </Panel>
            <Panel title={`Failures in the last 24 hours (${data.failures.count})`}>
              <FailuresList failures={data.failures} />
            </Panel>
          </div>
        </div>
      )}
    </div>
  );
}

function Panel({
  title,
  note,
  className = "",
  children,
}: {
  title: string;
  note?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <section className={`min-w-0 rounded border border-slate-200 bg-white p-4 ${className}`}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">
        {title} {note && <span className="font-normal text-slate-500">· {note}</span>}
      </h2>
      {children}
    </section>
  );
}

function EmptyState() {
  return (
    <div
      className="rounded border border-dashed border-slate-300 bg-white p-10 text-center"
      data-testid="dashboard-empty"
    >
      <p className="mb-2 text-lg font-medium">No executions yet</p>
      <p className="text-sm text-slate-500">
        Charts appear here once flows have run.{" "}
        <Link href="/flows" className="text-sky-700 hover:underline">
          Open a flow
        </Link>{" "}
        and click Run, or{" "}
        <Link href="/flows/new" className="text-sky-700 hover:underline">
          write a new one
        </Link>
        .
      </p>
    </div>
  );
}
