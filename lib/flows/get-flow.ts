import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

export async function getFlow(db: Db, namespace: string, id: string) {
  const flow = await db.flow.findUnique({ where: { namespace_flowId: { namespace, flowId: id } } });
  if (!flow || flow.deleted) throw new AppError("NOT_FOUND", `flow ${namespace}.${id} not found`);
  return flow;
}
