import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { parseManifest } from "./parse-manifest";
import { syncManifestTypes } from "./manifest-sync";

export interface SavedManifest {
  type: string;
  revision: number;
  changed: boolean;
}

/**
 * Stores a manifest's YAML exactly as written as the type's next revision (an unchanged source keeps
 * its revision), then registers it in this process at once; other processes see it at their next sync.
 * `expectType` pins the type for an update, so a body cannot overwrite another type.
 */
export async function saveManifest(
  db: Db,
  source: string,
  savedBy: string | undefined,
  expectType?: string,
): Promise<SavedManifest> {
  const { type } = parseManifest(source);
  if (expectType !== undefined && expectType !== type)
    throw new AppError("BAD_REQUEST", `type: the manifest names ${type}, not ${expectType}`);
  const saved = await db.$transaction(async (tx) => {
    const current = await tx.taskManifest.findUnique({ where: { type } });
    if (current?.source === source) return { type, revision: current.revision, changed: false };
    const revision = (current?.revision ?? 0) + 1;
    const row = current
      ? await tx.taskManifest.update({ where: { id: current.id }, data: { source, revision } })
      : await tx.taskManifest.create({ data: { type, source, revision } });
    await tx.taskManifestRevision.create({ data: { manifestRef: row.id, revision, source, createdBy: savedBy } });
    return { type, revision, changed: true };
  });
  await syncManifestTypes(db, { force: true });
  return saved;
}

export async function listManifests(db: Db) {
  return db.taskManifest.findMany({
    orderBy: { type: "asc" },
    select: { type: true, revision: true, source: true, updatedAt: true },
  });
}

export async function getManifest(db: Db, type: string) {
  const row = await db.taskManifest.findUnique({
    where: { type },
    select: { type: true, revision: true, source: true, updatedAt: true },
  });
  if (!row) throw new AppError("NOT_FOUND", `task type ${type} is not registered`);
  return row;
}

/** Every revision, newest first, with its source and who saved it. */
export async function listManifestRevisions(db: Db, type: string) {
  const row = await db.taskManifest.findUnique({ where: { type }, select: { id: true } });
  if (!row) throw new AppError("NOT_FOUND", `task type ${type} is not registered`);
  return db.taskManifestRevision.findMany({
    where: { manifestRef: row.id },
    orderBy: { revision: "desc" },
    select: { revision: true, source: true, createdBy: true, createdAt: true },
  });
}

/** Removes the type and its revisions; flows that use it are then refused as naming an unknown type. */
export async function deleteManifest(db: Db, type: string): Promise<void> {
  const { count } = await db.taskManifest.deleteMany({ where: { type } });
  if (count === 0) throw new AppError("NOT_FOUND", `task type ${type} is not registered`);
  await syncManifestTypes(db, { force: true });
}
