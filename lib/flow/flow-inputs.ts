import { z } from "zod";
import { AppError } from "../errors/app-error";
import { ZId } from "./task-types/common";

export const INPUT_TYPES = ["STRING", "INT", "FLOAT", "BOOLEAN", "JSON", "SELECT", "DATETIME", "URI"] as const;

export const ZFlowInput = z
  .object({
    id: ZId.describe("Name of the input; read it as `{{ inputs.<id> }}`."),
    type: z.enum(INPUT_TYPES).describe("Type of the value."),
    description: z.string().optional().describe("Shown when someone runs the flow."),
    required: z.boolean().optional().describe("Whether a value must be given when there is no default. Default true."),
    defaults: z.unknown().optional().describe("Value used when none is given."),
    values: z.array(z.string()).optional().describe("Allowed values (SELECT)."),
  })
  .strict();

export type TFlowInput = z.infer<typeof ZFlowInput>;

/** Values given for a run, checked and typed against the flow's declared inputs (defaults filled in). */
export function resolveInputs(declared: TFlowInput[], given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const input of declared) {
    const raw = given[input.id] ?? input.defaults;
    if (raw === undefined || raw === null || raw === "") {
      if (input.required !== false) problems.push(`input ${input.id} is required`);
      continue;
    }
    try {
      out[input.id] = coerce(input, raw);
    } catch (err) {
      problems.push(`input ${input.id}: ${(err as Error).message}`);
    }
  }
  for (const key of Object.keys(given)) if (!declared.some((d) => d.id === key)) problems.push(`input ${key} is not declared by the flow`);
  if (problems.length) throw new AppError("BAD_REQUEST", problems.join("; "), problems.map((message) => ({ message })));
  return out;
}

function coerce(input: TFlowInput, raw: unknown): unknown {
  switch (input.type) {
    case "INT": {
      const n = Number(raw);
      if (!Number.isInteger(n)) throw new Error(`expected an integer, got "${String(raw)}"`);
      return n;
    }
    case "FLOAT": {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`expected a number, got "${String(raw)}"`);
      return n;
    }
    case "BOOLEAN":
      if (raw === true || raw === "true") return true;
      if (raw === false || raw === "false") return false;
      throw new Error(`expected true or false, got "${String(raw)}"`);
    case "JSON":
      return typeof raw === "string" ? JSON.parse(raw) : raw;
    case "SELECT":
      if (input.values && !input.values.includes(String(raw))) throw new Error(`must be one of ${input.values.join(", ")}`);
      return String(raw);
    default:
      return String(raw);
  }
}
