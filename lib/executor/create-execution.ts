import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { getFlow } from "../flows/get-flow";

/** Queues a run of the flow's current revision; the executor picks it up. */
export async function createExecution(db: Db, namespace: string, flowId: string) {
  const flow = await getFlow(db, namespace, flowId);
  return db.execution.create({
    data: {
      id: randomUUID(),
      namespace,
      flowId,
      flowRevision: flow.revision,
      source: flow.source,
      state: "CREATED",
    },
  });
}
