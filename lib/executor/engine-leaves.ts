import type { ExecutionSession } from "./execution-session";
import type { StoredRun } from "./stored-run";
import { type CoreTaskRunner, coreTaskRunner } from "./tasks/core-tasks";
import { runFetchLogsTask } from "./tasks/fetch-logs-task";
import { kvHttpRunner } from "./tasks/kv-http-runners";
import { runLabelsTask } from "./tasks/labels-task";
import { runPauseTask } from "./tasks/pause-task";
import { runSubflowTask } from "./tasks/subflow-task";

/** Tasks the engine carries out itself (no container): core tasks, and those that need the execution. */
export function engineLeafRunner(type: string, session: ExecutionSession, run: StoredRun): CoreTaskRunner | undefined {
  switch (type) {
    case "io.kestra.plugin.core.flow.Subflow":
      return (ctx, task) => runSubflowTask(ctx, task, JSON.parse(run.outputs ?? "{}") as { executionId?: string }, session.execution);
    case "io.kestra.plugin.core.flow.Pause":
      return runPauseTask;
    case "io.kestra.plugin.core.execution.Labels":
      return runLabelsTask;
    case "io.kestra.plugin.core.log.Fetch":
      return runFetchLogsTask;
    default:
      return coreTaskRunner(type) ?? kvHttpRunner(type, { namespace: session.execution.namespace, flowId: session.execution.flowId, taskRunValue: run.value });
  }
}
