import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { renameKey } from "./rename-key";
import { ZDuration } from "./task-types/common";

/** Kestra's input types (ENUM is the old name of SELECT, BOOL of BOOLEAN). */
export const INPUT_TYPES = [
  "STRING",
  "INT",
  "FLOAT",
  "BOOLEAN",
  "BOOL",
  "SELECT",
  "ENUM",
  "MULTISELECT",
  "DATETIME",
  "DATE",
  "TIME",
  "DURATION",
  "FILE",
  "JSON",
  "YAML",
  "URI",
  "EMAIL",
  "ARRAY",
  "SECRET",
] as const;

export const ZFlowInput = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-zA-Z0-9][.a-zA-Z0-9_-]*$/,
        "must start with a letter or digit and contain only letters, digits, ., _ and -",
      )
      .max(100)
      .describe(
        "Name of the input; read it as `{{ inputs.<id> }}` (dots nest: `a.b` is `inputs.a.b`). Old name: `name`.",
      ),
    type: z.enum(INPUT_TYPES).describe("Type of the value."),
    description: z.string().optional().describe("Shown when someone runs the flow."),
    displayName: z.string().optional().describe("Label shown in the Run form."),
    required: z.boolean().optional().describe("Whether a value must be given when there is no default. Default true."),
    defaults: z.unknown().optional().describe("Value used when none is given."),
    values: z
      .array(z.string())
      .optional()
      .describe("Allowed values (SELECT, ENUM, MULTISELECT). MULTISELECT's old name: `options`."),
    expression: z
      .string()
      .optional()
      .describe(
        "SELECT/MULTISELECT: an expression whose result (a list) gives the values, rendered when the Run form opens and when the run starts, e.g. `{{ kv('regions') }}`.",
      ),
    allowCustomValue: z
      .boolean()
      .optional()
      .describe("SELECT/MULTISELECT: accept a value outside `values`. Old name: `allowInput`."),
    autoSelectFirst: z
      .boolean()
      .optional()
      .describe("SELECT/MULTISELECT: with no `defaults`, the first value is the default."),
    validator: z.string().optional().describe("STRING: a regular expression the whole value must match."),
    minLength: z.number().int().min(0).optional().describe("STRING: shortest value."),
    maxLength: z.number().int().min(0).optional().describe("STRING: longest value."),
    min: z.union([z.number(), ZDuration]).optional().describe("INT/FLOAT: smallest value; DURATION: shortest."),
    max: z.union([z.number(), ZDuration]).optional().describe("INT/FLOAT: largest value; DURATION: longest."),
    after: z.union([z.string(), z.date()]).optional().describe("DATE/DATETIME/TIME: the value must be later."),
    before: z.union([z.string(), z.date()]).optional().describe("DATE/DATETIME/TIME: the value must be earlier."),
    itemType: z.enum(INPUT_TYPES).optional().describe("ARRAY: type of each item."),
    dependsOn: z
      .object({ inputs: z.array(z.string()).optional(), condition: z.string().optional() })
      .strict()
      .optional()
      .describe("Shown only once these inputs are given (and the condition holds)."),
    extension: z.string().optional().describe("FILE: expected file extension."),
    prefill: z
      .unknown()
      .optional()
      .describe("A value the Run form starts with, unlike `defaults` not used when none is given."),
  })
  .strict();

export type TFlowInput = z.infer<typeof ZFlowInput>;

/** Old property names of an input → today's, in place: `name` → `id`, MULTISELECT's `options` →
 *  `values`, `allowInput` → `allowCustomValue` (Kestra accepted each in turn). A new name given too wins. */
export function renameLegacyInputKeys(input: Record<string, unknown>): void {
  for (const [from, to] of LEGACY_INPUT_KEYS) renameKey(input, from, to);
}

const LEGACY_INPUT_KEYS = [
  ["name", "id"],
  ["options", "values"],
  ["allowInput", "allowCustomValue"],
] as const;

/**
 * The inputs a flow's YAML declares, read in the browser (the Run dialog) without the whole flow
 * parser: old property names are read as today's; one that does not fit ZFlowInput is left out (the
 * server refuses such a flow on save anyway).
 */
export function declaredInputs(source: string): TFlowInput[] {
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch {
    return [];
  }
  const list = doc !== null && typeof doc === "object" ? (doc as { inputs?: unknown }).inputs : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown) => {
    if (raw === null || typeof raw !== "object") return [];
    const input = { ...(raw as Record<string, unknown>) };
    renameLegacyInputKeys(input);
    const parsed = ZFlowInput.safeParse(input);
    return parsed.success ? [parsed.data] : [];
  });
}
