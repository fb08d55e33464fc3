import { z } from "zod";
import { LOG_LEVELS, ZLabelsInput } from "./common";
import { engineTask } from "./engine-task";

const CORE = "io.kestra.plugin.core";

export const failTask = engineTask(
  "core",
  `${CORE}.execution.Fail`,
  "Fail",
  "Fail the execution, or only when `condition` holds.",
  {
    condition: z.union([z.string(), z.boolean()]).optional().describe("Expression; fail only when it is true."),
    errorMessage: z.string().optional().describe("Why it failed. Default `Task failure`."),
  },
);

export const labelsTask = engineTask(
  "core",
  `${CORE}.execution.Labels`,
  "Labels",
  "Add or change labels of the running execution.",
  {
    labels: z
      .union([z.string(), ZLabelsInput])
      .describe("A map, a list of `{key, value}`, or an expression that renders to a JSON map."),
  },
);

export const outputValuesTask = engineTask(
  "core",
  `${CORE}.output.OutputValues`,
  "Output Values",
  "Give values as outputs: `{{ outputs.<id>.values.<key> }}`.",
  {
    values: z.record(z.string(), z.unknown()).describe("Key → value; values are rendered."),
  },
);

export const returnTask = engineTask("core", `${CORE}.debug.Return`, "Return", "Render a text as the output `value`.", {
  format: z.string().optional().describe("Text to render; read it as `{{ outputs.<id>.value }}`."),
});

export const echoTask = engineTask(
  "core",
  `${CORE}.debug.Echo`,
  "Echo (deprecated)",
  "Deprecated: use Log. Write a rendered text to the log.",
  {
    format: z.string().min(1, "format must not be empty").describe("Text to log."),
    level: z.enum(LOG_LEVELS).optional().describe("Level of the line. Default INFO."),
  },
);

export const fetchTask = engineTask(
  "core",
  `${CORE}.log.Fetch`,
  "Fetch logs",
  "Store an execution's logs in a file: `outputs.<id>.uri`, and `outputs.<id>.size` lines.",
  {
    executionId: z
      .string()
      .optional()
      .describe(
        "The execution whose logs to fetch (in a namespace this flow may reach: its own, one below it, or one that allows it). Default: this execution.",
      ),
    namespace: z
      .string()
      .optional()
      .describe("Accepted for Kestra's flows; the execution must be in a namespace this flow may reach."),
    flowId: z.string().optional().describe("Accepted for Kestra's flows."),
    tasksId: z.array(z.string()).optional().describe("Only the logs of these tasks."),
    level: z.enum(LOG_LEVELS).optional().describe("The lowest level fetched. Default INFO."),
  },
);

export const coreTasks = [failTask, labelsTask, outputValuesTask, returnTask, echoTask, fetchTask];
