import { mayReach } from "../namespaces/namespace-access";
import { resumeExecution } from "../executions/resume-execution";
import type { CoreTaskRunner } from "./core-tasks";
import { log } from "./task-context";
import { State } from "../states/states";

/** The flow the running execution belongs to: the default target and the reach of a Resume. */
export interface CurrentFlow {
  namespace: string;
  flowId: string;
}

/**
 * io.kestra.plugin.core.execution.Resume, as Kestra's `executionFromTaskParameters`: no
 * `executionId` resumes the current execution; `namespace` and `flowId` go together and only with
 * `executionId`. Without them the execution must be of this flow's namespace; with them it must be
 * of that flow, in a namespace this flow may reach (lib/namespaces). No outputs.
 */
export const runResumeTask =
  (current: CurrentFlow): CoreTaskRunner =>
  async (ctx, task) => {
    const given = (key: string) => (task[key] === undefined || task[key] === null ? undefined : String(task[key]));
    const [namespace, flowId, executionId] = [given("namespace"), given("flowId"), given("executionId")];
    if (executionId === undefined && (namespace !== undefined || flowId !== undefined)) {
      return {
        state: State.FAILED,
        error: "`namespace` and `flowId` should only be set when `executionId` is set.",
        outputs: {},
      };
    }
    if ((namespace === undefined) !== (flowId === undefined)) {
      return {
        state: State.FAILED,
        error: "Both `namespace` and `flowId` must be set when `executionId` is set.",
        outputs: {},
      };
    }
    const id = executionId ?? ctx.executionId;
    const target = await ctx.deps.db.execution.findUnique({ where: { id }, select: { namespace: true, flowId: true } });
    const named =
      target &&
      (flowId !== undefined
        ? target.namespace === namespace && target.flowId === flowId
        : target.namespace === current.namespace);
    // An execution out of reach reads as missing: the error tells nothing of other namespaces.
    if (!named || !(await mayReach(ctx.deps.db, current.namespace, target.namespace)))
      return { state: State.FAILED, error: `No execution found for execution id ${id}`, outputs: {} };
    await resumeExecution(ctx.deps.db, id, (task.inputs ?? {}) as Record<string, unknown>, ctx.deps.bus);
    log(ctx, `Resumed execution ${id}`, "INFO", "system");
    ctx.deps.executions?.wake();
    return { state: State.SUCCESS, outputs: {} };
  };
