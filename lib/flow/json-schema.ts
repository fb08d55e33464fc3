import { z } from "zod";
import { ZFlow } from "./flow-schema";

/**
 * The editor's JSON schema, generated from the same zod schema that validates on save,
 * so the two can never disagree.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZFlow, { target: "draft-7", unrepresentable: "any", io: "input" }) as Record<string, unknown>;
  return { ...schema, $id: "osprey://schemas/flow.json", title: "Osprey flow" };
}
