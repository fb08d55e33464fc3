import { z } from "zod";
import { ZLabelsInput } from "./task-types/common";

export interface TLabel {
  key: string;
  value: string;
}

/** Flow labels as a map or a list of `{key, value}`; the parsed flow has the list (Kestra's shape). */
export const ZFlowLabels = ZLabelsInput.transform((labels): TLabel[] =>
  Array.isArray(labels)
    ? labels.map((l) => ({ key: l.key, value: String(l.value) }))
    : Object.entries(labels).map(([key, value]) => ({ key, value: String(value) })),
).describe("Key/value labels to find and group flows: a map, or a list of `{key, value}`.");

/** A parsed flow's labels, always as a list. */
export function labelsOf(flow: { labels?: TLabel[] }): TLabel[] {
  return flow.labels ?? [];
}
