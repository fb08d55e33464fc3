type Json = unknown;
type JsonMap = Record<string, Json>;

export interface PluginDefault {
  type: string;
  values: JsonMap;
  forced: boolean;
}

const isMap = (v: Json): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Kestra's PluginDefaultService on the raw flow document: every map with a `type` (a task at any
 * depth, a trigger, a task runner…) whose type equals or starts with a default's `type` gets the
 * default's `values`. A task's own values win unless the default is `forced`. Maps merge deeply,
 * lists are joined (the default's items first), as Kestra's MapUtils.merge does.
 * Pure: returns a new document, the given one is not changed. `taskDefaults` is the old name.
 */
export function applyPluginDefaults(flowData: Json): Json {
  if (!isMap(flowData)) return flowData;
  const defaults = [...defaultsIn(flowData.pluginDefaults), ...defaultsIn(flowData.taskDefaults)];
  if (defaults.length === 0) return flowData;
  // Kestra applies non-forced defaults first (earlier ones win), then forced ones in reverse
  // declaration order (so the first declared forced default is applied last and wins).
  const plain = defaults.filter((d) => !d.forced);
  const forced = defaults.filter((d) => d.forced).reverse();
  const out: JsonMap = {};
  const seen = new Map<object, Json>();
  for (const [key, value] of Object.entries(flowData)) {
    out[key] = key === "pluginDefaults" || key === "taskDefaults" ? value : withDefaults(value, plain, forced, seen);
  }
  return out;
}

function defaultsIn(list: Json): PluginDefault[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((d) =>
    isMap(d) && typeof d.type === "string" && d.type.length > 0 && isMap(d.values)
      ? [{ type: d.type, values: d.values, forced: d.forced === true }]
      : [],
  );
}

function withDefaults(node: Json, plain: PluginDefault[], forced: PluginDefault[], seen: Map<object, Json>): Json {
  if (node === null || typeof node !== "object") return node;
  // YAML anchors make shared (even cyclic) nodes: each is copied once.
  const done = seen.get(node);
  if (done !== undefined) return done;
  if (Array.isArray(node)) {
    const copy: Json[] = [];
    seen.set(node, copy);
    for (const item of node) copy.push(withDefaults(item, plain, forced, seen));
    return copy;
  }
  let copy: JsonMap = {};
  seen.set(node, copy);
  for (const [key, value] of Object.entries(node)) copy[key] = withDefaults(value, plain, forced, seen);
  const type = copy.type;
  if (typeof type !== "string") return copy;
  const applies = (d: PluginDefault) => type === d.type || type.startsWith(d.type);
  for (const d of plain.filter(applies)) copy = mergeKestra(d.values, copy);
  for (const d of forced.filter(applies)) copy = mergeKestra(copy, d.values);
  seen.set(node, copy);
  return copy;
}

/** Kestra's MapUtils.merge: `b` wins on scalars, maps merge deeply, lists are joined, a null in `b` keeps `a`. */
export function mergeKestra(a: JsonMap, b: JsonMap): JsonMap {
  const out: JsonMap = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prior = out[key];
    if (value === null || value === undefined) {
      if (!(key in out)) out[key] = value;
    } else if (isMap(prior) && isMap(value)) {
      out[key] = mergeKestra(prior, value);
    } else if (Array.isArray(prior) && Array.isArray(value)) {
      out[key] = [...prior, ...value];
    } else {
      out[key] = value;
    }
  }
  return out;
}
