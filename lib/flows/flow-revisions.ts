import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

async function flowRef(db: Db, namespace: string, id: string): Promise<string> {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId: id } },
    select: { id: true, deleted: true },
  });
  if (!flow || flow.deleted) throw new AppError("NOT_FOUND", `flow ${namespace}.${id} not found`);
  return flow.id;
}

/** Every saved revision of a flow, newest first, with who saved it. */
export async function listRevisions(db: Db, namespace: string, id: string) {
  return db.flowRevision.findMany({
    where: { flowRef: await flowRef(db, namespace, id) },
    orderBy: { revision: "desc" },
    select: { revision: true, createdBy: true, createdAt: true },
  });
}

/** One revision's YAML exactly as it was saved. */
export async function getRevision(db: Db, namespace: string, id: string, revision: number) {
  const row = await db.flowRevision.findUnique({
    where: { flowRef_revision: { flowRef: await flowRef(db, namespace, id), revision } },
    select: { revision: true, source: true, createdBy: true, createdAt: true },
  });
  if (!row) throw new AppError("NOT_FOUND", `flow ${namespace}.${id} has no revision ${revision}`);
  return row;
}
