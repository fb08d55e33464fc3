import { OutputFileSink } from "../files/output-file-sink";
import { deleteFileByUri, discardOutputFiles, openFileByUri, saveOutputFiles } from "../files/output-files";
import { splitLines, splitRuleOf } from "../files/split-lines";
import { containerLabels } from "../runner/docker/labels";
import { collectFromWorkingVolume, putIntoWorkingVolume } from "../runner/docker/working-volume";
import { toBool } from "../values/values";
import { defaultImageFor } from "../task-runs/default-image";
import type { CoreTaskRunner } from "./core-tasks";
import type { TaskContext } from "./task-context";
import { extensionOf, extensionOfUri, taskFiles } from "./task-files";
import { State } from "../states/states";

const STORAGE = "io.kestra.plugin.core.storage";

/** A rendered value that is a list, or a JSON list written as text (Kestra's `files` and `inputs`). */
function listOrJson(value: unknown, name: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new Error(`${name} must be a list or a JSON text of one, got ${JSON.stringify(value.slice(0, 80))}`);
  }
}

/** Write: `content` as a file → `uri`. */
const write: CoreTaskRunner = async (ctx, task) => {
  const name = `content${extensionOf(task.extension, ".ion")}`;
  const files = await taskFiles(ctx).store({ [name]: String(task.content ?? "") });
  return { state: State.SUCCESS, outputs: { uri: files[name] } };
};

/** Concat: the files one after another, `separator` after each → `uri`. */
const concat: CoreTaskRunner = async (ctx, task) => {
  const uris = listOrJson(task.files, "files");
  if (!Array.isArray(uris)) throw new Error("files must be a list of file URIs");
  const io = taskFiles(ctx);
  const parts: Buffer[] = [];
  for (const uri of uris) {
    parts.push(await io.read(String(uri)));
    if (task.separator !== undefined && task.separator !== null) parts.push(Buffer.from(String(task.separator)));
  }
  const name = `concat${extensionOf(task.extension, ".tmp")}`;
  const files = await io.store({ [name]: Buffer.concat(parts) });
  return { state: State.SUCCESS, outputs: { uri: files[name] } };
};

/** Split: pieces of a file by rows, bytes or partitions → `uris`, in order. */
const split: CoreTaskRunner = async (ctx, task) => {
  const from = String(task.from);
  const io = taskFiles(ctx);
  const pieces = splitLines((await io.read(from)).toString("utf8"), splitRuleOf(task));
  const ext = extensionOfUri(from);
  const names = pieces.map((_, i) => `split-${String(i + 1).padStart(String(pieces.length).length, "0")}${ext}`);
  const files = await io.store(Object.fromEntries(names.map((n, i) => [n, pieces[i]])));
  return { state: State.SUCCESS, outputs: { uris: names.map((n) => files[n]) } };
};

/** Size: a stored file's bytes → `size`. */
const size: CoreTaskRunner = async (ctx, task) => {
  const file = await openFileByUri(ctx.deps, ctx.executionId, String(task.uri).trim(), { fromParents: true });
  file.stream.destroy();
  return { state: State.SUCCESS, outputs: { size: file.size } };
};

/** Delete: one of this execution's files → `uri`, `deleted`; a missing file fails only with errorOnMissing. */
const del: CoreTaskRunner = async (ctx, task) => {
  const uri = String(task.uri).trim();
  const deleted = await deleteFileByUri(ctx.deps, ctx.executionId, uri);
  if (!deleted && toBool(task.errorOnMissing, "errorOnMissing", false))
    return { state: State.FAILED, error: `Unable to find file '${uri}'`, outputs: { uri, deleted } };
  return { state: State.SUCCESS, outputs: { uri, deleted } };
};

/**
 * LocalFiles (deprecated): `inputs` (name → text, or a file URI to copy) written to the working
 * directory, and the files matching `outputs` kept → `uris` (and `outputFiles`). Inside a
 * WorkingDirectory that is its shared directory, so scripts there read and write the same files;
 * elsewhere, as in Kestra, a directory of its own (only its `inputs` can match `outputs`).
 */
const localFiles: CoreTaskRunner = async (ctx, task) => {
  const inputs = listOrJson(task.inputs ?? {}, "inputs");
  if (!inputs || typeof inputs !== "object" || Array.isArray(inputs))
    throw new Error("inputs must be a map of file name → content");
  const io = taskFiles(ctx);
  const globs = Array.isArray(task.outputs) ? task.outputs.map(String) : [];
  const contents: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(inputs as Record<string, unknown>)) {
    const text = String(value);
    contents[name] = text.trim().startsWith("osprey:///") ? await io.read(text) : text;
  }
  if (ctx.workingVolume) {
    const uris = await inWorkingDirectory(ctx, ctx.workingVolume, contents, globs);
    return { state: State.SUCCESS, outputs: { uris, outputFiles: uris } };
  }
  const wanted = globs.map(globToRegExp);
  const uris = await io.store(
    Object.fromEntries(Object.entries(contents).filter(([name]) => wanted.some((re) => re.test(name)))),
  );
  return { state: State.SUCCESS, outputs: { uris, outputFiles: uris } };
};

async function inWorkingDirectory(
  ctx: TaskContext,
  volume: string,
  contents: Record<string, string | Buffer>,
  globs: string[],
): Promise<Record<string, string>> {
  const { docker, config, storage, db, instance } = ctx.deps;
  const labels = containerLabels({
    instance,
    owner: config.OSPREY_WORKER_NAME,
    executionId: ctx.executionId,
    taskRunId: ctx.taskRunId,
    taskId: ctx.taskId,
  });
  const image = defaultImageFor("shell", config);
  await putIntoWorkingVolume(
    docker,
    volume,
    image,
    labels,
    Object.entries(contents).map(([path, content]) => ({ path, content })),
  );
  if (globs.length === 0) return {};
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const sink = new OutputFileSink(storage, owner, {
    maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  try {
    await collectFromWorkingVolume(docker, volume, image, labels, globs, sink);
  } catch (err) {
    await discardOutputFiles({ db, storage }, owner);
    throw err;
  }
  return saveOutputFiles(db, owner, sink.stored());
}

/** `*.csv`, `out/**` → a whole-name match (`*` within a folder, `**` across folders). */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*\*/g, "\u0000")
    .replace(/\*/g, "[^/]*")
    .replace(/\?/g, "[^/]")
    .replace(/\u0000/g, ".*");
  return new RegExp(`^${source}$`);
}

export const STORAGE_TASK_RUNNERS: Record<string, CoreTaskRunner> = {
  [`${STORAGE}.Write`]: write,
  [`${STORAGE}.Concat`]: concat,
  [`${STORAGE}.Split`]: split,
  [`${STORAGE}.Size`]: size,
  [`${STORAGE}.Delete`]: del,
  [`${STORAGE}.LocalFiles`]: localFiles,
};
