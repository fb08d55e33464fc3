import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import type { Storage } from "../storage/storage";
import { type FileOwner, taskRunPrefix } from "../storage/storage-keys";
import type { StoredFile } from "./output-file-sink";
import { openInputFile, parseInputFileUri } from "./input-files";

/** Internal URI of a stored output file; downstream tasks pass it to `inputFiles`. */
const SCHEME = "osprey:///";

export type { FileOwner };

/** What reading a stored file needs: its row, and the storage that holds its bytes. */
export interface FileDeps {
  db: Db;
  storage: Storage;
}

export function fileUri(owner: FileOwner, name: string): string {
  return `${SCHEME}executions/${owner.executionId}/tasks/${owner.taskId}/${owner.taskRunId}/${name}`;
}

export function isFileUri(value: string): boolean {
  return value.startsWith(SCHEME);
}

function parseUri(uri: string): { executionId: string; taskRunId: string; name: string } | null {
  const m = /^osprey:\/\/\/executions\/([^/]+)\/tasks\/[^/]+\/([^/]+)\/(.+)$/.exec(uri);
  return m ? { executionId: m[1], taskRunId: m[2], name: m[3] } : null;
}

/** Records a task's stored files (bytes already in storage); returns name → URI for `{{ outputs.<id>.outputFiles['name'] }}`. */
export async function saveOutputFiles(db: Db, owner: FileOwner, files: StoredFile[]): Promise<Record<string, string>> {
  const uris: Record<string, string> = {};
  for (const f of files) {
    const meta = { size: BigInt(f.size), storageKey: f.storageKey, content: null };
    await db.outputFile.upsert({
      where: { taskRunId_name: { taskRunId: owner.taskRunId, name: f.name } },
      create: { id: randomUUID(), ...owner, name: f.name, ...meta },
      update: meta,
    });
    uris[f.name] = fileUri(owner, f.name);
  }
  return uris;
}

/** Removes every file a task run stored, bytes and rows (a cap was passed, or the run failed midway). */
export async function discardOutputFiles(deps: FileDeps, owner: FileOwner): Promise<void> {
  await deps.storage.deletePrefix(taskRunPrefix(owner));
  await deps.db.outputFile.deleteMany({ where: { taskRunId: owner.taskRunId } });
}

/** How many parents up a subflow may read its parents' files (Kestra: a subflow reads the batch its parent gave it). */
const MAX_PARENT_DEPTH = 10;

/** Whether `executionId` is `owner` or one of the executions that started it as a subflow. */
async function mayRead(db: Db, executionId: string, owner: string): Promise<boolean> {
  let current: string | null = executionId;
  for (let depth = 0; current && depth <= MAX_PARENT_DEPTH; depth++) {
    if (current === owner) return true;
    const row: { triggerType: string | null; trigger: string | null } | null = await db.execution.findUnique({
      where: { id: current },
      select: { triggerType: true, trigger: true },
    });
    if (row?.triggerType !== "subflow" || !row.trigger) return false;
    const parent: unknown = (JSON.parse(row.trigger) as { executionId?: unknown }).executionId;
    current = typeof parent === "string" ? parent : null;
  }
  return false;
}

/** Whose files a reader may open: its execution's, and with `fromParents` those of the executions that started it as a subflow. */
export interface ReadScope {
  /** For tasks of a subflow (a ForEachItem's batch, a file passed as an input); not for the API, whose permission is per execution. */
  fromParents?: boolean;
}

/** A stored file by its URI, as a stream; only from `executionId` (or its parents, see ReadScope): never a stranger's. */
export async function openFileByUri(
  deps: FileDeps,
  executionId: string,
  uri: string,
  scope: ReadScope = {},
): Promise<{ name: string; size: number; stream: Readable }> {
  // A FILE input's upload has no row: its URI is its storage key (a subflow may read its parents').
  const input = parseInputFileUri(uri);
  if (input) {
    const fromParent =
      input.executionId !== executionId &&
      scope.fromParents === true &&
      (await mayRead(deps.db, executionId, input.executionId));
    return openInputFile(deps.storage, fromParent ? input.executionId : executionId, uri);
  }
  const parsed = parseUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an Osprey file URI`);
  const allowed =
    parsed.executionId === executionId ||
    (scope.fromParents === true && (await mayRead(deps.db, executionId, parsed.executionId)));
  if (!allowed) throw new AppError("NOT_FOUND", `file ${uri} does not belong to execution ${executionId}`);
  const row = await deps.db.outputFile.findUnique({
    where: { taskRunId_name: { taskRunId: parsed.taskRunId, name: parsed.name } },
    select: { executionId: true, name: true, storageKey: true },
  });
  if (!row || row.executionId !== parsed.executionId) throw new AppError("NOT_FOUND", `file ${uri} not found`);
  if (row.storageKey) {
    const { stream, size } = await deps.storage.get(row.storageKey);
    return { name: row.name, size, stream };
  }
  // A row from before storage existed keeps its bytes in the database: read them only now.
  const legacy = await deps.db.outputFile.findUniqueOrThrow({
    where: { taskRunId_name: { taskRunId: parsed.taskRunId, name: parsed.name } },
    select: { content: true },
  });
  const content = Buffer.from(legacy.content ?? new Uint8Array());
  return { name: row.name, size: content.length, stream: Readable.from([content]) };
}

/**
 * A stored file's bytes in memory (for `inputFiles`, which are copied into the next container).
 * Bounded: a file was stored only under OSPREY_MAX_OUTPUT_FILE_BYTES, and `maxBytes` is checked again.
 */
export async function readFileByUri(
  deps: FileDeps,
  executionId: string,
  uri: string,
  maxBytes = Infinity,
  scope: ReadScope = {},
): Promise<{ name: string; content: Buffer }> {
  const file = await openFileByUri(deps, executionId, uri, scope);
  if (file.size > maxBytes) {
    file.stream.destroy();
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `file ${uri} is ${file.size} bytes, more than ${maxBytes} (OSPREY_MAX_OUTPUT_FILE_BYTES)`,
    );
  }
  const parts: Buffer[] = [];
  for await (const chunk of file.stream) parts.push(chunk as Buffer);
  return { name: file.name, content: Buffer.concat(parts) };
}

/** Deletes one of `executionId`'s own files (bytes and row); false when there was none. */
export async function deleteFileByUri(deps: FileDeps, executionId: string, uri: string): Promise<boolean> {
  const parsed = parseUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an Osprey file URI`);
  if (parsed.executionId !== executionId)
    throw new AppError("NOT_FOUND", `file ${uri} does not belong to execution ${executionId}`);
  const row = await deps.db.outputFile.findUnique({
    where: { taskRunId_name: { taskRunId: parsed.taskRunId, name: parsed.name } },
    select: { id: true, executionId: true, storageKey: true },
  });
  if (!row || row.executionId !== executionId) return false;
  if (row.storageKey) await deps.storage.delete(row.storageKey);
  await deps.db.outputFile.delete({ where: { id: row.id } });
  return true;
}

export async function listOutputFiles(db: Db, executionId: string) {
  const rows = await db.outputFile.findMany({
    where: { executionId },
    select: { taskRunId: true, taskId: true, name: true, size: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({
    ...r,
    size: Number(r.size),
    uri: fileUri({ executionId, taskRunId: r.taskRunId, taskId: r.taskId }, r.name),
  }));
}
