// kv.Put's merge of a new value into the stored one, as Kestra 1.3's Put.mergeValues and
// MapUtils.deepMerge / flattenToNestedMap do it, with Kestra's error messages.

type JsonMap = Record<string, unknown>;

const isMap = (value: unknown): value is JsonMap =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Java's equals on JSON-like values (maps and lists compare by content). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
  }
  return false;
}

/** MapUtils.deepMerge: `b` over `a`; a null in `b` keeps `a`'s, maps merge, lists add what `a` lacks. */
export function deepMerge(a: JsonMap, b: JsonMap): JsonMap {
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  const result: JsonMap = structuredClone(a);
  for (const [key, valueB] of Object.entries(b)) {
    const valueA = result[key];
    if (valueB === null || valueB === undefined) result[key] = valueA;
    else if (valueA === null || valueA === undefined) result[key] = valueB;
    else if (isMap(valueA) && isMap(valueB)) result[key] = deepMerge(valueA, valueB);
    else if (Array.isArray(valueA) && Array.isArray(valueB))
      result[key] = [...valueA, ...valueB.filter((v) => !valueA.some((x) => sameValue(x, v)))];
    else result[key] = valueB;
  }
  return result;
}

/** Java's String.split("\\."): trailing empty parts are dropped. */
function dottedParts(key: string): string[] {
  const parts = key.split(".");
  while (parts.length > 0 && parts.at(-1) === "") parts.pop();
  if (parts.length === 0) throw new Error(`Invalid key '${key}' in \`value\` entry: it has no field name.`);
  return parts;
}

/** MapUtils.flattenToNestedMap: `a.b: 1` → `{a: {b: 1}}`; a key that conflicts with an earlier one is ignored. */
export function flattenToNestedMap(flat: Map<string, unknown>): JsonMap {
  const result: JsonMap = {};
  for (const [key, value] of flat) {
    const parts = dottedParts(key);
    let current = result;
    for (const part of parts.slice(0, -1)) {
      if (!Object.hasOwn(current, part)) current[part] = {};
      // Kestra skips a segment that is already a non-map value (and logs a conflict).
      else if (!isMap(current[part])) continue;
      current = current[part] as JsonMap;
    }
    const last = parts.at(-1)!;
    if (!Object.hasOwn(current, last)) current[last] = value;
  }
  return result;
}

/** Kestra's test for "a list of `{key?, value}` entries" (anything else is a plain list value). */
function isValueEntryList(value: unknown): value is JsonMap[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (item) => isMap(item) && "value" in item && Object.keys(item).every((k) => k === "key" || k === "value"),
    )
  );
}

function mergeEntryList(existing: unknown, entries: JsonMap[]): unknown {
  let replace: { value: unknown } | undefined;
  const updates = new Map<string, unknown>();
  for (const entry of entries) {
    const key = entry.key;
    if (key === undefined || key === null) {
      if (replace || updates.size > 0 || entries.length > 1)
        throw new Error("`value` entries without `key` can only be used as a single replacement item.");
      replace = { value: entry.value };
      continue;
    }
    if (replace) throw new Error("Cannot mix keyed and non-keyed entries in `value`.");
    if (typeof key !== "string" || key.trim() === "")
      throw new Error("Each keyed `value` entry must have a non-empty string `key`.");
    updates.set(key, entry.value);
  }
  if (replace) return replace.value;
  const nested = flattenToNestedMap(updates);
  if (existing === null || existing === undefined) return nested;
  if (!isMap(existing)) throw new Error("Cannot apply keyed `value` updates to a non-JSON existing KV value.");
  return deepMerge(existing, nested);
}

/**
 * The value kv.Put stores (YAML and JSON maps have string keys only, so Kestra's "map keys must be
 * strings" cannot arise): `[{key, value}, …]` patches fields of the stored JSON (dotted paths),
 * `[{value}]` replaces it, a map is deep-merged into a stored map, anything else replaces.
 */
export function mergeKvValue(existing: unknown, value: unknown): unknown {
  if (isValueEntryList(value)) return mergeEntryList(existing, value);
  if (isMap(existing) && isMap(value)) return deepMerge(existing, value);
  return value;
}
