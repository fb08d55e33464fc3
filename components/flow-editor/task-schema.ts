/** Reading the flow's JSON schema (generated from the zod schemas) to build the palette and task forms. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  title?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
}

export interface TaskTypeSchema {
  type: string;
  title: string;
  description: string;
  schema: JsonSchema;
}

/** Every task type the schema allows, with its own object schema. */
export function taskTypes(flowSchema: JsonSchema): TaskTypeSchema[] {
  // Tasks nest (flowables hold tasks), so the task union is a definition the list refers to.
  const items = resolveRef(flowSchema, flowSchema.properties?.tasks?.items);
  const alternatives = items?.anyOf ?? items?.oneOf ?? [];
  return alternatives.flatMap((alt) => {
    // A type with old names lists them after its own: `enum: [name, ...oldNames]`.
    const type = alt.properties?.type?.const ?? alt.properties?.type?.enum?.[0];
    if (typeof type !== "string") return [];
    return [
      {
        type,
        title: alt.title ?? type,
        description: alt.description ?? alt.properties?.type?.description ?? "",
        schema: alt,
      },
    ];
  });
}

function resolveRef(root: JsonSchema, schema: JsonSchema | undefined): JsonSchema | undefined {
  const name = schema?.$ref?.replace(/^#\/definitions\//, "");
  return name ? root.definitions?.[name] : schema;
}

/** Starting values for a new task's required properties, so it is valid the moment it is added. */
const STARTERS: Record<string, unknown> = {
  script: "print('hello')\n",
  commands: ["echo hello"],
  message: "hello",
  dockerfile: "FROM osprey/shell:latest\n",
  tags: ["my-image:latest"],
};

export function newTask(type: TaskTypeSchema, existingIds: string[]): Record<string, unknown> {
  const base = type.type.split(".").slice(-2).join("_").toLowerCase();
  let id = base;
  for (let n = 2; existingIds.includes(id); n++) id = `${base}_${n}`;
  const task: Record<string, unknown> = { id, type: type.type };
  for (const key of type.schema.required ?? []) if (!(key in task) && key in STARTERS) task[key] = STARTERS[key];
  return task;
}

export type FieldKind = "object" | "enum" | "boolean" | "number" | "lines" | "text" | "longtext" | "yaml-only";

const LONG_TEXT = new Set(["script", "dockerfile", "message", "description"]);

/** How a property is edited in the form; `yaml-only` ones (free-form maps) are left to the YAML. */
export function fieldKind(name: string, schema: JsonSchema): FieldKind {
  if (schema.properties) return "object";
  if (schema.enum) return "enum";
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("boolean") && types.length === 1) return "boolean";
  if (types.includes("number") || types.includes("integer")) return "number";
  if (types.includes("array") && (schema.items?.type === "string" || schema.items?.anyOf)) return "lines";
  if (types.includes("string")) return LONG_TEXT.has(name) ? "longtext" : "text";
  if (schema.anyOf?.some((a) => a.type === "string")) return LONG_TEXT.has(name) ? "longtext" : "text";
  return "yaml-only";
}
