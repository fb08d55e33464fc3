import { z } from "zod";
import { ZTaskBase } from "./common";

/**
 * A task type the engine itself carries out, no container: a flowable runs its child tasks,
 * an executable starts other executions, a core task does its one thing in the server.
 */
export interface EngineTaskDefinition {
  kind: "flowable" | "executable" | "core";
  type: string;
  title: string;
  schema: z.ZodType;
}

/** One definition: `type`, the common task properties, then its own (strict: unknown keys are refused). */
export function engineTask(
  kind: EngineTaskDefinition["kind"],
  type: string,
  title: string,
  description: string,
  shape: z.ZodRawShape,
): EngineTaskDefinition {
  const schema = z
    .object({ type: z.literal(type), ...ZTaskBase, ...shape })
    .strict()
    .describe(description);
  return { kind, type, title, schema };
}
