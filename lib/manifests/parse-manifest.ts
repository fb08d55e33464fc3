import { LineCounter, parseDocument } from "yaml";
import { AppError, type Problem } from "../errors/app-error";
import { canonicalType } from "../flow/aliases";
import { describeIssues, formatPath } from "../flow/flow-issues";
import { yamlProblems } from "../flow/parse-flow";
import { positionOfPath } from "../flow/source-position";
import { isBuiltInTaskType } from "../flow/task-types";
import { type TTaskManifest, ZTaskManifest } from "../flow/task-types/task-manifest";

/** Largest manifest accepted. */
const MAX_MANIFEST_BYTES = 200_000;

/**
 * A manifest's YAML → the manifest, or an AppError BAD_REQUEST with every problem at its line and
 * column (as a flow's). A type Osprey has, under today's name or an old one, is refused.
 */
export function parseManifest(source: string): TTaskManifest {
  if (Buffer.byteLength(source, "utf8") > MAX_MANIFEST_BYTES)
    throw new AppError("BAD_REQUEST", `a task manifest is at most ${MAX_MANIFEST_BYTES} bytes`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw refusal(yamlProblems(doc, lineCounter));
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const parsed = ZTaskManifest.safeParse(data);
  if (!parsed.success)
    throw refusal(
      describeIssues(parsed.error.issues, data, doc).map(({ path, message }) => ({
        message,
        path: formatPath(path),
        ...positionOfPath(doc, lineCounter, path),
      })),
    );
  const { type } = parsed.data;
  if (isBuiltInTaskType(type) || canonicalType(type) !== type)
    throw refusal([{ message: `type: ${type} is a task type Osprey has; a manifest adds a new one`, path: "type" }]);
  return parsed.data;
}

function refusal(problems: Problem[]): AppError {
  return new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "), problems);
}
