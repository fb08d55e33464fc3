"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { shortDuration } from "./chart-format";
import { useChartTheme } from "./chart-theme";
import type { DashboardData } from "./dashboard-types";

/** Median and 95th-percentile run time of the flows that ran most in the range, busiest on top. */
export function DurationsChart({ data }: { data: DashboardData }) {
  const theme = useChartTheme();
  const rows = data.busiestFlows
    .filter((f) => f.duration)
    .map((f) => ({
      name: `${f.namespace}.${f.flowId}`,
      runs: f.executions,
      median: f.duration!.p50Ms,
      p95: f.duration!.p95Ms,
      average: f.duration!.avgMs,
    }));
  if (rows.length === 0)
    return <p className="py-8 text-center text-sm text-slate-500">No finished runs in this range.</p>;
  return (
    <div style={{ height: 56 + rows.length * 40 }} data-testid="durations-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke={theme.grid} />
          <XAxis
            type="number"
            tickFormatter={shortDuration}
            tick={{ fill: theme.axis, fontSize: 11 }}
            stroke={theme.grid}
          />
          {/* The axis shows the flow id (after the namespace's last dot), the tooltip the full name. */}
          <YAxis
            type="category"
            dataKey="name"
            width={150}
            tickFormatter={(name: string) => name.slice(name.lastIndexOf(".") + 1)}
            tick={{ fill: theme.axis, fontSize: 11 }}
            stroke={theme.grid}
          />
          <Tooltip {...theme.tooltip} formatter={(v) => shortDuration(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="median" fill="#38bdf8" isAnimationActive={false} radius={[0, 3, 3, 0]} />
          <Bar dataKey="p95" fill="#6366f1" isAnimationActive={false} radius={[0, 3, 3, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
