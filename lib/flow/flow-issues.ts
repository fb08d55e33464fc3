import type { Document } from "yaml";
import type { z } from "zod";
import { canonicalType } from "./aliases";
import { TASK_TYPES } from "./task-types";
import { unavailableTypeMessage } from "./unavailable-type";

type Issue = z.core.$ZodIssue;
export type PlacedIssue = { path: PropertyKey[]; message: string };

/**
 * zod's issues → one message each, at the path of the offending node. A task whose `type` is
 * unknown gets one message saying why (a missing plugin, a core type Osprey lacks, a typo)
 * instead of an issue per known type. `data` is what was validated (types already canonical,
 * pluginDefaults applied); `doc` is the source as written.
 */
export function describeIssues(issues: readonly Issue[], data: unknown, doc: Document): PlacedIssue[] {
  const out: PlacedIssue[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    if (issue.code === "invalid_union" && isTaskUnion(issue)) {
      out.push(taskTypeIssue(path, data, doc));
      continue;
    }
    out.push({ path, message: describeIssue(path, issue, data, doc) });
  }
  return out;
}

/** The union over task types (not, say, retry's `constant | exponential | random`). */
function isTaskUnion(issue: Issue & { code: "invalid_union" }): boolean {
  const { discriminator, options } = issue as { discriminator?: string; options?: unknown[] };
  return discriminator === "type" && Array.isArray(options) && options.includes(TASK_TYPES[0]);
}

function taskTypeIssue(path: PropertyKey[], data: unknown, doc: Document): PlacedIssue {
  // The discriminated union reports at `…type`; a plain one at the task itself.
  const taskPath = path[path.length - 1] === "type" ? path.slice(0, -1) : path;
  const type = (getAt(data, taskPath) as { type?: unknown } | undefined)?.type;
  const where = `${formatPath(taskPath)}: `;
  if (typeof type !== "string") {
    const at = type === undefined ? taskPath : [...taskPath, "type"];
    return { path: at, message: `${where}a task needs a \`type\` (text); known types: ${TASK_TYPES.join(", ")}` };
  }
  const written = doc.getIn([...taskPath, "type"] as unknown[]);
  const asWritten = typeof written === "string" ? written : type;
  return {
    path: [...taskPath, "type"],
    message: `${where}${unavailableTypeMessage("task", asWritten, canonicalType(asWritten), TASK_TYPES)}`,
  };
}

function describeIssue(path: PropertyKey[], issue: Issue, data: unknown, doc: Document): string {
  const where = path.length ? `${formatPath(path)}: ` : "";
  if (issue.code === "unrecognized_keys") {
    const fromDefaults = issue.keys.filter((k) => !doc.hasIn([...path, k] as unknown[]));
    const note =
      fromDefaults.length > 0 && doc.hasIn(path as unknown[])
        ? ` (${fromDefaults.map((k) => `"${k}"`).join(", ")} set by pluginDefaults)`
        : "";
    return `${where}unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}${note}`;
  }
  if (issue.code === "invalid_type" && getAt(data, path) === undefined) return `${where}required property is missing`;
  if (issue.code === "invalid_type")
    return `${where}expected ${issue.expected === "object" ? "a map of properties" : issue.expected}, got ${describeValue(getAt(data, path))}`;
  if (issue.code === "invalid_union" && getAt(data, path) === undefined) return `${where}required property is missing`;
  return `${where}${issue.message}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

export function getAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}
