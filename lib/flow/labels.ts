import type { TConfig } from "../config";
import { ZLabelsInput } from "./task-types/common";

export interface TLabel {
  key: string;
  value: string;
}

/** Labels written as a map or as a list of `{key, value}`, as the list (Kestra's shape), values as text. */
export function toLabelList(labels: unknown): TLabel[] {
  if (!labels) return [];
  if (Array.isArray(labels))
    return (labels as { key: unknown; value: unknown }[]).map((l) => ({ key: String(l.key), value: String(l.value) }));
  return Object.entries(labels as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
}

/** Flow labels as a map or a list of `{key, value}`; the parsed flow has the list (Kestra's shape). */
export const ZFlowLabels = ZLabelsInput.transform(toLabelList).describe(
  "Key/value labels to find and group flows: a map, or a list of `{key, value}`.",
);

/** A parsed flow's labels, always as a list. */
export function labelsOf(flow: { labels?: TLabel[] }): TLabel[] {
  return flow.labels ?? [];
}

/** The caps on a flow's or an execution's labels (server settings, passed in: this file is browser-safe). */
export type LabelCaps = Pick<TConfig, "OSPREY_MAX_LABELS" | "OSPREY_MAX_LABEL_CHARS">;

/**
 * The one label check, for a flow on save and for an execution's labels at run time (flow labels,
 * run-time labels, the Labels task): why these labels are past the caps, naming the setting, or null.
 */
export function labelCapProblem(labels: readonly TLabel[], caps: LabelCaps): string | null {
  if (labels.length > caps.OSPREY_MAX_LABELS)
    return `${labels.length} labels, more than the ${caps.OSPREY_MAX_LABELS} allowed (OSPREY_MAX_LABELS)`;
  const max = caps.OSPREY_MAX_LABEL_CHARS;
  for (const { key, value } of labels) {
    const name = key.length > 40 ? `${key.slice(0, 40)}…` : key;
    if (key.length > max)
      return `label key ${name} has ${key.length} characters, more than ${max} (OSPREY_MAX_LABEL_CHARS)`;
    if (value.length > max)
      return `the value of label ${name} has ${value.length} characters, more than ${max} (OSPREY_MAX_LABEL_CHARS)`;
  }
  return null;
}

/** Kestra's system labels: set by the engine, never taken from a flow or a person. */
export const SYSTEM_PREFIX = "system.";
/** One id shared by an execution and every execution it starts (Subflow, ForEachItem, Flow triggers). */
export const CORRELATION_ID = "system.correlationId";

/** Labels without the system ones (a flow's `system.*` labels do not reach its executions). */
export function withoutSystemLabels(labels: readonly TLabel[]): TLabel[] {
  return labels.filter((l) => !l.key.startsWith(SYSTEM_PREFIX));
}

/** The first `system.*` key among labels someone gave, if any: they are the engine's to set. */
export function systemLabelGiven(labels: readonly TLabel[]): string | undefined {
  return labels.find((l) => l.key.startsWith(SYSTEM_PREFIX))?.key;
}

/** An execution's correlation id (its own id when it has none recorded). */
export function correlationIdOf(execution: { id: string; labels: string | null }): string {
  const labels = JSON.parse(execution.labels ?? "[]") as TLabel[];
  return labels.find((l) => l.key === CORRELATION_ID)?.value ?? execution.id;
}

/**
 * `{{ labels }}` as Kestra builds it (Label.toNestedMap): a dotted key nests, so
 * `{{ labels.system.correlationId }}` reads `system.correlationId`; the first value of a repeated key wins.
 */
export function labelsVariable(labels: readonly TLabel[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of labels) {
    const path = key.split(".");
    let at: Record<string, unknown> = out;
    let placed = true;
    for (const part of path.slice(0, -1)) {
      const next = at[part];
      if (next === undefined) at = at[part] = {} as Record<string, unknown>;
      else if (next && typeof next === "object") at = next as Record<string, unknown>;
      else {
        placed = false;
        break;
      }
    }
    const last = path.at(-1)!;
    if (!placed) {
      if (!(key in out)) out[key] = value;
    } else if (!(last in at)) at[last] = value;
  }
  return out;
}
