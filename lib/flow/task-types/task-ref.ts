import { z } from "zod";

/**
 * Flowable tasks hold tasks of any type, and the union of every type is built from the
 * definitions that hold them: the children point at it through this lazy reference, which
 * task-types/index.ts fills in once every definition exists (no import cycle).
 */
let taskSchema: z.ZodType | undefined;

export function setTaskSchema(schema: z.ZodType): void {
  taskSchema = schema;
}

export const ZTaskRef: z.ZodType = z.lazy(() => {
  if (!taskSchema) throw new Error("task schema used before task-types/index.ts registered it");
  return taskSchema;
});

/** A list of child tasks (of any type). */
export const ZTaskList = z.array(ZTaskRef);

/** An optional list of tasks; Kestra reads an empty `key:` (null) as no tasks. */
export const ZOptionalTaskList = ZTaskList.nullish();

/** `errors` and `finally` as every flowable has them in Kestra. */
export const handlerShape = {
  errors: ZTaskList.nullish().describe("Tasks run when one of the tasks fails; the task still ends FAILED."),
  finally: ZTaskList.nullish().describe("Tasks run at the end, whether the tasks succeeded or failed."),
};
