import type { StatsRange } from "./dashboard-types";

/** A bucket's label on the time axis, on the viewer's clock: "15:00" by hour, "Nov 28" by day. */
export function bucketLabel(startIso: string, range: StatsRange): string {
  const d = new Date(startIso);
  return range === "24h"
    ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString([], { month: "short", day: "numeric" });
}

/** A duration for an axis or a tooltip: "850 ms", "12.3 s", "4.5 min", "1.2 h". */
export function shortDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
