import { z } from "zod";
import { ZBool, ZDuration, ZNumber } from "./common";
import { engineTask } from "./engine-task";
import { handlerShape, ZTaskList } from "./task-ref";

const FLOW = "io.kestra.plugin.core.flow";

/** A list of values, or text that renders to a JSON list. */
const ZValues = z.union([z.string(), z.array(z.unknown())]);

export const forEachTask = engineTask(
  "flowable",
  `${FLOW}.ForEach`,
  "For Each",
  "Run the tasks once per value, `{{ taskrun.value }}` being the value.",
  {
    values: ZValues.describe("A list, or an expression that renders to a JSON list."),
    concurrencyLimit: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe("How many values run at once: 1 (default) one after another, 0 all at once."),
    tasks: ZTaskList.min(1, "a ForEach needs at least one task").describe(
      "Tasks run for each value, one after another.",
    ),
    ...handlerShape,
  },
);

export const eachSequentialTask = engineTask(
  "flowable",
  `${FLOW}.EachSequential`,
  "Each Sequential (deprecated)",
  "Deprecated: use ForEach. Run the tasks for each value, one value after another.",
  {
    value: ZValues.describe("A list, or an expression that renders to a JSON list."),
    tasks: ZTaskList.min(1, "an EachSequential needs at least one task").describe("Tasks run for each value."),
    ...handlerShape,
  },
);

export const eachParallelTask = engineTask(
  "flowable",
  `${FLOW}.EachParallel`,
  "Each Parallel (deprecated)",
  "Deprecated: use ForEach with concurrencyLimit. Run the tasks of every value at once.",
  {
    value: ZValues.describe("A list, or an expression that renders to a JSON list."),
    concurrent: z.number().int().min(0).default(0).describe("How many task runs at once; 0 (default): no limit."),
    tasks: ZTaskList.min(1, "an EachParallel needs at least one task").describe("Tasks run for each value."),
    ...handlerShape,
  },
);

export const waitForTask = engineTask(
  "flowable",
  `${FLOW}.WaitFor`,
  "Wait For",
  "Run the tasks again and again until the condition holds.",
  {
    condition: z
      .union([z.string(), z.boolean()])
      .describe("Expression checked after each round; the loop ends when it is true."),
    tasks: ZTaskList.min(1, "a WaitFor needs at least one task").describe("Tasks run each round."),
    failOnMaxReached: ZBool.optional().describe("Fail when the limits below are reached. Default false."),
    checkFrequency: z
      .object({
        maxIterations: ZNumber.optional().describe("Most rounds. Default 100."),
        maxDuration: ZDuration.optional().describe("Longest time in all. Default PT1H."),
        interval: ZDuration.optional().describe("Wait between rounds. Default PT1S."),
      })
      .strict()
      .optional()
      .describe("Limits of the loop."),
    ...handlerShape,
  },
);

export const flowLoopTasks = [forEachTask, eachSequentialTask, eachParallelTask, waitForTask];
