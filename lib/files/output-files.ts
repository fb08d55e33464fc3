import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

/** Internal URI of a stored output file; downstream tasks pass it to `inputFiles`. */
const SCHEME = "osprey:///";

export interface FileOwner {
  executionId: string;
  taskRunId: string;
  taskId: string;
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

/** Stores a task's files; returns name → URI for `{{ outputs.<id>.outputFiles['name'] }}`. */
export async function saveOutputFiles(db: Db, owner: FileOwner, files: { name: string; content: Buffer }[]): Promise<Record<string, string>> {
  const uris: Record<string, string> = {};
  for (const f of files) {
    await db.outputFile.upsert({
      where: { taskRunId_name: { taskRunId: owner.taskRunId, name: f.name } },
      create: { id: randomUUID(), ...owner, name: f.name, size: f.content.length, content: new Uint8Array(f.content) },
      update: { size: f.content.length, content: new Uint8Array(f.content) },
    });
    uris[f.name] = fileUri(owner, f.name);
  }
  return uris;
}

/** A stored file by its URI; only from `executionId` (a flow cannot read another execution's files). */
export async function readFileByUri(db: Db, executionId: string, uri: string): Promise<{ name: string; content: Buffer }> {
  const parsed = parseUri(uri);
  if (!parsed) throw new AppError("BAD_REQUEST", `"${uri}" is not an Osprey file URI`);
  if (parsed.executionId !== executionId) throw new AppError("NOT_FOUND", `file ${uri} does not belong to execution ${executionId}`);
  const row = await db.outputFile.findUnique({ where: { taskRunId_name: { taskRunId: parsed.taskRunId, name: parsed.name } } });
  if (!row || row.executionId !== executionId) throw new AppError("NOT_FOUND", `file ${uri} not found`);
  return { name: row.name, content: Buffer.from(row.content) };
}

export async function listOutputFiles(db: Db, executionId: string) {
  const rows = await db.outputFile.findMany({
    where: { executionId },
    select: { taskRunId: true, taskId: true, name: true, size: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ ...r, uri: fileUri({ executionId, taskRunId: r.taskRunId, taskId: r.taskId }, r.name) }));
}
