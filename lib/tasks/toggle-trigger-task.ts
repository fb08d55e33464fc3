import { AppError } from "../errors/app-error";
import { mayReach } from "../namespaces/namespace-access";
import { setTriggerDisabled } from "../triggers/trigger-state-toggle";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import type { CurrentFlow } from "./resume-task";
import { log } from "./task-context";
import { State } from "../states/states";

/**
 * io.kestra.plugin.core.trigger.Toggle: switches a trigger on or off at run time (the trigger's
 * row, as the Triggers page does; the YAML is untouched). `namespace` and `flowId` default to this
 * flow's; `enabled` defaults to false, as in Kestra. The flow must exist, not be deleted, and be in
 * a namespace this flow may reach (lib/namespaces).
 */
export const runToggleTask =
  (current: CurrentFlow): CoreTaskRunner =>
  async (ctx, task) => {
    const namespace =
      task.namespace === undefined || task.namespace === null ? current.namespace : String(task.namespace);
    const flowId = task.flowId === undefined || task.flowId === null ? current.flowId : String(task.flowId);
    const trigger = String(task.trigger);
    const enabled = toBool(task.enabled, "enabled", false);
    // A flow out of this namespace's reach reads as missing (checked first: nothing of it is read).
    const flow = (await mayReach(ctx.deps.db, current.namespace, namespace))
      ? await ctx.deps.db.flow.findUnique({
          where: { namespace_flowId: { namespace, flowId } },
          select: { deleted: true },
        })
      : null;
    if (!flow || flow.deleted) {
      return {
        state: State.FAILED,
        error: `Unable to find flow ${namespace}.${flowId}. Make sure the flow exists and the current execution is authorized to access it.`,
        outputs: {},
      };
    }
    try {
      await setTriggerDisabled(ctx.deps.db, namespace, flowId, trigger, !enabled);
    } catch (err) {
      if (AppError.is(err) && err.code === "NOT_FOUND")
        return {
          state: State.FAILED,
          error: `Unable to find trigger ${trigger} for the flow ${namespace}.${flowId}`,
          outputs: {},
        };
      throw err;
    }
    log(ctx, `Trigger ${trigger} of ${namespace}.${flowId} ${enabled ? "enabled" : "disabled"}`, "INFO", "system");
    return { state: State.SUCCESS, outputs: {} };
  };
