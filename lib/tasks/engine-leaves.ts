import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";
import { type CoreTaskRunner, coreTaskRunner } from "./core-tasks";
import { runFetchLogsTask } from "./fetch-logs-task";
import { runForEachItemTask } from "./for-each-item-task";
import { kvHttpRunner } from "./kv-http-runners";
import { runLabelsTask } from "./labels-task";
import { runPauseTask } from "./pause-task";
import { runResumeTask } from "./resume-task";
import { PER_ITEM_EXPRESSION, storageItemsRunner } from "./storage-items";
import { STORAGE_TASK_RUNNERS } from "./storage-tasks";
import { runSubflowTask } from "./subflow-task";
import { runToggleTask } from "./toggle-trigger-task";
import { pluginRunner } from "../plugins/runners";
import { pluginLeaf } from "./plugin-leaf";
import { DOCKER_TASK_RUNNERS } from "./docker-task-runners";
import { purgeCurrentExecutionFiles, purgeExecutions, purgeKv, purgeLogs } from "./purge-tasks";

/** Tasks the engine carries out itself (no container): core tasks, and those that need the execution. */
export function engineLeafRunner(type: string, session: ExecutionSession, run: StoredRun): CoreTaskRunner | undefined {
  switch (type) {
    case "io.kestra.plugin.core.flow.Subflow":
      // Its deprecated `outputs` are rendered later, against the child: passed as written.
      return (ctx, task) =>
        runSubflowTask(
          ctx,
          { ...task, outputs: session.tasks.get(run.taskId)?.outputs },
          JSON.parse(run.outputs ?? "{}") as { executionId?: string },
          session.execution,
        );
    case FOR_EACH_ITEM:
      return (ctx, task) => runForEachItemTask(ctx, task, session, run);
    case "io.kestra.plugin.core.flow.Pause":
      return runPauseTask;
    case "io.kestra.plugin.core.execution.PurgeExecutions":
      return purgeExecutions(session.execution.namespace);
    case "io.kestra.plugin.core.log.PurgeLogs":
      return purgeLogs(session.execution.namespace);
    case "io.kestra.plugin.core.kv.PurgeKV":
      return purgeKv(session.execution.namespace);
    case "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles":
      return purgeCurrentExecutionFiles;
    case LABELS:
      return runLabelsTask;
    case "io.kestra.plugin.core.log.Fetch":
      return runFetchLogsTask;
    case "io.kestra.plugin.core.execution.Resume":
      return runResumeTask(session.execution);
    case "io.kestra.plugin.core.trigger.Toggle":
      return runToggleTask(session.execution);
    default:
      return (
        coreTaskRunner(type) ??
        STORAGE_TASK_RUNNERS[type] ??
        storageItemsRunner(type, session.tasks.get(run.taskId)) ??
        kvHttpRunner(type, {
          namespace: session.execution.namespace,
          flowId: session.execution.flowId,
          taskRunValue: run.value,
        }) ??
        DOCKER_TASK_RUNNERS[type] ??
        pluginOf(type, session)
      );
  }
}

function pluginOf(type: string, session: ExecutionSession): CoreTaskRunner | undefined {
  const run = pluginRunner(type);
  return run && pluginLeaf(run, session);
}

const FOR_EACH_ITEM = "io.kestra.plugin.core.flow.ForEachItem";

/**
 * A task's properties rendered before it runs: all but those it renders itself (ForEachItem's
 * `inputs`, once per batch; Subflow's deprecated `outputs`, against the child once it has ended).
 */
export function propertiesRenderedFirst(task: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, type, ...props } = task;
  if (type === FOR_EACH_ITEM) delete props.inputs;
  if (type === SUBFLOW) delete props.outputs;
  // DeduplicateItems' `expr` and FilterItems' `filterCondition` are rendered per item, against it.
  const perItem = PER_ITEM_EXPRESSION[String(type)];
  if (perItem) delete props[perItem];
  // Kestra's Labels renders a map's keys too: as a list of {key, value}, both are rendered.
  if (type === LABELS && isPlainMap(props.labels))
    props.labels = Object.entries(props.labels).map(([key, value]) => ({ key, value }));
  return props;
}

const SUBFLOW = "io.kestra.plugin.core.flow.Subflow";
const LABELS = "io.kestra.plugin.core.execution.Labels";

const isPlainMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
