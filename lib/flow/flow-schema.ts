import { z } from "zod";
import { ZFlowInput } from "./flow-inputs";
import { ZId } from "./task-types/common";
import { TASK_DEFINITIONS, TASK_TYPES } from "./task-types";

const taskSchemas = TASK_DEFINITIONS.map((d) => d.schema) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]];

/** One task: its `type` picks which schema checks the rest. */
export const ZTask = z.union(taskSchemas).describe("A task. Its `type` names what it does.");

export const ZNamespace = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[a-zA-Z0-9][a-zA-Z0-9_-]*)*$/, "must be dot-separated ids, e.g. `company.team`")
  .max(150);

export const ZFlow = z
  .object({
    id: ZId.describe("Id of the flow, unique within its namespace."),
    namespace: ZNamespace.describe("Dot-separated namespace, e.g. `company.team`."),
    description: z.string().optional().describe("What the flow does (Markdown)."),
    labels: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("Key/value labels to find and group flows."),
    inputs: z.array(ZFlowInput).optional().describe("Values given when the flow is run; read them as `{{ inputs.<id> }}`."),
    tasks: z.array(ZTask).min(1, "a flow needs at least one task").describe("Tasks run one after another."),
  })
  .strict()
  .describe("An Osprey (Kestra-compatible) flow.");

/** A validated task: the common properties typed, the rest as its definition's schema allows. */
export type TTask = { id: string; type: string; description?: string; disabled?: boolean } & Record<string, unknown>;

export type TFlow = Omit<z.infer<typeof ZFlow>, "tasks"> & { tasks: TTask[] };

export { TASK_TYPES };
