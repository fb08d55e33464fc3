import type { z } from "zod";
import { manifestTaskDefinition } from "./task-types/manifest-registry";
import { MANIFEST_STAND_IN } from "./task-types/manifest-stand-in";
import { forEachTask } from "./task-tree";

type Issue = z.core.$ZodIssue;
const REAL_TYPE = "__ospreyManifestType";

/**
 * Tasks of a manifest's type are checked against the manifest's schema here, then stand in as one
 * type the flow schema knows (the union over task types is built once, from the types built in);
 * `restoreManifestTypes` gives them their type back after validation. In place. Returns the
 * manifest schemas' issues, with their paths from the flow's root.
 */
export function standInManifestTasks(flowData: unknown): Issue[] {
  const issues: Issue[] = [];
  forEachTask(flowData, (task, path) => {
    const def = typeof task.type === "string" ? manifestTaskDefinition(task.type) : undefined;
    if (!def) return;
    const result = def.schema.safeParse(task);
    if (!result.success) issues.push(...result.error.issues.map((i) => ({ ...i, path: [...path, ...i.path] })));
    const checked = result.success ? (result.data as Record<string, unknown>) : { ...task };
    for (const key of Object.keys(task)) delete task[key];
    Object.assign(task, checked, { type: MANIFEST_STAND_IN, [REAL_TYPE]: def.type });
  });
  return issues;
}

/** The validated flow's stand-ins get their manifest's type back. In place. */
export function restoreManifestTypes(flow: unknown): void {
  forEachTask(flow, (task) => {
    if (task.type !== MANIFEST_STAND_IN) return;
    task.type = task[REAL_TYPE];
    delete task[REAL_TYPE];
  });
}
