import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

/** What a missing flow answers; a flow out of a caller's reach answers the same (lib/namespaces). */
export function flowNotFound(namespace: string, id: string): AppError {
  return new AppError("NOT_FOUND", `flow ${namespace}.${id} not found`);
}

/** The flow's current revision, with who saved it. */
export async function getFlow(db: Db, namespace: string, id: string) {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId: id } },
    include: { revisions: { orderBy: { revision: "desc" }, take: 1, select: { createdBy: true } } },
  });
  if (!flow || flow.deleted) throw flowNotFound(namespace, id);
  const { revisions, ...rest } = flow;
  return { ...rest, savedBy: revisions[0]?.createdBy ?? null };
}
