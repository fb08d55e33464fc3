import { type Document, LineCounter, parseDocument } from "yaml";
import type { Problem } from "../errors/app-error";
import { describeIssues, formatPath } from "./flow-issues";
import { type TFlow, ZFlow } from "./flow-schema";
import { canonicalizeTypes, dropNullTaskLists, renameLegacyProperties } from "./normalize-flow";
import { restoreManifestTypes, standInManifestTasks } from "./manifest-tasks";
import { applyPluginDefaults } from "./plugin-defaults";
import { positionOfPath } from "./source-position";
import { dagProblems, duplicateTaskIds } from "./task-ids";

export { formatPath };

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
  if (doc.errors.length > 0) return { ok: false, problems: yamlProblems(doc, lineCounter) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    return { ok: false, problems: [aliasProblem(err, source, lineCounter)] };
  }
  // Kestra's order: old type names read as today's, pluginDefaults merged into the tasks, then
  // validation. The source text itself stays as written.
  canonicalizeTypes(data);
  const flowData = applyPluginDefaults(data);
  renameLegacyProperties(flowData);
  dropNullTaskLists(flowData);
  const manifestIssues = standInManifestTasks(flowData);
  const parsed = ZFlow.safeParse(flowData);
  const problems: Problem[] = [];
  const at = (path: readonly PropertyKey[]) => positionOfPath(doc, lineCounter, path);
  const issues = [...manifestIssues, ...(parsed.success ? [] : parsed.error.issues)];
  for (const { path, message } of describeIssues(issues, flowData, doc)) {
    problems.push({ message, path: formatPath(path), ...at(path) });
  }
  if (parsed.success || problems.length === 0) {
    for (const { path, message } of [...duplicateTaskIds(flowData, formatPath), ...dagProblems(flowData)]) {
      problems.push({ message, path: formatPath(path), ...at(path) });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (!parsed.success) return { ok: false, problems: [{ message: "invalid flow" }] };
  restoreManifestTypes(parsed.data);
  return { ok: true, flow: parsed.data as TFlow };
}

/** A document's YAML errors, each at its line and column. */
export function yamlProblems(doc: Document, lineCounter: LineCounter): Problem[] {
  return doc.errors.map((e) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return { message: `invalid YAML: ${yamlProblem(e.message)}`, line, column: col };
  });
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

/** The parser's message, but said plainly where it gave up on nesting (it stops at its stack's depth, not a fixed one). */
function yamlProblem(message: string): string {
  const first = firstLine(message);
  return /Maximum call stack size exceeded/.test(first)
    ? "lists or maps are nested too deeply (thousands of levels) to be read"
    : first;
}
