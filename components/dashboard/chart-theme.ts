"use client";

import { useDarkMode } from "../theme/use-dark-mode";

/** Axis, grid and tooltip colours for recharts: attributes need real colours, styles take the palette's variables. */
export function useChartTheme() {
  const dark = useDarkMode();
  return {
    axis: dark ? "#94a3b8" : "#64748b",
    grid: dark ? "#334155" : "#e2e8f0",
    tooltip: {
      contentStyle: {
        background: "var(--color-white)",
        border: "1px solid var(--color-slate-200)",
        borderRadius: 6,
        fontSize: 12,
      },
      labelStyle: { color: "var(--color-slate-900)", fontWeight: 600 },
      cursor: { fill: dark ? "rgba(148,163,184,0.12)" : "rgba(100,116,139,0.08)" },
    },
  };
}
