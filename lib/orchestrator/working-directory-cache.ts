import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { FileToPut } from "../runner/docker/put-files";
import type { FileSink } from "../runner/file-sink";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { durationMs } from "../values/values";

/** A WorkingDirectory's `cache`, as the flow writes it. */
interface CacheSpec {
  patterns: string[];
  ttl?: string;
}

/**
 * Kestra's WorkingDirectory `cache`: the files matching `patterns` are kept when the directory has
 * run, per flow, task and (in a ForEach) value, and written into the next run's directory before its
 * tasks, unless older than `ttl` (then dropped). Stored as the files themselves under
 * `cache/<namespace>/<flow>/<task>/<value>/`, with a `saved` marker whose time is the cache's age.
 */
function specOf(session: Pick<ExecutionSession, "tasks">, run: StoredRun): CacheSpec | undefined {
  const cache = (session.tasks.get(run.taskId) as { cache?: CacheSpec } | undefined)?.cache;
  return cache?.patterns?.length ? cache : undefined;
}

function prefixOf(session: Pick<ExecutionSession, "execution">, run: StoredRun): string {
  const { namespace, flowId } = session.execution;
  return `cache/${namespace}/${flowId}/${run.taskId}/${run.value === null ? "_" : encodeURIComponent(run.value)}`;
}

/** The cached files to write into a new run of the directory (none when there is no cache, or it expired). */
export async function restoreCache(session: ExecutionSession, run: StoredRun): Promise<FileToPut[]> {
  const spec = specOf(session, run);
  if (!spec) return [];
  const { storage, config } = session.deps;
  const prefix = prefixOf(session, run);
  const saved = await storage.stat(`${prefix}/saved`);
  if (!saved) return [];
  const ttl = durationMs(spec.ttl, "cache.ttl");
  if (ttl !== undefined && Date.now() > saved.lastModified.getTime() + ttl) {
    await storage.deletePrefix(prefix);
    note(session, run, "the cache is older than its ttl: dropped");
    return [];
  }
  const files: FileToPut[] = [];
  let bytes = 0;
  for (const path of await storage.listAll(`${prefix}/files`)) {
    const { stream, size } = await storage.get(`${prefix}/files/${path}`);
    bytes += size;
    // A cache bigger than a task's outputs may be is not restored (it was kept under the same cap).
    if (bytes > config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK) {
      stream.destroy();
      note(session, run, "the cache is larger than OSPREY_MAX_OUTPUT_BYTES_PER_TASK: not restored");
      return [];
    }
    files.push({ path, content: await buffer(stream) });
  }
  note(session, run, `${files.length} cached file${files.length === 1 ? "" : "s"} restored`);
  return files;
}

/** Keeps the files of the directory matching the cache's patterns (replacing the last cache). */
export async function saveCache(
  session: ExecutionSession,
  run: StoredRun,
  collect: (globs: string[], sink: FileSink) => Promise<void>,
): Promise<void> {
  const spec = specOf(session, run);
  if (!spec) return;
  const { storage, config } = session.deps;
  const prefix = prefixOf(session, run);
  await storage.deletePrefix(prefix);
  let bytes = 0;
  await collect(spec.patterns.map(String), {
    async accept(name, size, stream) {
      bytes += size ?? 0;
      if (bytes > config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK)
        throw new Error("the cache would be larger than OSPREY_MAX_OUTPUT_BYTES_PER_TASK");
      await storage.put(`${prefix}/files/${name}`, Readable.from(stream));
    },
  });
  await storage.put(`${prefix}/saved`, Readable.from([new Date().toISOString()]));
}

function note(session: ExecutionSession, run: StoredRun, message: string): void {
  session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level: "INFO", message });
}
