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

/** A stored file by its URI, as a stream; only from `executionId` (a flow cannot read another execution's files). */
export async function openFileByUri(deps: FileDeps, executionId: string, uri: string): Promise<{ name: string; size: number; stream: Readable }> {
  // A FILE input's upload has no row: its URI is its storage key.
  if (parseInputFileUri(uri)) return openInputFile(deps.storage, executionId, uri);
  const parsed = parseUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an Osprey file URI`);
  if (parsed.executionId !== executionId) throw new AppError("NOT_FOUND", `file ${uri} does not belong to execution ${executionId}`);
  const row = await deps.db.outputFile.findUnique({
    where: { taskRunId_name: { taskRunId: parsed.taskRunId, name: parsed.name } },
    select: { executionId: true, name: true, storageKey: true },
  });
  if (!row || row.executionId !== executionId) throw new AppError("NOT_FOUND", `file ${uri} not found`);
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
export async function readFileByUri(deps: FileDeps, executionId: string, uri: string, maxBytes = Infinity): Promise<{ name: string; content: Buffer }> {
  const file = await openFileByUri(deps, executionId, uri);
  if (file.size > maxBytes) {
    file.stream.destroy();
    throw new AppError("PAYLOAD_TOO_LARGE", `file ${uri} is ${file.size} bytes, more than ${maxBytes} (OSPREY_MAX_OUTPUT_FILE_BYTES)`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of file.stream) parts.push(chunk as Buffer);
  return { name: file.name, content: Buffer.concat(parts) };
}

export async function listOutputFiles(db: Db, executionId: string) {
  const rows = await db.outputFile.findMany({
    where: { executionId },
    select: { taskRunId: true, taskId: true, name: true, size: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r, size: Number(r.size), uri: fileUri({ executionId, taskRunId: r.taskRunId, taskId: r.taskId }, r.name) }));
}
