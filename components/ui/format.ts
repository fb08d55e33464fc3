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
