import { z } from "zod";
import { type ScriptTaskDefinition, scriptTaskShape } from "./script-language";
import { shellTasks } from "./shell";

// A task type a team adds without code: a manifest names the type, documents it, gives the JSON
// schema of its properties, an image and the commands to run there. Osprey turns it into a script
// task (a Shell Commands task in that image), so it runs under the same container rules as every
// script task and reports outputs by the same `::{"outputs":…}::` protocol.

/** Names a manifest's properties may not take: every script task's own, and lists the engine walks as tasks. */
const RESERVED = new Set([
  ...Object.keys(scriptTaskShape),
  "type",
  "commands",
  "script",
  "tasks",
  "errors",
  "finally",
  "then",
  "else",
  "defaults",
  "cases",
]);

/** `acme.tasks.Hello`: at least two dot-separated parts; Kestra's and Osprey's own packages are not a team's to take. */
const TYPE_NAME = /^[a-zA-Z_][\w-]*(\.[a-zA-Z_][\w-]*)+$/;
const TAKEN_PREFIXES = ["io.kestra.", "io.osprey."];

const ZJsonSchemaObject = z
  .object({
    type: z.literal("object").optional(),
    properties: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    required: z.array(z.string()).optional(),
    additionalProperties: z.literal(false).optional(),
  })
  .catchall(z.unknown())
  .describe("JSON Schema (an object) of the task's own properties: their types, defaults and descriptions.");

export const ZTaskManifest = z
  .object({
    type: z
      .string()
      .regex(TYPE_NAME, "must be a dotted name such as acme.tasks.Hello")
      .max(200)
      .refine((t) => !TAKEN_PREFIXES.some((p) => t.startsWith(p)), "io.kestra.* and io.osprey.* names are reserved")
      .describe("The task type flows write, e.g. `acme.tasks.Hello`."),
    title: z.string().min(1).max(200).describe("Shown in the editor's palette and hover."),
    description: z.string().max(20_000).optional().describe("Markdown shown as the type's documentation."),
    image: z.string().min(1).max(500).describe("The image the task runs in (under the server's image rules)."),
    commands: z
      .array(z.string())
      .min(1, "commands must list at least one command")
      .describe("Shell commands run in the working directory, which holds the properties file."),
    properties: ZJsonSchemaObject.optional(),
    propertiesAs: z
      .object({
        env: z
          .union([z.string().regex(/^[A-Z_][A-Z0-9_]*$|^$/, "an environment prefix such as PROP_"), z.literal(false)])
          .default("PROP_")
          .describe("Each property as `<prefix><NAME>` (lists and maps as JSON); false: none. Default PROP_."),
        file: z
          .union([
            z
              .string()
              .regex(/^[\w.-]+$/, "a file name in the working directory")
              .refine((n) => n !== "." && n !== ".."),
            z.literal(false),
          ])
          .default("properties.json")
          .describe("All properties as one JSON file in the working directory; false: none. Default properties.json."),
      })
      .strict()
      .optional()
      .describe("How the properties reach the container."),
    outputs: z
      .record(z.string(), z.object({ type: z.string().optional(), description: z.string().optional() }).strict())
      .optional()
      .describe('The outputs the commands report (`::{"outputs": {...}}::`), for the documentation.'),
    example: z.string().max(20_000).optional().describe("A task using the type, in YAML, for the documentation."),
  })
  .strict()
  .superRefine((manifest, ctx) => {
    for (const name of Object.keys(manifest.properties?.properties ?? {})) {
      if (RESERVED.has(name))
        ctx.addIssue({
          code: "custom",
          path: ["properties", "properties", name],
          message: `"${name}" is a property every task has; name it otherwise`,
        });
    }
    try {
      propertiesSchema(manifest.properties);
    } catch (err) {
      ctx.addIssue({
        code: "custom",
        path: ["properties"],
        message: `not a JSON schema Osprey can read: ${(err as Error).message}`,
      });
    }
  });

export type TTaskManifest = z.infer<typeof ZTaskManifest>;

const SHELL = shellTasks[0].language;

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** The manifest's properties as zod (z.fromJSONSchema), each one strict. */
function propertiesSchema(properties: TTaskManifest["properties"]): ObjectSchema {
  const schema = z.fromJSONSchema({ type: "object", additionalProperties: false, ...(properties ?? {}) });
  if (!(schema instanceof z.ZodObject)) throw new Error("its top level must be an object with `properties`");
  return schema as ObjectSchema;
}

/** Text with an expression: rendered when the task runs, so its type is checked then. */
const ZExpressionText = z.string().regex(/\{\{|\{%/, "an expression");

/**
 * A flow's task of this type: the script task's properties, and the manifest's, each of which may
 * also be an expression (checked against the schema once rendered). The image and commands are the
 * manifest's, not the flow's.
 */
export function manifestDefinition(manifest: TTaskManifest): ScriptTaskDefinition & { manifest: TTaskManifest } {
  const strict = propertiesSchema(manifest.properties);
  const lenient = Object.fromEntries(
    Object.entries(strict.shape).map(([name, schema]) => {
      const optional = schema instanceof z.ZodOptional || schema instanceof z.ZodDefault;
      const either = z.union([schema, ZExpressionText]);
      const described = (schema as z.ZodType).description;
      return [name, (optional ? either.optional() : either).describe(described ?? name)];
    }),
  );
  const { containerImage: _image, ...common } = scriptTaskShape;
  const own = Object.keys(strict.shape);
  return {
    kind: "script",
    type: manifest.type,
    variant: "Commands",
    language: SHELL,
    title: manifest.title,
    defaultImage: manifest.image,
    manifest,
    schema: z
      .object({ type: z.literal(manifest.type), ...common, ...lenient })
      .strict()
      .describe(manifest.description ?? manifest.title),
    adapt: (task) => {
      const values = checkedProperties(strict, task, own);
      const rest = Object.fromEntries(Object.entries(task).filter(([k]) => !own.includes(k)));
      const as = { env: "PROP_", file: "properties.json", ...(manifest.propertiesAs ?? {}) } as {
        env: string | false;
        file: string | false;
      };
      const env =
        as.env === false
          ? {}
          : Object.fromEntries(Object.entries(values).map(([k, v]) => [`${as.env}${envName(k)}`, envValue(v)]));
      const given = task.inputFiles;
      const inputFiles =
        as.file === false || typeof given === "string"
          ? given
          : { [as.file]: JSON.stringify(values), ...((given as Record<string, string>) ?? {}) };
      return {
        ...rest,
        commands: manifest.commands,
        env: { ...env, ...((task.env as Record<string, string>) ?? {}) },
        ...(inputFiles === undefined ? {} : { inputFiles }),
      };
    },
  };
}

/** The rendered properties checked against the manifest's schema (defaults applied); text that reads as a number, boolean or JSON is read so first where the schema wants one. */
function checkedProperties(
  strict: ObjectSchema,
  task: Record<string, unknown>,
  own: string[],
): Record<string, unknown> {
  const given = Object.fromEntries(own.filter((k) => task[k] !== undefined).map((k) => [k, task[k]]));
  const first = strict.safeParse(given);
  if (first.success) return first.data;
  const read = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === "string" ? jsonOr(v) : v]));
  const second = strict.safeParse(read);
  if (second.success) return second.data;
  const issue = first.error.issues[0];
  throw new Error(`property ${issue.path.join(".") || "?"}: ${issue.message}`);
}

function jsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `maxRows` → `MAX_ROWS`, `output-dir` → `OUTPUT_DIR`. */
function envName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^a-zA-Z0-9_]/g, "_")
    .toUpperCase();
}

function envValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
