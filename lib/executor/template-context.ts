import type { TemplateContext } from "../template/render";

/** Kestra's expression variables for one task run. */
export function templateContext(args: {
  execution: { id: string; namespace: string; flowId: string; flowRevision: number; createdAt: Date };
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  taskRun: { id: string; taskId: string; taskType: string; attempt: number; startedAt: Date };
  workingDir: string;
  outputDir: string;
}): Omit<TemplateContext, "secret"> {
  const { execution, taskRun } = args;
  return {
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision },
    execution: { id: execution.id, startDate: execution.createdAt.toISOString() },
    inputs: args.inputs,
    outputs: args.outputs,
    taskrun: { id: taskRun.id, startDate: taskRun.startedAt.toISOString(), attemptsCount: taskRun.attempt },
    task: { id: taskRun.taskId, type: taskRun.taskType },
    workingDir: args.workingDir,
    outputDir: args.outputDir,
  };
}
