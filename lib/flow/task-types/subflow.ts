import { z } from "zod";
import { ZBool, ZLabelsInput, ZNumber } from "./common";
import { engineTask } from "./engine-task";

const FLOW = "io.kestra.plugin.core.flow";

/** What Subflow and ForEachItem say about the executions they start. */
const childExecutionShape = {
  namespace: z
    .string()
    .min(1)
    .describe("Namespace of the flow to run: this flow's, one below it, or one that allows this flow's."),
  flowId: z.string().min(1).describe("Id of the flow to run."),
  revision: z.number().int().min(1).optional().describe("Revision of the flow; default the latest."),
  inputs: z.record(z.string(), z.unknown()).optional().describe("Inputs given to the flow."),
  labels: ZLabelsInput.optional().describe("Labels of the new execution."),
  wait: ZBool.default(true).describe("Wait for the execution to end (default true)."),
  transmitFailed: ZBool.default(true).describe("When waiting, a failed execution fails this task (default true)."),
  inheritLabels: ZBool.default(false).describe("Give the new execution this execution's labels (default false)."),
  scheduleDate: z.string().optional().describe("When the new execution starts (date-time)."),
};

export const subflowTask = engineTask(
  "executable",
  `${FLOW}.Subflow`,
  "Subflow",
  "Run another flow; its outputs are `{{ outputs.<id>.outputs.<output> }}`.",
  {
    ...childExecutionShape,
    outputs: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Deprecated: declare outputs on the subflow itself."),
  },
);

export const forEachItemTask = engineTask(
  "executable",
  `${FLOW}.ForEachItem`,
  "For Each Item",
  "Split a file into batches and run a flow for each batch.",
  {
    items: z.string().min(1).describe("URI of the file to split, e.g. `{{ outputs.extract.uri }}`."),
    batch: z
      .object({
        rows: ZNumber.optional().describe("Rows per batch. Default 1."),
        bytes: z.string().optional().describe("Size per batch, e.g. `10MB`."),
        partitions: ZNumber.optional().describe("Number of batches."),
        separator: z.string().optional().describe("Line separator. Default `\\n`."),
      })
      .strict()
      .optional()
      .describe("How the file is split."),
    ...childExecutionShape,
  },
);

export const executableTasks = [subflowTask, forEachItemTask];
