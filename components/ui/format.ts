/** "1.2 s", "3 min 4 s": durations as people read them. */
export function formatDuration(start?: string | Date | null, end?: string | Date | null): string {
  if (!start) return "";
  const ms = (end ? new Date(end).getTime() : Date.now()) - new Date(start).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTime(value?: string | Date | null): string {
  return value ? new Date(value).toLocaleString() : "";
}

/** A container's peak memory and CPU time, as the execution page and the Gantt show them: "48.3 MB peak · 1.25 s CPU". */
export function formatUsage(run: { memoryPeakBytes?: number | null; cpuSeconds?: number | null }): string {
  if (run.memoryPeakBytes == null && run.cpuSeconds == null) return "";
  const parts: string[] = [];
  if (run.memoryPeakBytes != null) parts.push(`${(run.memoryPeakBytes / 1e6).toFixed(1)} MB peak`);
  if (run.cpuSeconds != null) parts.push(`${run.cpuSeconds.toFixed(2)} s CPU`);
  return parts.join(" · ");
}
