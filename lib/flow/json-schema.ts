import { z } from "zod";
import { aliasesOf } from "./aliases";
import { ZFlow } from "./flow-schema";
import { installedManifestDefinitions, MANIFESTS_KEY } from "./task-types/manifest-registry";
import { MANIFEST_STAND_IN } from "./task-types/manifest-stand-in";

type Schema = Record<string, unknown>;

/**
 * The editor's JSON schema, generated from the same zod schema that validates on save,
 * so the two can never disagree.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZFlow, OPTIONS) as Schema;
  acceptOldTypeNames(schema);
  withManifestTypes(schema);
  return {
    ...schema,
    $id: "osprey://schemas/flow.json",
    title: "Osprey flow",
    // The editor registers them too, so its own parse (the topology) knows them.
    [MANIFESTS_KEY]: installedManifestDefinitions().map((d) => d.manifest),
  };
}

const OPTIONS = { target: "draft-7", unrepresentable: "any", io: "input" } as const;

/** The task union without the manifests' stand-in, and with each registered manifest type as a variant of its own. */
function withManifestTypes(schema: Schema): void {
  const definitions = (schema.definitions ?? {}) as Record<string, Schema>;
  const task = definitions.task;
  const key = task?.oneOf ? "oneOf" : "anyOf";
  if (!task?.[key]) return;
  const variants = (task[key] as Schema[]).filter(
    (v) => (v.properties as Record<string, Schema> | undefined)?.type?.const !== MANIFEST_STAND_IN,
  );
  for (const def of installedManifestDefinitions()) {
    const {
      definitions: own,
      $schema: _,
      ...variant
    } = z.toJSONSchema(def.schema.meta({ title: def.title }), OPTIONS) as Schema;
    Object.assign(definitions, own ?? {});
    variants.push(variant);
  }
  task[key] = variants;
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
