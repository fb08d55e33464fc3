import { z } from "zod";
import { ZLabelsInput } from "./task-types/common";

export interface TLabel {
  key: string;
  value: string;
}

/** Labels written as a map or as a list of `{key, value}`, as the list (Kestra's shape), values as text. */
export function toLabelList(labels: unknown): TLabel[] {
  if (!labels) return [];
  if (Array.isArray(labels)) return (labels as { key: unknown; value: unknown }[]).map((l) => ({ key: String(l.key), value: String(l.value) }));
  return Object.entries(labels as Record<string, unknown>).map(([key, value]) => ({ key, value: String(value) }));
}

/** Flow labels as a map or a list of `{key, value}`; the parsed flow has the list (Kestra's shape). */
export const ZFlowLabels = ZLabelsInput.transform(toLabelList).describe("Key/value labels to find and group flows: a map, or a list of `{key, value}`.");

/** A parsed flow's labels, always as a list. */
export function labelsOf(flow: { labels?: TLabel[] }): TLabel[] {
  return flow.labels ?? [];
}
