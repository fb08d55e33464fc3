import { z } from "zod";
import { ZBool } from "./common";
import { engineTask } from "./engine-task";

const CORE = "io.kestra.plugin.core";

export const RESUME_TYPE = `${CORE}.execution.Resume`;
export const TOGGLE_TYPE = `${CORE}.trigger.Toggle`;

export const resumeTask = engineTask(
  "core",
  RESUME_TYPE,
  "Resume",
  "Resume a PAUSED execution: this one by default, or `executionId` (of this namespace, or of the flow `namespace` + `flowId` name, in a namespace this flow may reach).",
  {
    namespace: z
      .string()
      .optional()
      .describe("The namespace of the execution's flow; set it with `flowId` and `executionId`."),
    flowId: z.string().optional().describe("The execution's flow; set it with `namespace` and `executionId`."),
    executionId: z.string().optional().describe("The execution to resume. Default: the current one."),
    inputs: z.record(z.string(), z.unknown()).optional().describe("The Pause's `onResume` inputs, rendered."),
  },
);

export const toggleTask = engineTask(
  "core",
  TOGGLE_TYPE,
  "Toggle trigger",
  "Enable or disable a flow's trigger at run time (as the Triggers page does).",
  {
    namespace: z
      .string()
      .optional()
      .describe(
        "The namespace of the trigger's flow: this flow's (default), one below it, or one that allows this flow's.",
      ),
    flowId: z.string().optional().describe("The trigger's flow. Default: this flow."),
    trigger: z.string().min(1).describe("The id of the trigger."),
    enabled: ZBool.optional().describe("Enable (true) or disable (false, the default) the trigger."),
  },
);

export const controlTasks = [resumeTask, toggleTask];
