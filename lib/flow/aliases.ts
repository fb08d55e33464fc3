import { PLUGIN_ALIASES } from "../plugins/schemas";
import { PLUGIN_TRIGGER_ALIASES } from "../plugins/trigger-schemas";

/**
 * Kestra's old type names and the type each now is: every `@Plugin(aliases = …)` on the classes
 * under core/src/main/java/io/kestra/plugin/core of kestra-io/kestra (0.21, commit 58c1ca2d).
 * A flow may use either name; the parsed flow has the canonical one. Types Osprey lacks are
 * listed too, so the refusal names the type as Kestra knows it today.
 */
export const CORE_ALIASES: Readonly<Record<string, string>> = {
  "io.kestra.core.models.conditions.types.DateTimeBetweenCondition": "io.kestra.plugin.core.condition.DateTimeBetween",
  "io.kestra.plugin.core.condition.DateTimeBetweenCondition": "io.kestra.plugin.core.condition.DateTimeBetween",
  "io.kestra.core.models.conditions.types.DayWeekCondition": "io.kestra.plugin.core.condition.DayWeek",
  "io.kestra.plugin.core.condition.DayWeekCondition": "io.kestra.plugin.core.condition.DayWeek",
  "io.kestra.core.models.conditions.types.DayWeekInMonthCondition": "io.kestra.plugin.core.condition.DayWeekInMonth",
  "io.kestra.plugin.core.condition.DayWeekInMonthCondition": "io.kestra.plugin.core.condition.DayWeekInMonth",
  "io.kestra.core.models.conditions.types.ExecutionFlowCondition": "io.kestra.plugin.core.condition.ExecutionFlow",
  "io.kestra.plugin.core.condition.ExecutionFlowCondition": "io.kestra.plugin.core.condition.ExecutionFlow",
  "io.kestra.core.models.conditions.types.ExecutionLabelsCondition": "io.kestra.plugin.core.condition.ExecutionLabels",
  "io.kestra.plugin.core.condition.ExecutionLabelsCondition": "io.kestra.plugin.core.condition.ExecutionLabels",
  "io.kestra.core.models.conditions.types.ExecutionNamespaceCondition":
    "io.kestra.plugin.core.condition.ExecutionNamespace",
  "io.kestra.plugin.core.condition.ExecutionNamespaceCondition": "io.kestra.plugin.core.condition.ExecutionNamespace",
  "io.kestra.core.models.conditions.types.ExecutionOutputsCondition":
    "io.kestra.plugin.core.condition.ExecutionOutputs",
  "io.kestra.plugin.core.condition.ExecutionOutputsCondition": "io.kestra.plugin.core.condition.ExecutionOutputs",
  "io.kestra.core.models.conditions.types.ExecutionStatusCondition": "io.kestra.plugin.core.condition.ExecutionStatus",
  "io.kestra.plugin.core.condition.ExecutionStatusCondition": "io.kestra.plugin.core.condition.ExecutionStatus",
  "io.kestra.core.models.conditions.types.VariableCondition": "io.kestra.plugin.core.condition.Expression",
  "io.kestra.plugin.core.condition.ExpressionCondition": "io.kestra.plugin.core.condition.Expression",
  "io.kestra.core.models.conditions.types.FlowCondition": "io.kestra.plugin.core.condition.FlowCondition",
  "io.kestra.core.models.conditions.types.FlowNamespaceCondition":
    "io.kestra.plugin.core.condition.FlowNamespaceCondition",
  "io.kestra.core.models.conditions.types.HasRetryAttemptCondition": "io.kestra.plugin.core.condition.HasRetryAttempt",
  "io.kestra.plugin.core.condition.HasRetryAttemptCondition": "io.kestra.plugin.core.condition.HasRetryAttempt",
  "io.kestra.core.models.conditions.types.MultipleCondition": "io.kestra.plugin.core.condition.MultipleCondition",
  "io.kestra.core.models.conditions.types.NotCondition": "io.kestra.plugin.core.condition.Not",
  "io.kestra.plugin.core.condition.NotCondition": "io.kestra.plugin.core.condition.Not",
  "io.kestra.core.models.conditions.types.OrCondition": "io.kestra.plugin.core.condition.Or",
  "io.kestra.plugin.core.condition.OrCondition": "io.kestra.plugin.core.condition.Or",
  "io.kestra.core.models.conditions.types.PublicHolidayCondition": "io.kestra.plugin.core.condition.PublicHoliday",
  "io.kestra.plugin.core.condition.PublicHolidayCondition": "io.kestra.plugin.core.condition.PublicHoliday",
  "io.kestra.core.models.conditions.types.TimeBetweenCondition": "io.kestra.plugin.core.condition.TimeBetween",
  "io.kestra.plugin.core.condition.TimeBetweenCondition": "io.kestra.plugin.core.condition.TimeBetween",
  "io.kestra.core.models.conditions.types.WeekendCondition": "io.kestra.plugin.core.condition.Weekend",
  "io.kestra.plugin.core.condition.WeekendCondition": "io.kestra.plugin.core.condition.Weekend",
  "io.kestra.core.tasks.debugs.Echo": "io.kestra.plugin.core.debug.Echo",
  "io.kestra.core.tasks.debugs.Return": "io.kestra.plugin.core.debug.Return",
  "io.kestra.core.tasks.executions.Counts": "io.kestra.plugin.core.execution.Count",
  "io.kestra.core.tasks.executions.Fail": "io.kestra.plugin.core.execution.Fail",
  "io.kestra.core.tasks.executions.Labels": "io.kestra.plugin.core.execution.Labels",
  "io.kestra.core.tasks.storages.Purge": "io.kestra.plugin.core.execution.PurgeExecutions",
  "io.kestra.plugin.core.storage.Purge": "io.kestra.plugin.core.execution.PurgeExecutions",
  "io.kestra.core.tasks.flows.AllowFailure": "io.kestra.plugin.core.flow.AllowFailure",
  "io.kestra.core.tasks.flows.Dag": "io.kestra.plugin.core.flow.Dag",
  "io.kestra.core.tasks.flows.EachParallel": "io.kestra.plugin.core.flow.EachParallel",
  "io.kestra.core.tasks.flows.EachSequential": "io.kestra.plugin.core.flow.EachSequential",
  "io.kestra.core.tasks.flows.ForEachItem": "io.kestra.plugin.core.flow.ForEachItem",
  "io.kestra.core.tasks.flows.If": "io.kestra.plugin.core.flow.If",
  "io.kestra.core.tasks.flows.Parallel": "io.kestra.plugin.core.flow.Parallel",
  "io.kestra.core.tasks.flows.Pause": "io.kestra.plugin.core.flow.Pause",
  "io.kestra.core.tasks.flows.Sequential": "io.kestra.plugin.core.flow.Sequential",
  "io.kestra.core.tasks.flows.Subflow": "io.kestra.plugin.core.flow.Subflow",
  "io.kestra.core.tasks.flows.Flow": "io.kestra.plugin.core.flow.Subflow",
  "io.kestra.core.tasks.flows.Switch": "io.kestra.plugin.core.flow.Switch",
  "io.kestra.core.tasks.flows.Template": "io.kestra.plugin.core.flow.Template",
  // Kestra 1.x renamed WaitFor to LoopUntil (keeping WaitFor as its alias): the same task here.
  "io.kestra.plugin.core.flow.LoopUntil": "io.kestra.plugin.core.flow.WaitFor",
  "io.kestra.core.tasks.flows.WorkingDirectory": "io.kestra.plugin.core.flow.WorkingDirectory",
  "io.kestra.core.tasks.flows.Worker": "io.kestra.plugin.core.flow.WorkingDirectory",
  "io.kestra.plugin.fs.http.Download": "io.kestra.plugin.core.http.Download",
  "io.kestra.plugin.fs.http.Request": "io.kestra.plugin.core.http.Request",
  "io.kestra.plugin.fs.http.Trigger": "io.kestra.plugin.core.http.Trigger",
  "io.kestra.core.tasks.log.Fetch": "io.kestra.plugin.core.log.Fetch",
  "io.kestra.core.tasks.log.Log": "io.kestra.plugin.core.log.Log",
  "io.kestra.core.tasks.states.Delete": "io.kestra.plugin.core.state.Delete",
  "io.kestra.core.tasks.states.Get": "io.kestra.plugin.core.state.Get",
  "io.kestra.core.tasks.states.Set": "io.kestra.plugin.core.state.Set",
  "io.kestra.core.tasks.storages.Concat": "io.kestra.plugin.core.storage.Concat",
  "io.kestra.core.tasks.storages.DeduplicateItems": "io.kestra.plugin.core.storage.DeduplicateItems",
  "io.kestra.core.tasks.storages.Delete": "io.kestra.plugin.core.storage.Delete",
  "io.kestra.core.tasks.storages.FilterItems": "io.kestra.plugin.core.storage.FilterItems",
  "io.kestra.core.tasks.storages.LocalFiles": "io.kestra.plugin.core.storage.LocalFiles",
  "io.kestra.core.tasks.storages.PurgeExecution": "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles",
  "io.kestra.plugin.core.storage.PurgeExecution": "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles",
  "io.kestra.core.tasks.storages.Reverse": "io.kestra.plugin.core.storage.Reverse",
  "io.kestra.core.tasks.storages.Size": "io.kestra.plugin.core.storage.Size",
  "io.kestra.core.tasks.storages.Split": "io.kestra.plugin.core.storage.Split",
  "io.kestra.core.tasks.templating.TemplatedTask": "io.kestra.plugin.core.templating.TemplatedTask",
  "io.kestra.core.models.triggers.types.Flow": "io.kestra.plugin.core.trigger.Flow",
  "io.kestra.core.models.triggers.types.Schedule": "io.kestra.plugin.core.trigger.Schedule",
  "io.kestra.core.tasks.trigger.Toggle": "io.kestra.plugin.core.trigger.Toggle",
  "io.kestra.core.models.triggers.types.Webhook": "io.kestra.plugin.core.trigger.Webhook",
};

/** Kestra's Docker plugin moved every task to `io.kestra.plugin.docker.cli` (1.x), keeping the old names as
 *  aliases; Osprey's types keep the old names, so today's are read as them. */
const DOCKER_CLI_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  ["Build", "Run", "Pull", "Tag", "Push", "Rm", "Stop", "ImageLs", "Prune", "Compose"].map((name) => [
    `io.kestra.plugin.docker.cli.${name}`,
    `io.kestra.plugin.docker.${name}`,
  ]),
);

/** Core's old names, Docker's new ones, and those of the plugin families (each family lists its own). */
export const KESTRA_ALIASES: Readonly<Record<string, string>> = {
  ...CORE_ALIASES,
  ...DOCKER_CLI_ALIASES,
  ...PLUGIN_ALIASES,
  ...PLUGIN_TRIGGER_ALIASES,
};

/** The canonical type for `type`: itself unless it is an old name. */
export function canonicalType(type: string): string {
  return Object.hasOwn(KESTRA_ALIASES, type) ? KESTRA_ALIASES[type] : type;
}

/** Old names of `type`, e.g. for the editor to show. */
export function aliasesOf(type: string): string[] {
  return Object.keys(KESTRA_ALIASES).filter((alias) => KESTRA_ALIASES[alias] === type);
}
