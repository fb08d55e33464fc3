import "server-only";
import { z } from "zod";
import { authorizeIn } from "../auth/refusal";
import type { Person } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { ZNamespace } from "../flow/flow-schema";
import { ZId } from "../flow/task-types/common";
import { saveFlow } from "../flows/save-flow";
import { getExample } from "./example-catalog";
import { withFlowIdentity } from "./flow-identity";

/** `POST /api/v1/examples/{id}/use` body: where the new flow goes and its id. */
export const ZUseExample = z.object({ namespace: ZNamespace, id: ZId }).strict();
export type TUseExample = z.infer<typeof ZUseExample>;

/**
 * Creates a flow from an example in a namespace the person may write, through the same save as the
 * editor (validation, caps, triggers, revision history). CONFLICT when that flow exists already.
 */
export async function createFlowFromExample(
  db: Db,
  person: Person,
  exampleId: string,
  target: TUseExample,
  savedBy: string,
) {
  const example = getExample(exampleId);
  authorizeIn(person, "flow:write", target.namespace);
  const source = withFlowIdentity(example.source, target.namespace, target.id);
  return saveFlow(db, source, { create: true }, savedBy);
}
