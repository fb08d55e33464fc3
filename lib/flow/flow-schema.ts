import { z } from "zod";
import { ZFlowInput } from "./flow-inputs";
import { ZCheck, ZConcurrency, ZFlowOutput, ZListener, ZPluginDefault, ZSla, ZTrigger } from "./flow-parts";
import { ZFlowLabels } from "./labels";
import { ZId, ZRetry } from "./task-types/common";
import { TASK_TYPES, ZTask } from "./task-types";

export { ZTask };

export const ZNamespace = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[a-zA-Z0-9][a-zA-Z0-9_-]*)*$/, "must be dot-separated ids, e.g. `company.team`")
  .max(150);

const ZTasks = z.array(ZTask);

/** Every top-level key of a Kestra flow; any other key is refused at its line. */
export const ZFlow = z
  .object({
    id: ZId.describe("Id of the flow, unique within its namespace."),
    namespace: ZNamespace.describe("Dot-separated namespace, e.g. `company.team`."),
    revision: z.number().int().min(1).optional().describe("Set by the server; accepted and ignored."),
    description: z.string().optional().describe("What the flow does (Markdown)."),
    labels: ZFlowLabels.optional(),
    inputs: z
      .array(ZFlowInput)
      .optional()
      .describe("Values given when the flow is run; read them as `{{ inputs.<id> }}`."),
    variables: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Constants of the flow; read them as `{{ vars.<name> }}`."),
    tasks: ZTasks.min(1, "a flow needs at least one task").describe("Tasks run one after another."),
    errors: ZTasks.nullish().describe("Tasks run when a task of `tasks` fails; the execution still ends FAILED."),
    finally: ZTasks.nullish().describe("Tasks run at the end, whether the tasks succeeded or failed."),
    afterExecution: ZTasks.nullish().describe(
      "Tasks run once the execution has its final state (read it as `{{ execution.state }}`).",
    ),
    listeners: z.array(ZListener).optional().describe("Deprecated: use `afterExecution`."),
    triggers: z.array(ZTrigger).optional().describe("What starts the flow besides a manual run."),
    pluginDefaults: z
      .array(ZPluginDefault)
      .optional()
      .describe("Default property values for tasks by type; they apply before validation."),
    taskDefaults: z.array(ZPluginDefault).optional().describe("Deprecated name of `pluginDefaults`."),
    concurrency: ZConcurrency.optional(),
    outputs: z
      .array(ZFlowOutput)
      .optional()
      .describe(
        "Values the execution gives when it ends (`execution.outputs`; a parent flow reads them from its Subflow task).",
      ),
    retry: ZRetry.optional().describe("Retry for every task that has none of its own."),
    disabled: z.boolean().optional().describe("When true the flow cannot be run."),
    sla: z
      .array(ZSla)
      .optional()
      .describe(
        "Service levels: MAX_DURATION ends a run that takes too long, EXECUTION_ASSERTION checks `assert` at the end; behavior FAIL, CANCEL or NONE (labels and a log line only).",
      ),
    checks: z.array(ZCheck).optional().describe("Conditions checked before an execution is created."),
  })
  .strict()
  .describe("An Osprey (Kestra-compatible) flow.");

/** A validated task: the common properties typed, the rest as its definition's schema allows. */
export type TTask = { id: string; type: string; description?: string; disabled?: boolean } & Record<string, unknown>;

type TParsed = z.infer<typeof ZFlow>;

/** The parsed flow: aliases canonical, pluginDefaults applied, labels as a list. */
export type TFlow = Omit<TParsed, "tasks" | "errors" | "finally" | "afterExecution"> & {
  tasks: TTask[];
  errors?: TTask[];
  finally?: TTask[];
  afterExecution?: TTask[];
};

export { TASK_TYPES };
