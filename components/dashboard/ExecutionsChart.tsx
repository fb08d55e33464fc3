"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { stateChartColor } from "../ui/state-colors";
import { bucketLabel } from "./chart-format";
import { useChartTheme } from "./chart-theme";
import type { DashboardData } from "./dashboard-types";

/** Executions per state per hour or day, stacked: the states seen in the range, in Kestra's order. */
export function ExecutionsChart({ data }: { data: DashboardData }) {
  const theme = useChartTheme();
  const rows = data.series.map((r) => ({ label: bucketLabel(r.start, data.range), ...r.counts }));
  return (
    <div className="h-72" data-testid="executions-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={theme.grid} />
          <XAxis
            dataKey="label"
            tick={{ fill: theme.axis, fontSize: 11 }}
            stroke={theme.grid}
            interval="preserveStartEnd"
            minTickGap={16}
          />
          <YAxis allowDecimals={false} tick={{ fill: theme.axis, fontSize: 11 }} stroke={theme.grid} />
          <Tooltip {...theme.tooltip} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {data.states.map((state, i) => (
            <Bar
              key={state}
              dataKey={state}
              stackId="states"
              fill={stateChartColor(state)}
              isAnimationActive={false}
              // Round only the top of the stack.
              radius={i === data.states.length - 1 ? [3, 3, 0, 0] : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
