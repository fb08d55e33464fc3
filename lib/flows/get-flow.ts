import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

/** The flow's current revision, with who saved it. */
export async function getFlow(db: Db, namespace: string, id: string) {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId: id } },
    include: { revisions: { orderBy: { revision: "desc" }, take: 1, select: { createdBy: true } } },
  });
  if (!flow || flow.deleted) throw new AppError("NOT_FOUND", `flow ${namespace}.${id} not found`);
  const { revisions, ...rest } = flow;
  return { ...rest, savedBy: revisions[0]?.createdBy ?? null };
}
