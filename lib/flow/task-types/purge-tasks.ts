import { z } from "zod";
import { KESTRA_STATE_NAMES } from "../../states/states";
import { ZBool, ZNumber, ZStringList } from "./common";
import { engineTask } from "./engine-task";
import { LOG_LEVELS } from "./log";

// Kestra's housekeeping tasks (core, since 0.18–1.0): executions, logs and KV entries a flow may
// remove in its own namespace and those below it (or one that allows it).

const ZDate = z.string().describe("An ISO-8601 date-time, e.g. `{{ now() | dateAdd(-1, 'MONTHS') }}`.");
const scope = {
  namespace: z
    .string()
    .optional()
    .describe("Only this namespace and those below it. Default: the flow's own namespace and those below it."),
  flowId: z.string().optional().describe("Only this flow's (with `namespace`)."),
  startDate: ZDate.optional().describe("Only those started at or after this date."),
  endDate: ZDate.describe("Only those started before this date (required)."),
};

export const purgeTasks = [
  engineTask(
    "core",
    "io.kestra.plugin.core.execution.PurgeExecutions",
    "Purge executions",
    "Delete ended executions (and their logs and files): `outputs.<id>.executionsCount`, `.logsCount`, `.storagesCount`, `.metricsCount`. Running ones are never touched.",
    {
      ...scope,
      states: z
        .array(z.enum(KESTRA_STATE_NAMES))
        .optional()
        .describe("Only executions in these states. Default: every ended state."),
      purgeExecution: ZBool.optional().describe("Delete the executions themselves. Default true."),
      purgeLog: ZBool.optional().describe("Delete their logs. Default true."),
      purgeMetric: ZBool.optional().describe("Delete their metrics. Default true."),
      purgeStorage: ZBool.optional().describe("Delete their files. Default true."),
      batchSize: ZNumber.optional().describe("Executions deleted per batch. Default 100."),
    },
  ),
  engineTask(
    "core",
    "io.kestra.plugin.core.log.PurgeLogs",
    "Purge logs",
    "Delete the logs of ended executions: `outputs.<id>.count` (lines).",
    {
      ...scope,
      executionId: z.string().optional().describe("Only this execution's."),
      logLevels: z
        .array(z.enum(LOG_LEVELS))
        .optional()
        .describe("Only lines of these levels: refused, Osprey stores a task's lines together."),
      purgeExecutionLogs: ZBool.optional().describe("Delete executions' logs. Default true."),
      purgeNonExecutionLogs: ZBool.optional().describe("Accepted: Osprey keeps logs only with executions."),
      batchSize: ZNumber.optional(),
    },
  ),
  engineTask(
    "core",
    "io.kestra.plugin.core.kv.PurgeKV",
    "Purge KV entries",
    "Delete KV entries (by default only expired ones): `outputs.<id>.size`.",
    {
      keyPattern: z.string().optional().describe("A glob over keys, e.g. `tmp_*`. Default: every key."),
      namespaces: ZStringList.optional().describe("These namespaces. Default: the flow's own."),
      namespacePattern: z.string().optional().describe("A glob over namespaces (not with `namespaces`)."),
      includeChildNamespaces: ZBool.optional().describe("Their child namespaces too. Default true."),
      behavior: z
        .object({
          type: z.enum(["key", "version"]),
          expiredOnly: ZBool.optional().describe("Only expired keys. Default true."),
          before: z.string().optional(),
          keepAmount: ZNumber.optional(),
        })
        .strict()
        .optional()
        .describe(
          "`{type: key, expiredOnly}` (default: expired keys only); `version` keeps the latest of each key, which is all Osprey keeps.",
        ),
      expiredOnly: ZBool.optional().describe("Deprecated: `behavior.expiredOnly`."),
    },
  ),
  engineTask(
    "core",
    "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles",
    "Purge this execution's files",
    "Delete the files this execution stored so far: `outputs.<id>.uris`.",
    {},
  ),
];
