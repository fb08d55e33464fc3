import { AppError } from "../errors/app-error";

/**
 * Checks a storage key: relative, `/`-separated, no empty, `.` or `..` segment, no backslash or
 * control character. Every implementation calls it, so no key can reach outside its root.
 */
export function assertValidKey(key: string): string {
  const problem = keyProblem(key);
  if (problem) throw new AppError("BAD_REQUEST", `invalid storage key ${JSON.stringify(key)}: ${problem}`);
  return key;
}

function keyProblem(key: string): string | null {
  if (key.length === 0) return "empty";
  if (key.length > 1024) return "longer than 1024 characters";
  if (key.startsWith("/")) return "absolute";
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(key)) return "backslash or control character";
  for (const segment of key.split("/")) {
    if (segment === "") return "empty segment";
    if (segment === "." || segment === "..") return `"${segment}" segment`;
  }
  return null;
}

/** The task run an output file belongs to. */
export interface FileOwner {
  executionId: string;
  taskRunId: string;
  taskId: string;
}

/** Every file of one execution. */
export function executionPrefix(executionId: string): string {
  return assertValidKey(`executions/${executionId}`);
}

/** Every file of one task run. */
export function taskRunPrefix(owner: FileOwner): string {
  return assertValidKey(`${executionPrefix(owner.executionId)}/tasks/${owner.taskId}/${owner.taskRunId}`);
}

/** One output file of a task run; `name` may contain folders (`reports/r.txt`). */
export function outputFileKey(owner: FileOwner, name: string): string {
  return assertValidKey(`${taskRunPrefix(owner)}/${name}`);
}

/**
 * For task runs copied into another execution (restart and replay, the playground's reused runs):
 * rewrites the output file URIs in a copy's text (outputs, properties) from the runs copied to
 * their copies, whose ids `newIds` maps.
 */
export function fileUriMover(
  fromExecutionId: string,
  toExecutionId: string,
  runs: readonly { id: string; taskId: string }[],
  newIds: ReadonlyMap<string, string>,
): (text: string | null) => string | null {
  return (text) => {
    if (!text) return text;
    let out = text;
    for (const r of runs) {
      const from = taskRunPrefix({ executionId: fromExecutionId, taskId: r.taskId, taskRunId: r.id });
      const to = taskRunPrefix({ executionId: toExecutionId, taskId: r.taskId, taskRunId: newIds.get(r.id)! });
      out = out.split(`${from}/`).join(`${to}/`);
    }
    return out;
  };
}
