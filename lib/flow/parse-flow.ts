import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Problem } from "../errors/app-error";
import { type TFlow, ZFlow } from "./flow-schema";
import { positionOfPath } from "./source-position";
import { findTaskDefinition, TASK_TYPES } from "./task-types";

export type ParseResult = { ok: true; flow: TFlow } | { ok: false; problems: Problem[] };

/** Largest flow source accepted; a bigger one is refused before parsing. */
export const MAX_FLOW_SOURCE_BYTES = 1_000_000;

/**
 * YAML text → validated flow, or every problem found with its line and column.
 * The source text itself is never rewritten: callers store it exactly as written.
 */
export function parseFlow(source: string): ParseResult {
  if (Buffer.byteLength(source, "utf8") > MAX_FLOW_SOURCE_BYTES) {
    return { ok: false, problems: [{ message: `flow source is larger than ${MAX_FLOW_SOURCE_BYTES} bytes` }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return { message: `invalid YAML: ${firstLine(e.message)}`, line, column: col };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    return { ok: false, problems: [aliasProblem(err, source, lineCounter)] };
  }
  const parsed = ZFlow.safeParse(data);
  const problems: Problem[] = [];
  if (!parsed.success) {
    for (const issue of simplifyIssues(parsed.error.issues, data)) {
      const pos = positionOfPath(doc, lineCounter, issue.path);
      problems.push({ message: describeIssue(issue, data), path: formatPath(issue.path), ...pos });
    }
  }
  if (parsed.success || problems.length === 0) {
    problems.push(...duplicateTaskIds(data, doc, lineCounter));
  }
  if (problems.length > 0) return { ok: false, problems };
  if (!parsed.success) return { ok: false, problems: [{ message: "invalid flow" }] };
  return { ok: true, flow: parsed.data as TFlow };
}

function duplicateTaskIds(data: unknown, doc: ReturnType<typeof parseDocument>, lc: LineCounter): Problem[] {
  const tasks = (data as { tasks?: unknown })?.tasks;
  if (!Array.isArray(tasks)) return [];
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  tasks.forEach((t, i) => {
    const id = (t as { id?: unknown })?.id;
    if (typeof id !== "string") return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    const path = ["tasks", i, "id"];
    problems.push({
      message: `duplicate task id "${id}": task ids must be unique in a flow (first used by tasks[${first}])`,
      path: formatPath(path),
      ...positionOfPath(doc, lc, path),
    });
  });
  return problems;
}

type Issue = z.core.$ZodIssue;

/**
 * A task with an unknown or wrong `type` makes the union report one issue per known type;
 * replace those with one message that says what `type` must be, and for a known type
 * keep only the issues of that type's own schema.
 */
function simplifyIssues(issues: readonly Issue[], data: unknown): { path: PropertyKey[]; issue: Issue }[] {
  const out: { path: PropertyKey[]; issue: Issue }[] = [];
  for (const issue of issues) {
    if (issue.code === "invalid_union") {
      const task = getAt(data, issue.path);
      const type = (task as { type?: unknown } | undefined)?.type;
      const def = typeof type === "string" ? findTaskDefinition(type) : undefined;
      if (!def) {
        const message =
          typeof type === "string"
            ? `unknown task type "${type}"; known types: ${TASK_TYPES.join(", ")}`
            : `a task needs a \`type\`; known types: ${TASK_TYPES.join(", ")}`;
        out.push({ path: [...issue.path, ...(typeof type === "string" ? ["type"] : [])], issue: { ...issue, message } });
        continue;
      }
      const own = def.schema.safeParse(task);
      if (!own.success) {
        for (const sub of own.error.issues) out.push({ path: [...issue.path, ...sub.path], issue: sub });
      }
      continue;
    }
    out.push({ path: [...issue.path], issue });
  }
  return out;
}

function describeIssue({ path, issue }: { path: PropertyKey[]; issue: Issue }, data: unknown): string {
  const where = path.length ? `${formatPath(path)}: ` : "";
  if (issue.code === "unrecognized_keys") return `${where}unknown propert${issue.keys.length > 1 ? "ies" : "y"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_type" && getAt(data, path) === undefined) return `${where}required property is missing`;
  if (issue.code === "invalid_type") return `${where}expected ${issue.expected === "object" ? "a map of properties" : issue.expected}, got ${describeValue(getAt(data, path))}`;
  return `${where}${issue.message}`;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

function getAt(data: unknown, path: readonly PropertyKey[]): unknown {
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

/** Resolving aliases fails on an undefined anchor or an alias bomb; point at the alias when we can. */
function aliasProblem(err: unknown, source: string, lc: LineCounter): Problem {
  const message = err instanceof Error ? err.message : String(err);
  const name = /alias.*?: (.+)$/.exec(message)?.[1];
  const offset = name ? source.indexOf(`*${name}`) : -1;
  const { line, col } = lc.linePos(Math.max(offset, 0));
  const why = /Excessive alias count/.test(message)
    ? "too many aliases: the document expands to too much data"
    : message.replace(/ \(the anchor must be set before the alias\)/, "");
  return { message: `invalid YAML: ${why}`, line, column: col };
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}
