/**
 * Prune's `until` and `labelFilters` as Docker reads them, made pure so Osprey can apply them to what
 * it lists (it removes resources one by one, never with the engine's own prune).
 */

const GO_DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * The instant (ms since the epoch) `until` names: a Go duration before `nowMs` (`10m`, `1h30m`), Unix
 * seconds (`1700000000`, fractions allowed), or an RFC 3339 date-time or date.
 */
export function untilCutoffMs(until: string, nowMs: number): number {
  const text = until.trim();
  if (GO_DURATION.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
      ms += Number(amount) * UNIT_MS[unit];
    return nowMs - ms;
  }
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1_000;
  const date = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date))
    throw new Error(
      `until "${until}": expected a duration such as 10m or 1h30m, Unix seconds, or an RFC 3339 date such as 2024-01-31T12:00:00Z`,
    );
  return date;
}

/** `key` or `key=value`, as Docker's `label` filter takes them; anything else is refused by name. */
export function labelFilterList(filters: string[]): string[] {
  for (const f of filters)
    if (!/^[^=\s]+(=.*)?$/.test(f)) throw new Error(`labelFilters "${f}": expected key or key=value`);
  return filters;
}

/** Whether `labels` carry every filter (`key` present, or `key=value` equal). */
export function matchesLabels(labels: Record<string, string> | null | undefined, filters: string[]): boolean {
  return filters.every((f) => {
    const eq = f.indexOf("=");
    if (eq === -1) return labels?.[f] !== undefined;
    return labels?.[f.slice(0, eq)] === f.slice(eq + 1);
  });
}
