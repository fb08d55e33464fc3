/** Renames `from` to `to` in place (an old property name to today's); when both are given, `to` wins. */
export function renameKey(map: Record<string, unknown>, from: string, to: string): void {
  if (!(from in map)) return;
  if (!(to in map)) map[to] = map[from];
  delete map[from];
}
