import { z } from "zod";
import { engineTask } from "./engine-task";
import { handlerShape, ZOptionalTaskList, ZTaskList } from "./task-ref";

const FLOW = "io.kestra.plugin.core.flow";

// Kestra reads these as text; YAML gives `true` or `3` unquoted, which mean the same.
const ZScalar = z.union([z.string(), z.number(), z.boolean()]);

export const ifTask = engineTask("flowable", `${FLOW}.If`, "If", "Run `then` when the condition holds, else `else`.", {
  condition: ZScalar.describe("Expression; false, 0, -0 and empty text are false, anything else is true."),
  then: ZTaskList.min(1, "an If needs at least one task in `then`").describe("Tasks run when the condition holds."),
  else: ZOptionalTaskList.describe("Tasks run when it does not."),
  ...handlerShape,
});

export const switchTask = engineTask(
  "flowable",
  `${FLOW}.Switch`,
  "Switch",
  "Run the tasks of the case named by `value`, else `defaults`.",
  {
    value: ZScalar.describe("Expression whose text picks the case."),
    cases: z
      .record(z.string(), ZTaskList)
      .refine((cases) => Object.keys(cases).length > 0, "a Switch needs at least one case")
      .describe("Case value → tasks."),
    defaults: ZOptionalTaskList.describe("Tasks run when no case matches (without them, no match fails the Switch)."),
    ...handlerShape,
  },
);

export const flowBranchTasks = [ifTask, switchTask];
