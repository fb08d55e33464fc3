import type { Db } from "../db/create-client";
import { removeTriggerStates } from "./trigger-state-sync";
import { getFlow } from "./get-flow";

/** Soft delete: revisions and past executions stay readable. */
export async function deleteFlow(db: Db, namespace: string, id: string): Promise<void> {
  const flow = await getFlow(db, namespace, id);
  await db.flow.update({ where: { id: flow.id }, data: { deleted: true } });
  await removeTriggerStates(db, namespace, id);
}
