import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { resolveInputs } from "../flow/flow-inputs";
import { parseFlow } from "../flow/parse-flow";
import { getFlow } from "../flows/get-flow";

/** Queues a run of the flow's current revision with checked inputs; the executor picks it up. */
export async function createExecution(db: Db, namespace: string, flowId: string, givenInputs: Record<string, unknown> = {}, startedBy?: string) {
  const flow = await getFlow(db, namespace, flowId);
  const parsed = parseFlow(flow.source);
  const inputs = parsed.ok ? resolveInputs(parsed.flow.inputs ?? [], givenInputs) : {};
  return db.execution.create({
    data: {
      id: randomUUID(),
      namespace,
      flowId,
      flowRevision: flow.revision,
      source: flow.source,
      inputs: JSON.stringify(inputs),
      state: "CREATED",
      startedBy,
    },
  });
}
