import { z } from "zod";
import { ZNamespaceFiles, ZStringList } from "./common";
import { engineTask } from "./engine-task";
import { handlerShape, ZTaskList, ZTaskRef } from "./task-ref";

const FLOW = "io.kestra.plugin.core.flow";

export const sequentialTask = engineTask(
  "flowable",
  `${FLOW}.Sequential`,
  "Sequential",
  "Run tasks one after another, as a group with its own `errors` and `finally`.",
  {
    tasks: ZTaskList.describe("Tasks run one after another."),
    ...handlerShape,
  },
);

export const parallelTask = engineTask("flowable", `${FLOW}.Parallel`, "Parallel", "Run tasks at the same time.", {
  tasks: ZTaskList.min(1, "a Parallel needs at least one task").describe("Tasks started together."),
  concurrent: z.number().int().min(0).default(0).describe("How many tasks run at once; 0 (default) starts them all."),
  ...handlerShape,
});

export const allowFailureTask = engineTask(
  "flowable",
  `${FLOW}.AllowFailure`,
  "Allow Failure",
  "Run tasks one after another; if they fail, end in WARNING and let the flow go on.",
  {
    tasks: ZTaskList.min(1, "an AllowFailure needs at least one task").describe("Tasks run one after another."),
    ...handlerShape,
  },
);

export const workingDirectoryTask = engineTask(
  "flowable",
  `${FLOW}.WorkingDirectory`,
  "Working Directory",
  "Run tasks one after another in one shared working directory, so files written by one are read by the next.",
  {
    tasks: ZTaskList.min(1, "a WorkingDirectory needs at least one task").describe(
      "Tasks run one after another in the same directory.",
    ),
    inputFiles: z
      .union([z.record(z.string(), z.string()), z.string()])
      .optional()
      .describe("Files to create in the directory first: file name → content (or another task's output file URI)."),
    outputFiles: ZStringList.optional().describe(
      "Globs of files to keep at the end; read them as `{{ outputs.<id>.outputFiles['name'] }}`.",
    ),
    namespaceFiles: ZNamespaceFiles.optional(),
    cache: z
      .object({
        patterns: ZStringList.min(1).describe("Globs of files to cache between executions."),
        ttl: z.string().optional().describe("How long the cache is kept, e.g. `PT1H`."),
      })
      .strict()
      .optional()
      .describe("Keep files between executions."),
    ...handlerShape,
  },
);

const ZDagTask = z
  .object({
    task: ZTaskRef.describe("The task."),
    dependsOn: ZStringList.optional().describe("Ids of tasks of this Dag that must end before this one starts."),
  })
  .strict();

export const dagTask = engineTask(
  "flowable",
  `${FLOW}.Dag`,
  "DAG",
  "Run tasks as soon as the tasks they depend on have ended.",
  {
    tasks: z
      .array(ZDagTask)
      .min(1, "a Dag needs at least one task")
      .describe("Each entry: `task` and the ids it `dependsOn`."),
    concurrent: z.number().int().min(0).default(0).describe("How many tasks run at once; 0 (default): no limit."),
    ...handlerShape,
  },
);

export const flowGroupTasks = [sequentialTask, parallelTask, allowFailureTask, workingDirectoryTask, dagTask];
