import { z } from "zod";
import { canonicalType } from "@/lib/flow/aliases";
import { CONDITION_SCHEMAS, conditionName } from "@/lib/flow/condition-schema";
import { MANIFESTS_KEY } from "@/lib/flow/task-types/manifest-registry";
import { TASK_EXAMPLES } from "@/lib/flow/task-types/task-examples";
import type { TTaskManifest } from "@/lib/flow/task-types/task-manifest";
import { TASK_OUTPUTS } from "@/lib/flow/task-types/task-outputs";
import { TRIGGER_SCHEMAS_BY_TYPE } from "@/lib/flow/trigger-schemas";
import { SCHEDULE_TYPE, ZScheduleTrigger } from "@/lib/flow/trigger-types";
import { type JsonSchema, taskTypes } from "../flow-editor/task-schema";
import type { TypeAtCursor } from "./type-at-cursor";
import { type TypeDoc, typeDoc } from "./type-doc";

/** As lib/flow/json-schema.ts converts the flow's zod schema, so triggers read like tasks. */
const OPTIONS = { target: "draft-7", unrepresentable: "any", io: "input" } as const;

const TRIGGERS: Readonly<Record<string, z.ZodType>> = { [SCHEDULE_TYPE]: ZScheduleTrigger, ...TRIGGER_SCHEMAS_BY_TYPE };

/**
 * The documentation of the first of `candidates` Osprey knows: a task from the flow schema the
 * editor completes and hovers with (built-in and registered types alike), a trigger or condition
 * from the zod schemas that check it on save. Null when none is known.
 */
export function docFor(flowSchema: JsonSchema, candidates: readonly TypeAtCursor[]): TypeDoc | null {
  for (const c of candidates) {
    const doc = c.kind === "task" ? taskDoc(flowSchema, c.type) : triggerOrConditionDoc(c);
    if (doc) return doc;
  }
  return null;
}

function taskDoc(flowSchema: JsonSchema, written: string): TypeDoc | null {
  // A variant's `type` is its name, or an enum of its name and old names.
  const found = taskTypes(flowSchema).find(
    (t) => t.type === written || t.schema.properties?.type?.enum?.includes(written),
  );
  if (!found) return null;
  const manifest = manifests(flowSchema).find((m) => m.type === found.type);
  return typeDoc("task", found.type, found.schema, {
    title: found.title,
    outputs: manifest?.outputs ?? TASK_OUTPUTS[found.type],
    examples: manifest?.example ? [{ title: "Example", code: manifest.example }] : TASK_EXAMPLES[found.type],
  });
}

function triggerOrConditionDoc({ type, kind }: TypeAtCursor): TypeDoc | null {
  const canonical = canonicalType(type);
  const name = kind === "condition" ? conditionName(type) : undefined;
  const schema = kind === "condition" ? (name ? CONDITION_SCHEMAS[name] : undefined) : TRIGGERS[canonical];
  if (!schema) return null;
  const json = z.toJSONSchema(schema, OPTIONS) as JsonSchema;
  return typeDoc(kind, canonical, json, {
    title: canonical.split(".").at(-1),
    outputs: TASK_OUTPUTS[canonical],
    examples: TASK_EXAMPLES[canonical],
  });
}

function manifests(flowSchema: JsonSchema): TTaskManifest[] {
  const list = (flowSchema as Record<string, unknown>)[MANIFESTS_KEY];
  return Array.isArray(list) ? (list as TTaskManifest[]) : [];
}
