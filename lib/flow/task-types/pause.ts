import { z } from "zod";
import { ZFlowInput } from "../flow-inputs";
import { ZDuration } from "./common";
import { engineTask } from "./engine-task";
import { handlerShape, ZOptionalTaskList } from "./task-ref";

const FLOW = "io.kestra.plugin.core.flow";

export const pauseTask = engineTask(
  "flowable",
  `${FLOW}.Pause`,
  "Pause",
  "Pause the execution until it is resumed, or until `pauseDuration` has passed.",
  {
    pauseDuration: ZDuration.optional().describe("Resume on its own after this long; without it, wait to be resumed."),
    delay: ZDuration.optional().describe("Old name of `pauseDuration` (read as it)."),
    behavior: z
      .enum(["RESUME", "WARN", "CANCEL", "FAIL"])
      .optional()
      .describe(
        "What happens when `pauseDuration` ends: RESUME (default) goes on, WARN ends the Pause in WARNING, CANCEL cancels the execution, FAIL fails it.",
      ),
    onResume: z
      .array(ZFlowInput)
      .optional()
      .describe("Inputs asked for on resume; read them as `{{ outputs.<id>.onResume.<input> }}`."),
    tasks: ZOptionalTaskList.describe("Deprecated: tasks run after resuming."),
    ...handlerShape,
  },
);

export const sleepTask = engineTask("core", `${FLOW}.Sleep`, "Sleep", "Wait for a duration.", {
  duration: ZDuration.describe("How long to wait, e.g. `PT5S`."),
});

export const pauseTasks = [pauseTask, sleepTask];
