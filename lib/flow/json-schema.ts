import { z } from "zod";
import { aliasesOf } from "./aliases";
import { ZFlow } from "./flow-schema";

type Schema = Record<string, unknown>;

/**
 * The editor's JSON schema, generated from the same zod schema that validates on save,
 * so the two can never disagree.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZFlow, { target: "draft-7", unrepresentable: "any", io: "input" }) as Schema;
  acceptOldTypeNames(schema);
  return { ...schema, $id: "osprey://schemas/flow.json", title: "Osprey flow" };
}

/**
 * Old type names are rewritten before validation, so save accepts them; let the editor accept
 * them too: a task variant's `type` is its name (first) or one of its old names.
 */
function acceptOldTypeNames(schema: Schema): void {
  const task = (schema.definitions as Record<string, Schema> | undefined)?.task;
  for (const variant of (task?.oneOf ?? task?.anyOf ?? []) as Schema[]) {
    const props = variant.properties as Record<string, Schema>;
    const type = props.type?.const;
    if (typeof type !== "string") continue;
    const aliases = aliasesOf(type);
    if (aliases.length > 0)
      props.type = {
        type: "string",
        enum: [type, ...aliases],
        description: `${type} (old names: ${aliases.join(", ")})`,
      };
  }
}
